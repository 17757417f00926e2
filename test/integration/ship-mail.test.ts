/**
 * Mailing the recovery note (src/recovery/note/mail.ts) through a recorder named
 * sendmail that keeps its arguments and the message it was given on stdin.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mailNote } from '../../src/recovery/note/mail.js';
import type { PatchPlan } from '../../src/recovery/patch-plan/model.js';
import { SaferpmError } from '../../src/errors.js';
import { tempDir, tempRoot } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';
import { writeScript } from '../unit/ship/ship-support.js';

const RUN = '20261127T140512Z-3f9a1c';
const NOTE = `SAFERPM RECOVERY NOTE: web01\nRun:        ${RUN} (succeeded)\n.\nBoot the old kernel: pick 6.1.10-1 in the GRUB menu.\n`;

function plan(policy: PatchPlan['policy'], owners: PatchPlan['contacts']['owners'] = []): PatchPlan {
  return {
    file: '/etc/saferpm/plan.toml',
    contacts: { primary: { name: 'Ann', email: 'ann@example.org' }, backup: { name: 'Bob', phone: '555' }, owners },
    sources: {}, recovery: {}, testing: {}, policy,
  };
}

function rootWithNote(): { root: string; notePath: string } {
  const root = tempRoot();
  const notePath = `/var/lib/saferpm/notes/${RUN}.txt`;
  mkdirSync(path.join(root, path.dirname(notePath)), { recursive: true });
  writeFileSync(path.join(root, notePath), NOTE);
  return { root, notePath };
}

/** A sendmail that saves argv and stdin, and exits with `code`. */
function sendmailRecorder(code = 0): { sendmail: string; argv: () => string; stdin: () => string } {
  const dir = tempDir('saferpm-sendmail-');
  const sendmail = writeScript(dir, 'sendmail', `printf '%s\\n' "$@" > '${dir}/argv'; cat > '${dir}/stdin'; [ ${code} -eq 0 ] || echo 'sendmail: fatal: no mail system' >&2; exit ${code}`);
  return { sendmail, argv: () => readFileSync(path.join(dir, 'argv'), 'utf8'), stdin: () => readFileSync(path.join(dir, 'stdin'), 'utf8') };
}

describe.runIf(needTools('sh'))('mailNote', () => {
  it('pipes an RFC 5322 message with the note to sendmail -oi -t when mail_note is on', async () => {
    const { root, notePath } = rootWithNote();
    const rec = sendmailRecorder();
    const r = await mailNote({ root, notePath, plan: plan({ mailNote: true }, [{ service: 'db', email: 'dba@example.org' }]), sendmail: rec.sendmail });
    expect(r).toEqual({ sent: ['ann@example.org', 'dba@example.org'] });
    expect(rec.argv()).toBe('-oi\n-t\n');
    const [head, body] = rec.stdin().split('\n\n') as [string, string];
    const headers = head.split('\n');
    expect(headers).toContain('To: ann@example.org');
    expect(headers).toContain('Cc: dba@example.org');
    expect(headers).toContain(`Subject: saferpm recovery note: ${(await import('node:os')).hostname()}, run ${RUN}`);
    expect(headers.find((h) => h.startsWith('Date: '))).toMatch(/^Date: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(headers).toContain('Auto-Submitted: auto-generated');
    expect(rec.stdin().slice(head.length + 2)).toBe(NOTE);
    expect(body.startsWith('SAFERPM RECOVERY NOTE: web01')).toBe(true);
  });

  it("takes the run id from the note's Run: line when mailing the latest note", async () => {
    const { root } = rootWithNote();
    writeFileSync(path.join(root, 'var/lib/saferpm/RECOVERY.txt'), NOTE);
    const rec = sendmailRecorder();
    await mailNote({ root, notePath: '/var/lib/saferpm/RECOVERY.txt', plan: plan({ mailNote: true }), sendmail: rec.sendmail });
    expect(rec.stdin()).toMatch(new RegExp(`^Subject: saferpm recovery note: \\S+, run ${RUN}$`, 'm'));
  });

  it('sends nothing, and says why, when mail_note is off (the default), no contact has an address, or there is no sendmail', async () => {
    const { root, notePath } = rootWithNote();
    const rec = sendmailRecorder();
    expect(await mailNote({ root, notePath, plan: plan({}), sendmail: rec.sendmail })).toEqual({ sent: [], skipped: 'mail_note is off in /etc/saferpm/plan.toml' });
    const noAddress = { ...plan({ mailNote: true }), contacts: { primary: { name: 'Ann' }, owners: [] } };
    expect(await mailNote({ root, notePath, plan: noAddress, sendmail: rec.sendmail })).toEqual({ sent: [], skipped: 'no contact in /etc/saferpm/plan.toml has a usable e-mail address' });
    const missing = path.join(tempDir(), 'sendmail');
    expect(await mailNote({ root, notePath, plan: plan({ mailNote: true }), sendmail: missing })).toEqual({ sent: [], skipped: `no sendmail on this machine (${missing}); install a mail transfer agent (e.g. postfix) to mail the note` });
    expect(() => readFileSync(path.join(path.dirname(rec.sendmail), 'stdin'))).toThrow(/ENOENT/);
  });

  it('fails, naming sendmail and its error, when sendmail fails; and when the note is missing', async () => {
    const { root, notePath } = rootWithNote();
    const failing = sendmailRecorder(75);
    const err = await mailNote({ root, notePath, plan: plan({ mailNote: true }), sendmail: failing.sendmail }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SaferpmError);
    expect((err as SaferpmError).message).toBe(`${failing.sendmail} -oi -t exited 75: sendmail: fatal: no mail system; the recovery note was not mailed`);
    expect((err as SaferpmError).exitCode).toBe(69);
    const gone = await mailNote({ root, notePath: '/var/lib/saferpm/notes/none.txt', plan: plan({ mailNote: true }), sendmail: sendmailRecorder().sendmail }).catch((e: unknown) => e);
    expect((gone as SaferpmError).message).toBe('/var/lib/saferpm/notes/none.txt: no such recovery note to mail');
  });
});
