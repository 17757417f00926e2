import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NoteInput } from '../../../src/recovery/note/model.js';
import { renderBootCopy, renderNote } from '../../../src/recovery/note/render.js';
import { parsePlanText } from '../../../src/recovery/patch-plan/file.js';
import { FIXTURES } from '../../helpers/paths.js';

const DIR = path.join(FIXTURES, 'recovery/notes');
const input = (name: string): NoteInput => JSON.parse(readFileSync(path.join(DIR, `${name}.json`), 'utf8')) as NoteInput;
/** The note with shell continuation lines joined, so commands can be matched whole. */
const note = (i: NoteInput): string => renderNote(i).replace(/ \\\n\s+/g, ' ');
/** All whitespace collapsed, for phrases that may wrap. */
const flat = (i: NoteInput): string => note(i).replace(/\s+/g, ' ');
const CASES = readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));

describe('recovery note: facts for every boot loader', () => {
  it('GRUB 2 with BLS: the BLS id for grub2-set-default, titles, indexes, kernels', () => {
    const text = note(input('grub2-bls-new-kernel-default'));
    expect(text).toContain('Select "Fake Linux (6.1.10-1.x86_64)" (entry 1, counting from 0)');
    expect(text).toContain('Default now:  "Fake Linux (6.1.12-1.x86_64)" (entry 0, counting from 0)');
    expect(text).toContain('grub2-set-default 0123456789abcdef0123456789abcdef-6.1.10-1.x86_64');
    expect(text).toContain('grub2-editenv - unset next_entry');
    expect(text).toContain('cat (hd0,1)/saferpm-recovery.txt');
    expect(text).toContain('Known-good:   6.1.10-1.x86_64');
    expect(text).toContain('New:          6.1.12-1.x86_64');
  });

  it('GRUB 2 without BLS: a title too long for one line is set by index', () => {
    const text = note(input('grub2-saved-title-missing-initramfs'));
    expect(text).toMatch(/^ +grub2-set-default 1$/m);
    expect(text).toContain('Verdict:    DO NOT REBOOT: a required boot check failed');
    expect(text).toMatch(/\[FAIL\] initramfs present \(required\): \/boot\/initramfs-6\.1\.12-1\.x86_64\.img is\n\s+missing/);
  });

  it('GRUB 2 with set default= in grub.cfg (Debian layout): the file, the line, the submenu address', () => {
    const text = note(input('grub2-config-default-submenu'));
    expect(text).toContain('Edit /boot/grub/grub.cfg, line 18, to read:\n        set default="1>2"');
    expect(text).toContain('GRUB_DEFAULT="1>2" in /etc/default/grub: grub-mkconfig rewrites');
    expect(flat(input('grub2-config-default-submenu'))).toContain('Select "Fake GNU/Linux, with Linux 6.1.10-1.x86_64" (submenu 1, entry 2, counting from 0)');
    expect(text).toContain('cat (hd0,1)/boot/saferpm-recovery.txt');
  });

  it('GRUB legacy: default= line of grub.conf, partitions counted from 0', () => {
    const text = note(input('grub-legacy-default-line'));
    expect(text).toContain('Edit /boot/grub/grub.conf, line 10, to read:\n        default=1');
    expect(text).toContain("then 'b' to boot");
    expect(text).toContain('cat (hd0,0)/saferpm-recovery.txt');
  });

  it('GRUB legacy with default saved: grub-set-default with the index', () => {
    const i = input('grub-legacy-default-line');
    i.boot = { ...i.boot!, defaultFrom: 'saved' };
    expect(note(i)).toMatch(/^ +grub-set-default 1$/m);
  });

  it('LILO: the label at the boot: prompt, lilo.conf line, /sbin/lilo and lilo -R', () => {
    const text = note(input('lilo-default-label'));
    expect(text).toContain("At the 'boot:' prompt type linux-old and press Enter");
    expect(text).toContain('Edit /etc/lilo.conf, line 7, to read:\n        default=linux-old');
    expect(text).toMatch(/^ +\/sbin\/lilo -v$/m);
    expect(text).toMatch(/^ +\/sbin\/lilo -R linux-old$/m);
  });

  it('extlinux without a default: add one above the first label', () => {
    const text = note(input('extlinux-first-label'));
    expect(text).toContain("type fake-6.1.10 and press Enter");
    expect(text).toContain('No default in /boot/extlinux/extlinux.conf: the first label boots.');
    expect(text).toMatch(/^ +default fake-6\.1\.10$/m);
  });

  it('no boot check: says so and falls back to grubby with the known-good kernel', () => {
    const text = note(input('no-boot-check'));
    expect(text).toContain("No boot check was recorded for this run. Run 'saferpm boot check'");
    expect(text).toContain('grubby --set-default /boot/vmlinuz-6.1.10-1.x86_64');
  });
});

