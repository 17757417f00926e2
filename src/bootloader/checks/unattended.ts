/**
 * An unattended reboot must come back without anyone at the console: the
 * menu must count down to its default, and the entry it boots must not ask
 * for a password. The loader-specific rules are read by the parsers
 * (UnattendedBoot): GRUB 2 `timeout` (-1 or unset waits forever, GRUB
 * manual "timeout"), GRUB legacy without `timeout`, LILO `prompt` without
 * `timeout` (lilo.conf(5)); GRUB 2 `superusers` with an entry that lacks
 * --unrestricted (GRUB manual, "Authentication and authorisation").
 */
import { LOADER_NAMES } from '../model.js';
import { where } from './files.js';
import { fail, pass, skip, type Check } from './types.js';

export const bootsUnattended: Check = {
  id: 'unattended',
  title: 'The boot loader boots on its own, without a key or a password',
  level: 'required',
  run: (ctx) => {
    const c = ctx.config;
    const u = c?.unattended;
    if (!c || !u) return skip(c ? `not read for ${LOADER_NAMES[c.loader]}` : 'no boot loader configuration was read');
    const at = `${u.file}${u.line ? `:${u.line}` : ''}`;
    if (u.waits) return fail(`${u.note}: an unattended reboot never comes back`, `${at}: the boot menu waits for a key (no timeout)`);
    const e = ctx.nextEntry;
    const locked = e?.restricted === true && (u.passwordSet !== undefined || c.loader === 'lilo');
    if (e && locked) {
      const how = c.loader === 'grub2' ? 'has no --unrestricted (BLS: grub_users without grub_arg --unrestricted)' : c.loader === 'grub' ? 'has lock' : 'has password= without restricted';
      const by = u.passwordSet ? ` and ${u.passwordSet} is set` : '';
      return fail(`${where(e)} boots next, but it ${how}${by}: the boot loader asks for a password before booting it, so an unattended reboot stops there`, `${e.source.file}: entry ${e.index} asks for a boot loader password`);
    }
    return pass(`${u.note}${u.passwordSet ? `; ${u.passwordSet}, but the entry that boots next is unrestricted` : ''}`);
  },
};
