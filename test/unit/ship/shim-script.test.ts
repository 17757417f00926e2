import { describe, expect, it } from 'vitest';
import { SHIM_MARKER, parseShim, renderShim, shQuote, unsafePathReason, type ShimSpec } from '../../../src/shim/script.js';

const spec: ShimSpec = { realRpm: '/usr/bin/rpm', saferpm: ['/usr/bin/saferpm'], backup: null, writtenBy: '0.1.0' };

describe('rpm shim text', () => {
  it('is a sh script whose second line marks it, and whose header gives back what was recorded', () => {
    const text = renderShim(spec);
    expect(text.split('\n').slice(0, 2)).toEqual(['#!/bin/sh', SHIM_MARKER]);
    expect(parseShim(text)).toEqual(spec);
    const forced = { ...spec, backup: '/usr/local/sbin/.rpm.saferpm-backup', saferpm: ['/usr/bin/node', "/opt/it's here/saferpm.mjs"] };
    expect(parseShim(renderShim(forced))).toEqual(forced);
  });

  it('execs only: the real rpm last, saferpm with SAFERPM_RPM set to the real rpm', () => {
    const text = renderShim({ ...spec, realRpm: "/opt/rpm's/rpm" });
    expect(text.trimEnd().split('\n').at(-1)).toBe(`exec '/opt/rpm'\\''s/rpm' "$@"`);
    expect(text).toContain(`SAFERPM_RPM='/opt/rpm'\\''s/rpm'\n  export SAFERPM_RPM\n  exec '/usr/bin/saferpm' "$@"`);
  });

  it('does not take a file for its own shim when the marker or the header is missing or broken', () => {
    expect(parseShim('#!/bin/sh\nexec /usr/bin/rpm "$@"\n')).toBeUndefined();
    expect(parseShim(renderShim(spec).replace('# real-rpm: "/usr/bin/rpm"', '# real-rpm: /usr/bin/rpm'))).toBeUndefined();
    expect(parseShim(`#!/bin/bash\n${renderShim(spec).split('\n').slice(1).join('\n')}`)).toBeUndefined();
  });

  it('quotes for sh and refuses paths that would break the header', () => {
    expect(shQuote("a b'c$d")).toBe(`'a b'\\''c$d'`);
    expect(unsafePathReason('usr/bin/rpm')).toBe('is not an absolute path');
    expect(unsafePathReason('/usr/bin/rpm\n# real-rpm: "/tmp/x"')).toMatch(/control character/);
    expect(unsafePathReason('/usr/bin/rpm')).toBeUndefined();
  });
});