describe('recovery note: run, undo and plan', () => {
  const text = note(input('grub2-bls-new-kernel-default'));

  it('names host, run id, user, date and the exact command line', () => {
    expect(text).toMatch(/^SAFERPM RECOVERY NOTE: db01\.example\.com$/m);
    expect(text).toContain('Run:        20261127T140512Z-3f9a1c (succeeded)');
    expect(text).toContain('Who:        alice');
    expect(text).toContain('Date:       2026-11-27 14:05 UTC');
    expect(renderNote(input('grub2-bls-new-kernel-default')).replace(/\n {14}/g, ' ')).toContain(
      'Command:    saferpm -Uvh kernel-core-6.1.12-1.x86_64.rpm kernel-modules-6.1.12-1.x86_64.rpm kernel-6.1.12-1.x86_64.rpm dracut-2.0-1.noarch.rpm openssh-server-2.0-1.x86_64.rpm',
    );
  });

  it('lists before -> after versions and the undo commands in order', () => {
    expect(text).toContain('kernel-core.x86_64 6.1.10-1 -> 6.1.10-1, 6.1.12-1 [installed-beside]');
    expect(text).toContain('dracut.noarch 1.0-1 -> 2.0-1 [upgraded]');
    const downgrade = text.indexOf('rpm -Uvh --oldpackage /srv/standby/dracut-1.0-1.noarch.rpm');
    const erase = text.indexOf('rpm -e kernel-core-6.1.12-1.x86_64 kernel-modules-6.1.12-1.x86_64 kernel-6.1.12-1.x86_64');
    const restore = text.indexOf('saferpm restore 20261127T140512Z-3f9a1c');
    expect(downgrade).toBeGreaterThan(0);
    expect(erase).toBeGreaterThan(downgrade);
    expect(restore).toBeGreaterThan(erase);
    expect(text).toContain('No standby copy of openssh-server-1.0-1.x86_64 was found');
    expect(text).toContain('dracut -f /boot/initramfs-6.1.10-1.x86_64.img 6.1.10-1.x86_64');
  });

  it('without a plan: says it is missing and how to create one', () => {
    expect(text).toContain("NO PATCH PLAN: /etc/saferpm/plan.toml does not exist");
    expect(text).toContain("'saferpm plan init'");
  });

  it('with a plan: contacts, owners, backups and the test system', () => {
    const i = input('grub2-bls-new-kernel-default');
    i.plan = parsePlanText(readFileSync(path.join(FIXTURES, 'recovery/plans/complete.toml'), 'utf8'));
    const withPlan = renderNote(i);
    expect(withPlan).toContain('Primary:    Alice Admin, +1 555 0100, alice@example.com');
    expect(withPlan).toContain('Backup:     Bob Backup, +1 555 0101, bob@example.com');
    expect(withPlan).toContain('postgresql: Dana Developer, +1 555 0102, dana@example.com');
    expect(withPlan).toContain('Kept at:    backup01:/srv/backups/db01');
    expect(withPlan).toContain('Tested on:  db-test01.example.com on 2026-11-20');
    expect(withPlan).not.toContain('NO PATCH PLAN');
  });

  it('with an invalid plan: names the problem instead of the contacts', () => {
    const i = input('no-boot-check');
    i.planError = '/etc/saferpm/plan.toml:7: [policy] keep_kernel: unknown key';
    expect(renderNote(i)).toContain('THE PATCH PLAN COULD NOT BE READ: /etc/saferpm/plan.toml:7:');
  });
});

describe('layout', () => {
  it.each(CASES)('%s: no line over 80 columns; the /boot copy is ASCII under 72', (name) => {
    const i = input(name);
    i.host = 'serveur-é.example.com';
    for (const line of renderNote(i).split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    const short = renderBootCopy(i);
    for (const line of short.split('\n')) expect(line.length, line).toBeLessThanOrEqual(72);
    expect(short).toMatch(/^[\x0a\x20-\x7e]*$/);
    expect(short).toContain('serveur-e.example.com');
  });

  it.each([['grub2-bls-new-kernel-default', 'note'], ['lilo-default-label', 'boot']] as const)('%s %s matches its golden file', (name, kind) => {
    const i = input(name);
    if (kind === 'note') i.plan = parsePlanText(readFileSync(path.join(FIXTURES, 'recovery/plans/complete.toml'), 'utf8'));
    const text = kind === 'note' ? renderNote(i) : renderBootCopy(i);
    const golden = path.join(DIR, `${name}.${kind}.txt`);
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });
});

describe('text helpers', () => {
  it('a label longer than its column still gets a space before the value', async () => {
    const { field } = await import('../../../src/recovery/note/text.js');
    expect(field('elasticsearch:', 'Frank, +1 555 0104')).toEqual(['  elasticsearch: Frank, +1 555 0104']);
  });

  it('commands are continued with a backslash, never inside quotes', async () => {
    const { commandText } = await import('../../../src/recovery/note/text.js');
    const lines = commandText(`grub2-set-default 'a title with many words that is long enough to need more than one line'`, '    ', 60);
    expect(lines).toEqual([
      '    grub2-set-default \\',
      "      'a title with many words that is long enough to need more than one line'",
    ]);
  });
});
