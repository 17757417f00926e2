/**
 * The note's boot section is made from the boot verdict alone: the line that
 * chose the default comes from the parser (DefaultChoice.line, file,
 * setting), never from reading the configuration again. The note shows it as
 * "file:line" (KERNELS, "Set by:") and edits that line in rescue mode.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBoot, type BootVerdict } from '../../../src/bootloader/index.js';
import { noteBootFromVerdict } from '../../../src/recovery/note/boot.js';
import { bootSection, runBootSection } from '../../../src/recovery/note/boot-read.js';
import type { NoteBoot, NoteInput } from '../../../src/recovery/note/model.js';
import { renderNote } from '../../../src/recovery/note/render.js';
import { FIXTURES, UPSTREAM } from '../../helpers/paths.js';
import { tempRoot } from '../../helpers/roots.js';

const RHEL9 = path.join(UPSTREAM, 'bls/insights-rhel9-uefi');
const KERNEL = '5.14.0-503.11.1.el9_5.x86_64';

const fixture = (name: string): NoteInput => JSON.parse(readFileSync(path.join(FIXTURES, 'recovery/notes', `${name}.json`), 'utf8')) as NoteInput;
/** The note with continuation lines joined and blanks collapsed, for phrases that wrap. */
const flat = (i: NoteInput): string => renderNote(i).replace(/ \\\n\s+/g, ' ').replace(/\s+/g, ' ');

describe('the boot section from the verdict', () => {
  it('the RHEL 9.5 host: line 22 of grub.cfg (set default="${saved_entry}") from the parser, shown as file:line', async () => {
    const v = await checkBoot({ root: RHEL9, bootPrefix: '/boot', kernel: KERNEL, runningKernel: KERNEL, installedKernels: [KERNEL] });
    const boot = noteBootFromVerdict(v) as NoteBoot;
    expect(boot).toMatchObject({ loader: 'grub2-bls', defaultFrom: 'saved', defaultLine: 22, defaultFile: '/boot/grub2/grub.cfg', defaultSetting: 'set default' });
    const input: NoteInput = { ...fixture('grub2-bls-new-kernel-default'), boot, runningKernel: KERNEL, newKernels: [] };
    expect(flat(input)).toContain('Set by: /boot/grub2/grub.cfg:22 (set default)');
  });

  it('a verdict stored before DefaultChoice named its file: the line is in the configuration file', () => {
    const v = { schema: 'saferpm.boot-verdict/1', safe: true, root: '/', loader: 'lilo', configFile: '/etc/lilo.conf', kernelSource: 'none', runningKernelSource: 'none', installedKernels: [], entries: [], checks: [], reasons: [],
      default: { from: 'config', matchedBy: 'label', matched: true, note: 'default=linux', oneTime: false, line: 5 } } as unknown as BootVerdict;
    expect(bootSection(v)).toMatchObject({ defaultLine: 5, defaultFile: '/etc/lilo.conf' });
    expect(bootSection(v)?.defaultSetting).toBeUndefined();
  });

  it('no line chose the default: none in the section, and the note says the first entry boots', () => {
    const v = { schema: 'saferpm.boot-verdict/1', safe: true, root: '/', loader: 'extlinux', configFile: '/boot/extlinux/extlinux.conf', kernelSource: 'none', runningKernelSource: 'none', installedKernels: [], entries: [], checks: [], reasons: [],
      default: { from: 'none', matchedBy: 'first-entry', matched: true, note: 'no DEFAULT: the menu boots the first label', oneTime: false, entry: 0 } } as unknown as BootVerdict;
    const boot = bootSection(v) as NoteBoot;
    expect(boot.defaultLine).toBeUndefined();
    expect(flat({ ...fixture('extlinux-first-label'), boot })).toContain('Set by: no line sets a default (no DEFAULT: the menu boots the first label)');
    expect(flat(fixture('extlinux-first-label')), 'a section without the parser\'s words').toContain('Set by: no line sets a default (the first entry boots)');
  });
});

describe('rescue mode edits the setting that chose the default', () => {
  const extlinux = (boot: Partial<NoteBoot>): NoteInput => {
    const i = fixture('extlinux-first-label');
    return { ...i, boot: { ...(i.boot as NoteBoot), defaultFrom: 'config', ...boot } };
  };

  it('extlinux DEFAULT: that line, to read default <label>', () => {
    const text = flat(extlinux({ defaultLine: 4, defaultSetting: 'DEFAULT' }));
    expect(text).toContain('Set by: /boot/extlinux/extlinux.conf:4 (DEFAULT)');
    expect(text).toContain('Edit /boot/extlinux/extlinux.conf, line 4, to read: default fake-6.1.10');
  });

  it('extlinux ONTIMEOUT: the ONTIMEOUT line keeps its keyword (it wins over DEFAULT)', () => {
    expect(flat(extlinux({ defaultLine: 5, defaultSetting: 'ONTIMEOUT' }))).toContain('Edit /boot/extlinux/extlinux.conf, line 5, to read: ONTIMEOUT fake-6.1.10');
  });

  it("extlinux MENU DEFAULT: move that line into the known-good label's entry", () => {
    expect(flat(extlinux({ defaultLine: 9, defaultSetting: 'MENU DEFAULT' })))
      .toContain("Move the 'MENU DEFAULT' line (/boot/extlinux/extlinux.conf, line 9) into the entry that starts 'LABEL fake-6.1.10'.");
  });

  it('GRUB 2: a default set in custom.cfg is edited there', () => {
    const i = fixture('grub2-config-default-submenu');
    const boot = { ...(i.boot as NoteBoot), defaultFrom: 'config' as const, defaultLine: 2, defaultFile: '/boot/grub2/custom.cfg', defaultSetting: 'set default' };
    const text = flat({ ...i, boot });
    expect(text).toContain('Set by: /boot/grub2/custom.cfg:2 (set default)');
    expect(text).toContain('Edit /boot/grub2/custom.cfg, line 2, to read:');
  });
});

describe('a caller without a verdict (saferpm note, a dead run) gets one boot check now', () => {
  const record = { runningKernel: KERNEL, packages: [] };

  it("no verdict given: the boot loader module checks the root once, and the line comes from its parser (grubby's grub.1: default=0 on line 10)", async () => {
    const root = tempRoot();
    mkdirSync(path.join(root, 'boot/grub'), { recursive: true });
    copyFileSync(path.join(UPSTREAM, 'grubby/grub.1'), path.join(root, 'boot/grub/grub.conf'));
    const r = await runBootSection(root, { runningKernel: '2.4.7-2', packages: [] }, undefined);
    expect(r.error).toBeUndefined();
    expect(r.boot).toMatchObject({ loader: 'grub-legacy', configFile: '/boot/grub/grub.conf', defaultFrom: 'config', defaultLine: 10, defaultFile: '/boot/grub/grub.conf', runningEntry: { index: '0' } });
  });

  it('a verdict or a note section given: used as it is, nothing is read', async () => {
    const given = fixture('lilo-default-label').boot as NoteBoot;
    expect((await runBootSection('/nonexistent-root', record, given)).boot).toBe(given);
  });

  it('a root with no boot loader configuration: no section, no error', async () => {
    expect(await runBootSection(path.join(FIXTURES, 'recovery/notes'), record, undefined)).toEqual({});
  });
});
