import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { parsePlanText } from '../../../src/recovery/plan-file.js';
import { lineOf } from '../../../src/recovery/plan-locate.js';
import { planTemplate } from '../../../src/recovery/plan-template.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/** Lines that look like a plan: headers, keys of every section, values of every type. */
const planLine = fc.oneof(
  fc.constantFrom('[contacts.primary]', '[[contacts.owners]]', '[policy]', '[sources]', '[testing]', '[recovery]', '[__proto__]', '[policy.x]'),
  fc.tuple(
    fc.constantFrom('name', 'email', 'service', 'keep_kernels', 'reboot_command', 'boot_critical', 'date', 'host', 'kernel', 'constructor', 'a.b'),
    fc.constantFrom('"x"', '1', '-3', 'true', '[]', '["a", 1]', '{ a = 1 }', '2026-11-20', '"""\nx\n"""', '[[1]]', '"a@b"'),
  ).map(([k, v]) => `${k} = ${v}`),
  fc.string({ maxLength: 20 }),
);

function onlyConfigErrors(text: string): void {
  try {
    parsePlanText(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
  }
}

describe('plan parser: throws only ConfigError, whatever the input', () => {
  it('on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), onlyConfigErrors), { numRuns: RUNS });
  });

  it('on plan-like documents', () => {
    fc.assert(fc.property(fc.array(planLine, { maxLength: 25 }).map((l) => l.join('\n')), onlyConfigErrors), { numRuns: RUNS });
  });

  it('on the template with one line damaged', () => {
    const lines = planTemplate().split('\n');
    fc.assert(fc.property(fc.nat(lines.length - 1), fc.string({ maxLength: 12 }), (at, junk) => {
      onlyConfigErrors(lines.map((l, i) => (i === at ? junk : l)).join('\n'));
    }), { numRuns: RUNS });
  });

  it('lineOf never throws and stays inside the text', () => {
    fc.assert(fc.property(fc.array(planLine, { maxLength: 25 }).map((l) => l.join('\n')), fc.array(fc.constantFrom('policy', 'contacts', 'owners', 'name', 0, 1), { maxLength: 4 }), (text, keyPath) => {
      const line = lineOf(text, keyPath);
      if (line !== undefined) expect(line).toBeGreaterThanOrEqual(1);
      if (line !== undefined) expect(line).toBeLessThanOrEqual(text.split('\n').length);
    }), { numRuns: RUNS });
  });
});
