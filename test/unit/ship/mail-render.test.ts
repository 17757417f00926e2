import { describe, expect, it } from 'vitest';
import { isPlainAddress, recipients, renderMail, rfc5322Date } from '../../../src/recovery/note/mail.js';
import type { PatchPlan } from '../../../src/recovery/patch-plan/model.js';

const plan = (contacts: PatchPlan['contacts']): PatchPlan => ({ file: '/etc/saferpm/plan.toml', contacts, sources: {}, recovery: {}, testing: {}, policy: { mailNote: true } });

describe('mailing the recovery note: the message', () => {
  it('puts the primary and backup contacts in To and service owners in Cc, each address once', () => {
    const r = recipients(plan({
      primary: { name: 'Ann', email: 'ann@example.org' },
      backup: { name: 'Bob', email: 'bob@example.org' },
      owners: [{ service: 'db', email: 'ANN@example.org' }, { service: 'web', email: 'web-team@example.org' }, { service: 'ftp' }],
    }));
    expect(r).toEqual({ to: ['ann@example.org', 'bob@example.org'], cc: ['web-team@example.org'] });
  });

  it('drops an address that could end a header or add a recipient', () => {
    expect(isPlainAddress('ann@example.org')).toBe(true);
    for (const bad of ['ann@example.org\nBcc: eve@evil.test', 'ann@example.org, eve@evil.test', 'Ann <ann@example.org>', 'ann', 'a@b@c']) {
      expect(isPlainAddress(bad), bad).toBe(false);
    }
    expect(recipients(plan({ primary: { email: 'x@y\r\nBcc: eve@evil.test' }, owners: [] }))).toEqual({ to: [], cc: [] });
  });

  it('is RFC 5322 with the note as a 7bit body when it is ASCII', () => {
    const text = renderMail({ to: ['ann@example.org'], cc: [], subject: 'saferpm recovery note: web01, run R1', date: new Date(Date.UTC(2026, 10, 27, 14, 5, 12)), body: 'line 1\n.\nline 3' });
    expect(text).toBe([
      'To: ann@example.org',
      'Subject: saferpm recovery note: web01, run R1',
      'Date: Fri, 27 Nov 2026 14:05:12 +0000',
      'Auto-Submitted: auto-generated',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=us-ascii',
      'Content-Transfer-Encoding: 7bit',
      '',
      'line 1',
      '.',
      'line 3',
      '',
    ].join('\n'));
  });

  it('encodes a body with non-ASCII text or lines over 998 octets as base64', () => {
    const body = `Kontakt: Jürgen\n${'x'.repeat(1200)}\n`;
    const text = renderMail({ to: ['a@b.c'], cc: ['d@e.f'], subject: 's', date: new Date(0), body });
    const [head, encoded] = text.split('\n\n');
    expect(head).toContain('Cc: d@e.f');
    expect(head).toContain('Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64');
    expect(encoded?.split('\n').every((l) => l.length <= 76)).toBe(true);
    expect(Buffer.from(encoded ?? '', 'base64').toString('utf8')).toBe(body);
  });

  it('dates in UTC with a numeric zone', () => {
    expect(rfc5322Date(new Date(Date.UTC(2027, 0, 3, 4, 5, 6)))).toBe('Sun, 03 Jan 2027 04:05:06 +0000');
  });
});
