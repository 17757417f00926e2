/**
 * Large configuration files of each boot-loader format, entry after entry
 * until a size is reached, with the number of entries written. Shared by the
 * fuzz project's 10 MB tests and the parser benchmark (scripts/bench/
 * parsers.mjs loads this file with loadTs), so both measure the same input.
 * No test framework here.
 */

export const TEN_MB = 10_000_000;

/** `head`, then item(0), item(1), ... until the text reaches `bytes`, then `tail`. */
export function tenMegabytes(head: string, item: (i: number) => string, tail = '', bytes = TEN_MB): { text: string; count: number } {
  const parts = [head];
  let size = head.length + tail.length;
  let count = 0;
  while (size < bytes) {
    const s = item(count++);
    parts.push(s);
    size += s.length;
  }
  parts.push(tail);
  return { text: parts.join(''), count };
}

const v = (i: number): string => `6.1.${i}-1.x86_64`;

/** Each format's generator: a file of at least `bytes` characters and its entry count. */
export const CONFIGS = {
  /** grub-mkconfig's shape of a menuentry (10_linux), with the saved_entry default line. */
  grub2: (bytes: number) => tenMegabytes('set default="${saved_entry}"\n', (i) =>
    `menuentry 'Linux (${v(i)})' --class os --id 'gnulinux-${v(i)}-advanced' {\n\tload_video\n\tinsmod gzio\n\tlinux /vmlinuz-${v(i)} root=/dev/mapper/rl-root ro quiet\n\tinitrd /initramfs-${v(i)}.img\n}\n`, '', bytes),
  grubLegacy: (bytes: number) => tenMegabytes('default=0\ntimeout=5\n', (i) =>
    `title Linux (${v(i)})\n\troot (hd0,0)\n\tkernel /vmlinuz-${v(i)} ro root=/dev/sda1\n\tinitrd /initrd-${v(i)}.img\n`, '', bytes),
  lilo: (bytes: number) => tenMegabytes('boot=/dev/sda\nmap=/boot/map\n', (i) =>
    `image=/boot/vmlinuz-${v(i)}\n\tlabel=l${i}\n\tinitrd=/boot/initrd-${v(i)}.img\n\tappend="quiet"\n`, '', bytes),
  extlinux: (bytes: number) => tenMegabytes('UI menu.c32\nTIMEOUT 50\n', (i) =>
    `LABEL l${i}\n\tMENU LABEL Linux ${v(i)}\n\tKERNEL /vmlinuz-${v(i)}\n\tINITRD /initramfs-${v(i)}.img\n\tAPPEND ro quiet\n`, '', bytes),
  /** One BLS entry file with a key a line (the format has no entries inside a file; its size is what grows). */
  bls: (bytes: number) => tenMegabytes('', (i) => (i % 2 ? `initrd /initramfs-${v(i)}.img\n` : `options root=/dev/mapper/rl-root ro crashkernel=auto ${i}\n`), '', bytes),
} as const;
