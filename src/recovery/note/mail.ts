/**
 * Mailing the recovery note to the plan's contacts before a reboot, when the
 * plan says so (policy mail_note = true; off by default). The mail leaves from
 * the running machine, so its sendmail is the live system's (/usr/sbin/sendmail,
 * which postfix, sendmail and exim all provide), never one under --root.
 *
 * The message is RFC 5322: To (primary and backup contact), Cc (service
 * owners), Subject with the host and the run id, Date, MIME headers, the note
 * as the body; Auto-Submitted: auto-generated (RFC 3834) keeps vacation
 * replies away. sendmail -t reads the recipients from those headers, -oi keeps
 * a line holding only '.' from ending the message; the MTA adds From and
 * Message-ID for the user it runs as (postfix cleanup(8), sendmail(8)).
 */
import { accessSync, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXIT, InputError, SaferpmError } from '../../errors.js';
import { runCommand } from '../../exec/run.js';
import { readRootedText } from '../../fs/rooted.js';
import { effectivePolicy, PLAN_PATH, type Contact, type PatchPlan } from '../patch-plan/model.js';

export interface MailNoteOptions {
  root: string;
  /** The note as seen inside the root, e.g. /var/lib/saferpm/notes/<run-id>.txt (RunRecord.note.path). */
  notePath: string;
  plan: PatchPlan;
  /** The sendmail to use; default the live system's /usr/sbin/sendmail (or /usr/lib/sendmail). */
  sendmail?: string;
}

export const SENDMAIL_PATHS = ['/usr/sbin/sendmail', '/usr/lib/sendmail'];

/**
 * Sends the note, or says why not (skipped). Throws a SaferpmError when the
 * note cannot be read or sendmail fails: the caller decides whether that
 * stops a reboot.
 */
export async function mailNote(opts: MailNoteOptions): Promise<{ sent: string[]; skipped?: string }> {
  if (!effectivePolicy(opts.plan).mailNote) return { sent: [], skipped: `mail_note is off in ${PLAN_PATH}` };
  const { to, cc } = recipients(opts.plan);
  if (to.length + cc.length === 0) return { sent: [], skipped: `no contact in ${PLAN_PATH} has a usable e-mail address` };
  const sendmail = opts.sendmail ?? SENDMAIL_PATHS.find(isExecutable);
  if (!sendmail || !isExecutable(sendmail)) {
    return { sent: [], skipped: `no sendmail on this machine (${opts.sendmail ?? SENDMAIL_PATHS.join(' or ')}); install a mail transfer agent (e.g. postfix) to mail the note` };
  }
  const body = await readRootedText(opts.root, opts.notePath);
  if (body === undefined) throw new InputError(opts.notePath, 'no such recovery note to mail', EXIT.NOINPUT, "write it with 'saferpm note'");
  const host = os.hostname();
  const runId = runIdOf(opts.notePath, body);
  const message = renderMail({ to, cc, subject: `saferpm recovery note: ${host}${runId ? `, run ${runId}` : ''}`, date: new Date(), body });
  const r = await runCommand(sendmail, ['-oi', '-t'], { input: message, timeoutMs: 60_000, providedBy: 'postfix' });
  if (r.exitCode !== 0) {
    const why = r.stderr.trim().split('\n')[0] ?? '';
    throw new SaferpmError(`${sendmail} -oi -t exited ${r.exitCode}${why ? `: ${why}` : ''}; the recovery note was not mailed`, EXIT.UNAVAILABLE, 'check the mail system (mailq; journalctl -u postfix) and send the note by hand');
  }
  return { sent: [...to, ...cc] };
}

/** Primary and backup contacts in To, service owners in Cc; each address once, unusable ones dropped. */
export function recipients(plan: PatchPlan): { to: string[]; cc: string[] } {
  const seen = new Set<string>();
  const pick = (contacts: (Contact | undefined)[]): string[] =>
    contacts.flatMap((c) => {
      const a = c?.email?.trim();
      if (!a || !isPlainAddress(a) || seen.has(a.toLowerCase())) return [];
      seen.add(a.toLowerCase());
      return [a];
    });
  const to = pick([plan.contacts.primary, plan.contacts.backup]);
  return { to, cc: pick(plan.contacts.owners) };
}

/** A bare addr-spec local@domain: nothing that could end a header or add a recipient. */
export function isPlainAddress(a: string): boolean {
  return /^[^\s@<>(),;:"\\[\]]+@[^\s@<>(),;:"\\[\]]+$/.test(a);
}

export interface MailParts {
  to: string[];
  cc: string[];
  subject: string;
  date: Date;
  body: string;
}

/** The message as sendmail -t reads it (LF line ends; the MTA writes CRLF). Pure. */
export function renderMail(m: MailParts): string {
  const text = m.body.endsWith('\n') ? m.body : `${m.body}\n`;
  // RFC 5322 2.1.1: lines of at most 998 octets; 7bit when ASCII, else base64 (RFC 2045)
  const plain = /^[\x09\x0a\x20-\x7e]*$/.test(text) && text.split('\n').every((l) => l.length <= 998);
  const headers = [
    `To: ${m.to.join(', ')}`,
    ...(m.cc.length ? [`Cc: ${m.cc.join(', ')}`] : []),
    `Subject: ${m.subject.replace(/[\x00-\x1f\x7f]+/g, ' ')}`,
    `Date: ${rfc5322Date(m.date)}`,
    'Auto-Submitted: auto-generated',
    'MIME-Version: 1.0',
    `Content-Type: text/plain; charset=${plain ? 'us-ascii' : 'utf-8'}`,
    `Content-Transfer-Encoding: ${plain ? '7bit' : 'base64'}`,
  ];
  const body = plain ? text : `${(Buffer.from(text, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\n')}\n`;
  return `${headers.join('\n')}\n\n${body}`;
}

/** 'Thu, 27 Nov 2026 14:05:12 +0000' (RFC 5322 3.3, in UTC). */
export function rfc5322Date(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** The run id from the note's file name (notes/<id>.txt), else from its 'Run:' line. */
function runIdOf(notePath: string, text: string): string | undefined {
  const fromName = /^(\d{8}T\d{6}Z-[0-9a-f]+)\.txt$/.exec(path.basename(notePath))?.[1];
  return fromName ?? /^Run:\s+(\d{8}T\d{6}Z-[0-9a-f]+)/m.exec(text)?.[1];
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
