// Linear time of the configuration parsers: each format parsed at 1 MB and at
// 10 MB (the same generated files as the fuzz project's 10 MB tests), median
// of BENCH_RUNS runs each. Ten times the input should take about ten times as
// long; a ratio over 20x is flagged (a quadratic parser gives about 100x).
// The fuzz project checks that 10 MB completes with every entry found; the
// times are measured here, never asserted in a test.
import { loadTs, median } from './load-ts.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const MB = 1_000_000;
const m = await loadTs('scripts/bench/entry-parsers.ts');

const FORMATS = [
  ['GRUB 2 grub.cfg', m.CONFIGS.grub2, (t) => m.parseGrub2(t, 'grub.cfg').entries.length],
  ['GRUB legacy grub.conf', m.CONFIGS.grubLegacy, (t) => m.parseGrubLegacy(t, 'grub.conf').entries.length],
  ['lilo.conf', m.CONFIGS.lilo, (t) => m.parseLilo(t, 'lilo.conf').entries.length],
  ['extlinux.conf', m.CONFIGS.extlinux, (t) => m.parseExtlinux(t, 'extlinux.conf').entries.length],
  ['BLS entry', m.CONFIGS.bls, (t) => m.parseBlsEntry(t, '/boot/loader/entries/a-1.conf').pairs.length],
  ['grubenv', (b) => m.tenMegabytes('# GRUB Environment Block\n', (i) => `var_${i}=${'kernelopts '.repeat(20)}${i}\n`, '', b), (t) => Object.keys(m.parseGrubEnv(Buffer.from(t), 'grubenv').vars).length],
  ['dnf.conf (INI)', (b) => m.tenMegabytes('[main]\n', (i) => `[repo-${i}]\nname=Repository ${i}\nbaseurl=https://mirror.example.com/${i}/\n`, '', b), (t) => m.parseIni(t, 'dnf.conf').size - 1],
  ['plan.toml', (b) => m.tenMegabytes('', (i) => `[[contacts.owners]]\nservice = "svc-${i}"\nname = "Owner ${i}"\n`, '', b), (t) => m.parsePlanText(t).contacts.owners.length],
];

/** Median wall time of parse(text) over RUNS runs after one warm-up; checks the entry count each time. */
function time(parse, input) {
  const times = [];
  for (let i = 0; i <= RUNS; i++) {
    const t = performance.now();
    const n = parse(input.text);
    const ms = performance.now() - t;
    if (n !== input.count) throw new Error(`parsed ${n} entries of ${input.count}`);
    if (i > 0) times.push(ms);
  }
  return median(times);
}

let flagged = 0;
for (const [name, make, parse] of FORMATS) {
  const small = make(MB);
  const big = make(10 * MB);
  const t1 = time(parse, small);
  const t10 = time(parse, big);
  const ratio = t10 / t1;
  const verdict = ratio <= 20 ? 'linear' : 'FLAGGED: more than 20x';
  if (ratio > 20) flagged++;
  console.log(`parse ${name}: 1 MB ${t1.toFixed(1)} ms, 10 MB ${t10.toFixed(1)} ms (${big.count} entries), ratio ${ratio.toFixed(1)}x (about 10x expected; ${verdict})`);
}
console.log(`  medians of ${RUNS} runs after a warm-up; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
process.exit(flagged ? 1 : 0);
