/**
 * LILO boots what its map file says, not what lilo.conf says: /sbin/lilo
 * reads lilo.conf, records the disk blocks of every kernel and initrd in the
 * map file (map=, default /boot/map) and writes the boot sector pointing at
 * it (lilo(8), lilo.conf(5)). A lilo.conf, kernel or initrd changed after the
 * map was written means the boot sector points at blocks that may now hold
 * something else: /sbin/lilo must be run again before rebooting.
 */
import { fail, pass, skip, type Check, type CheckContext } from './types.js';

function liloCommand(root: string): string {
  return root === '/' ? '/sbin/lilo' : `/sbin/lilo -r ${root}`;
}

export const liloMapCurrent: Check = {
  id: 'lilo-map',
  title: "LILO's map is newer than lilo.conf and every image",
  level: 'required',
  run: (ctx: CheckContext) => {
    const c = ctx.config;
    if (!c || c.loader !== 'lilo') return skip('not LILO');
    const mapPath = c.liloMap ?? '/boot/map';
    const map = ctx.file(mapPath);
    const rerun = `run '${liloCommand(ctx.root)}' before rebooting`;
    if (!map.exists) return fail(`${mapPath} is missing: /sbin/lilo has not been run; ${rerun}`, 'LILO map missing: run /sbin/lilo');
    const files = [c.file, ...c.entries.flatMap((e) => [e.kernelPath ?? [], ...e.initrdPaths].flat())];
    const newer = files.filter((f) => ctx.file(f).exists && ctx.file(f).mtimeMs > map.mtimeMs);
    if (newer.length) {
      return fail(`${newer.join(', ')} changed after ${mapPath} was written: LILO would load stale blocks; ${rerun}`, 'LILO map stale: run /sbin/lilo');
    }
    return pass(`${mapPath} is newer than ${c.file} and the ${files.length - 1} files it loads`);
  },
};

/**
 * lilo.conf(5): default= names a label (or alias). /sbin/lilo refuses a
 * file whose default= names none ("Fatal: No image ... is defined"), so the
 * map was not rewritten and still holds whatever the last successful run
 * recorded: what boots cannot be told from lilo.conf.
 */
export const liloDefaultNamesLabel: Check = {
  id: 'lilo-default',
  title: "LILO's default= names a label",
  level: 'required',
  run: (ctx: CheckContext) => {
    const c = ctx.config;
    if (!c || c.loader !== 'lilo') return skip('not LILO');
    const d = c.default;
    if (d.from !== 'config') return pass('no default=: LILO boots the first image');
    if (d.matched) return pass(`default=${d.requested ?? ''} names entry ${d.entry ?? 0}`);
    const at = `${c.file}${d.line ? `:${d.line}` : ''}`;
    return fail(
      `${at}: default=${d.requested ?? ''} names no label: /sbin/lilo refuses this file, so the map still holds an older configuration and what boots cannot be told from ${c.file}`,
      `${at}: default=${d.requested ?? ''} names no label (lilo refuses the file)`,
    );
  },
};
