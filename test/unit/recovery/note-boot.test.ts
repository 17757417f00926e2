import { describe, expect, it } from 'vitest';
import { defaultLineOf } from '../../../src/recovery/note/boot.js';

describe('the line that sets the default', () => {
  it('GRUB 2: the last set default= before the first menuentry', () => {
    const cfg = [
      'if [ "${next_entry}" ] ; then', '   set default="${next_entry}"', 'else', '   set default="0"', 'fi',
      'menuentry "A" {', '  set default=1', '}',
    ].join('\n');
    expect(defaultLineOf('grub2', cfg)).toBe(4);
  });

  it('GRUB legacy: default=N and default N; a commented line does not count', () => {
    expect(defaultLineOf('grub-legacy', '#default=3\ntimeout=5\ndefault 1\ntitle A\n')).toBe(3);
  });

  it('extlinux keywords are case-insensitive; a label line ends the search', () => {
    expect(defaultLineOf('extlinux', 'PROMPT 1\nDEFAULT old\nLABEL old\n  default x\n')).toBe(2);
  });

  it('LILO: none before the first image= means undefined', () => {
    expect(defaultLineOf('lilo', 'boot=/dev/sda\nimage=/boot/vmlinuz\n  label=a\ndefault=a\n')).toBeUndefined();
  });
});
