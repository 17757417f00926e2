/** grubenv's variables: after the "# GRUB Environment Block" header, name=value lines, then '#' padding to 1024 bytes. */
export function grubenvVars(block: Buffer | string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of block.toString('utf8').split('\n')) {
    if (line.startsWith('#') || !line.includes('=')) continue;
    const at = line.indexOf('=');
    vars[line.slice(0, at)] = line.slice(at + 1);
  }
  return vars;
}
