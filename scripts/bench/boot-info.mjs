// `saferpm boot info` on 1,000 entries (issue 7: linear, target < 0.5 s):
// a 1,000-entry grub.cfg and 1,000 BLS entries read through blscfg, each in a
// temporary root. Measured two ways, each against a baseline in the same run:
// - the built CLI (dist/saferpm.mjs, as an admin runs it) against `node -e 0`,
//   the start-up any Node tool pays;
// - in-process readBootConfig + renderBootInfo against reading the same files
//   with a plain fs walk (the I/O any reader pays);
// and the in-process time at 1,000 entries against 100 (about 10x when linear).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTs, REPO, reportRatio, timeMedian } from './load-ts.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const TARGET_MS = 500;
const cli = path.join(REPO, 'dist/saferpm.mjs');
const m = await loadTs('scripts/bench/entry-parsers.ts');
const roots = [];

function grub2Root(n) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'saferpm-bench-boot-'));
  roots.push(root);
  mkdirSync(path.join(root, 'boot/grub2'), { recursive: true });
  const entries = Array.from({ length: n }, (_, i) => `menuentry 'Linux (6.1.${i}-1.x86_64)' --class os --id 'id-${i}' {\n\tload_video\n\tinsmod gzio\n\tlinux /vmlinuz-6.1.${i}-1.x86_64 root=/dev/mapper/rl-root ro quiet\n\tinitrd /initramfs-6.1.${i}-1.x86_64.img\n}\n`);
  writeFileSync(path.join(root, 'boot/grub2/grub.cfg'), `set default="\${saved_entry}"\n${entries.join('')}`);
  return root;
}

function blsRoot(n) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'saferpm-bench-boot-'));
  roots.push(root);
  const dir = path.join(root, 'boot/loader/entries');
  mkdirSync(dir, { recursive: true });
  mkdirSync(path.join(root, 'boot/grub2'));
  writeFileSync(path.join(root, 'boot/grub2/grub.cfg'), 'set default="${saved_entry}"\nblscfg\n');
  for (let i = 0; i < n; i++) {
    const v = `6.1.${i}-1.x86_64`;
    writeFileSync(path.join(dir, `0123456789abcdef0123456789abcdef-${v}.conf`), `title Linux (${v})\nversion ${v}\nlinux /vmlinuz-${v}\ninitrd /initramfs-${v}.img\noptions $kernelopts\n`);
  }
  return root;
}

/** The I/O floor: every file boot info reads, read with readFileSync and nothing else. */
function plainRead(root) {
  let bytes = readFileSync(path.join(root, 'boot/grub2/grub.cfg')).length;
  const dir = path.join(root, 'boot/loader/entries');
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    /* no BLS folder */
  }
  for (const f of names) bytes += readFileSync(path.join(dir, f)).length;
  return bytes;
}

async function inProcess(root) {
  return m.renderBootInfo(await m.readBootConfig({ root }));
}

/** The ratio target that stands for the absolute target, to two decimals. */
const round = (x) => Math.round(x * 100) / 100;

function entriesListed(text) {
  return text.split('\n').filter((l) => /^[* ] \d/.test(l)).length;
}

try {
  for (const [label, make] of [['a 1,000-entry grub.cfg', grub2Root], ['1,000 BLS entries', blsRoot]]) {
    const root = make(1000);
    const small = make(100);
    const listed = entriesListed(execFileSync(process.execPath, [cli, 'boot', 'info', '--root', root], { encoding: 'utf8' }));
    if (listed !== 1000 || entriesListed(await inProcess(root)) !== 1000) throw new Error(`${label}: boot info listed ${listed} entries`);
    const base = await timeMedian(() => execFileSync(process.execPath, ['-e', '0']), RUNS);
    const ours = await timeMedian(() => execFileSync(process.execPath, [cli, 'boot', 'info', '--root', root]), RUNS);
    reportRatio(`saferpm boot info, ${label} (CLI vs node -e 0)`, ours, base, round(TARGET_MS / base), `absolute ${ours.toFixed(0)} ms, target < ${TARGET_MS} ms: ${ours < TARGET_MS ? 'meets' : 'MISSES'}`);
    const floor = await timeMedian(() => plainRead(root), RUNS);
    const inside = await timeMedian(() => inProcess(root), RUNS);
    const tenth = await timeMedian(() => inProcess(small), RUNS);
    reportRatio(`  in-process, ${label} (readBootConfig + renderBootInfo vs reading the same files)`, inside, floor, round(TARGET_MS / floor),
      `1,000 entries take ${(inside / tenth).toFixed(1)}x the time of 100 (about 10x when linear; ${inside / tenth <= 20 ? 'linear' : 'FLAGGED'})`);
  }
  console.log(`  medians of ${RUNS} runs after a warm-up; the ratio target is the absolute target (${TARGET_MS} ms) over the baseline`);
} finally {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
}
