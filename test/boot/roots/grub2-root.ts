/**
 * A RHEL-like root whose /boot GRUB 2 (BIOS) reads: grub2/grub.cfg as
 * grub2-mkconfig writes it and grub2/grubenv written by the real
 * grub-editenv, as grub2-set-default and grub2-reboot do.
 */
import path from 'node:path';
import { execa } from 'execa';
import { grubCfg } from './grub2-mkconfig.js';
import { bootPlaceholders, systemFiles, write, type BootLayout } from './system.js';

export interface Grub2RootOptions {
  layout: BootLayout;
  /** The menu (grub.cfg's 10_linux part): menuentry()/submenu() text. */
  menu: string;
  /** grubenv variables (saved_entry, next_entry), set with grub-editenv. */
  env: Record<string, string>;
}

export async function grub2Root(root: string, o: Grub2RootOptions): Promise<void> {
  systemFiles(root, o.layout);
  bootPlaceholders(root);
  write(root, 'boot/grub2/grub.cfg', grubCfg(o.menu));
  const env = path.join(root, 'boot/grub2/grubenv');
  await execa('grub-editenv', [env, 'create']);
  const pairs = Object.entries(o.env).map(([k, v]) => `${k}=${v}`);
  if (pairs.length) await execa('grub-editenv', [env, 'set', ...pairs]);
}
