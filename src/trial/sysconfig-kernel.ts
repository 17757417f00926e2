/**
 * /etc/sysconfig/kernel on RHEL and Fedora: UPDATEDEFAULT=yes makes grubby
 * (new-kernel-pkg, and kernel-install's 20-grub.install through grubby
 * --set-default) make every newly installed kernel the default. During a
 * trial that would move saved_entry off the known-good kernel before the
 * verdict, so saferpm sets UPDATEDEFAULT=no until then and puts the line
 * back afterwards. Pure.
 */

export const SYSCONFIG_KERNEL = '/etc/sysconfig/kernel';

const LINE = /^\s*UPDATEDEFAULT\s*=\s*"?([^"\s#]*)"?.*$/m;

/** The UPDATEDEFAULT line as written, and whether it says yes. */
export function updateDefaultLine(text: string): { line: string; yes: boolean } | undefined {
  const m = LINE.exec(text);
  if (!m) return undefined;
  return { line: m[0], yes: /^(yes|y|true|1)$/i.test(m[1] ?? '') };
}

/** The text with that line replaced by `replacement`. */
export function replaceUpdateDefault(text: string, line: string, replacement: string): string {
  const i = text.indexOf(line);
  return i < 0 ? text : text.slice(0, i) + replacement + text.slice(i + line.length);
}
