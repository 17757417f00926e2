/**
 * The patch plan (plan.toml): parsePlanText throws only ConfigError, with a
 * line inside the text when it names one; checkPlanText ('saferpm plan
 * check') never throws and locates every problem inside the text; lineOf
 * never throws. On any text, plan-like documents, the template and the
 * fixtures of fixtures/recovery/plans damaged or mutated, and long lines.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPlanText, parsePlanText } from '../../src/recovery/patch-plan/file.js';
import { lineOf } from '../../src/recovery/patch-plan/locate.js';
import { planTemplate } from '../../src/recovery/patch-plan/template.js';
import { expectInside, parseOrConfigError } from './support/contract.js';
import { FILES, texts } from './support/fixtures.js';
import { fuzz } from './support/fuzz.js';
import { mutated } from './support/mutate.js';
import { anyText, longLine } from './support/text.js';

/** Lines that look like a plan: headers, keys of every section, values of every type. */
const planLine = fc.oneof(
  fc.constantFrom('[contacts.primary]', '[[contacts.owners]]', '[policy]', '[sources]', '[testing]', '[recovery]', '[__proto__]', '[policy.x]', '[contacts]', '[[policy]]'),
  fc.tuple(
    fc.constantFrom('name', 'email', 'service', 'keep_kernels', 'reboot_command', 'boot_critical', 'installonly_extra', 'standby_dirs', 'mail_note', 'date', 'host', 'kernel', 'constructor', '__proto__', 'a.b', '"quoted key"', "'lit'"),
    fc.constantFrom('"x"', '1', '-3', '0', '1e999', 'true', '[]', '["a", 1]', '{ a = 1 }', '2026-11-20', '"""\nx\n"""', "'''\nx\n'''", '[[1]]', '"a@b"', 'inf', 'nan'),
  ).map(([k, v]) => `${k} = ${v}`),
  fc.string({ maxLength: 20 }),
);
const planDoc = fc.array(planLine, { maxLength: 25 }).map((l) => l.join('\n'));
const template = planTemplate();
const realPlans = [template, ...texts(FILES.plans())];

function check(text: string): void {
  parseOrConfigError(text, (t) => parsePlanText(t));
  const r = checkPlanText(text);
  for (const p of r.problems) if (p.line !== undefined) expectInside(text, p.line);
}

describe('plan parser: throws only ConfigError, whatever the input', () => {
  it('on arbitrary text', () => fuzz('plan any', [anyText], check));

  it('on plan-like documents', () => fuzz('plan-like', [planDoc], check));

  it('on the template with one line damaged', () => {
    const lines = template.split('\n');
    fuzz('plan template damaged', [fc.nat(lines.length - 1), fc.string({ maxLength: 12 })], (at, junk) => {
      check(lines.map((l, i) => (i === at ? junk : l)).join('\n'));
    });
  });

  it('on the template and fixtures/recovery/plans mutated, and on long lines', () => {
    fuzz('plan mutated', [fc.oneof(mutated(realPlans), longLine(['', 'a = "', 'a = [', '[', '[[', '# ', 'a = """', 'x = 1\n[policy]\nkeep_kernels = ']))], check);
  });

  it('lineOf never throws and stays inside the text', () => {
    const keyPath = fc.array(fc.constantFrom('policy', 'contacts', 'owners', 'name', 'a', 'b', 0, 1), { maxLength: 4 });
    fuzz('plan lineOf', [fc.oneof(planDoc, mutated(realPlans)), keyPath], (text, path) => {
      const line = lineOf(text, path);
      if (line !== undefined) expectInside(text, line);
    });
  });

  it('the unchanged template is a valid plan', () => {
    expect(checkPlanText(template).problems).toEqual([]);
  });
});
