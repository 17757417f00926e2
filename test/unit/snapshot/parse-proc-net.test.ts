import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ParseError } from '../../../src/errors.js';
import type { SocketProto } from '../../../src/snapshot/model.js';
import { parseProcNet, socketInode } from '../../../src/snapshot/parse-proc-net.js';
import { formatIPv6, hexAddressBytes, isAllAddresses } from '../../../src/snapshot/net-address.js';
import { FIXTURES } from '../../helpers/paths.js';

// Captured on x86_64 while one node process listened on these ports and also held
// an established TCP connection and a connected UDP socket (both must be left out).
const captured = (proto: SocketProto) => {
  const text = readFileSync(path.join(FIXTURES, 'snapshot', `proc-net-${proto}-listeners-v4-v6-and-a-client.txt`), 'utf8');
  return parseProcNet(text, proto, proto).map((s) => `${s.address} ${s.port} ${s.inode}`);
};

describe('/proc/net listeners', () => {
  it('tcp: LISTEN sockets only, addresses decoded from little-endian words', () => {
    expect(captured('tcp')).toEqual(['0.0.0.0 40022 13490', '0.0.0.0 2024 1685', '127.0.0.1 40025 13491']);
  });

  it('tcp6: ::, ::1 and an IPv4-mapped address', () => {
    expect(captured('tcp6')).toEqual([':: 40080 13492', '::1 40631 13493', '::ffff:127.0.0.1 40632 13494']);
  });

  it('udp: unconnected bound sockets; the connected client socket is not a listener', () => {
    expect(captured('udp')).toEqual(['0.0.0.0 40053 13495', '127.0.0.1 40123 13496']);
    expect(captured('udp6')).toEqual([':: 40546 13497', '::1 40547 13498']);
  });

  it('reads big-endian words as they are', () => {
    const line = '   0: 7F000001:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 99 1 0 100 0 0 10 0';
    expect(parseProcNet(`header\n${line}\n`, 'tcp', 't', 'BE')).toEqual([{ proto: 'tcp', address: '127.0.0.1', port: 22, inode: 99, uid: 0, pids: [] }]);
  });

  it('throws ParseError with line and column on a damaged line', () => {
    expect(() => parseProcNet('header\n   0: 0100007F:0016 00000000:0000 0A\n', 'tcp', 't')).toThrow(/t:2:1: expected at least 10 columns/);
    const bad = '   0: 0100007G:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 99';
    expect(() => parseProcNet(`header\n${bad}\n`, 'tcp', 't')).toThrow(ParseError);
    const v4in6 = '   0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 99';
    expect(() => parseProcNet(`header\n${v4in6}\n`, 'tcp6', 't6')).toThrow(/t6:2:7: '0100007F:0016' is not a tcp6 address/);
  });

  it('finds the inode in an fd link', () => {
    expect(socketInode('socket:[13490]')).toBe(13490);
    expect(socketInode('pipe:[13490]')).toBeUndefined();
    expect(socketInode('/dev/null')).toBeUndefined();
  });
});

describe('IPv6 text form (RFC 5952)', () => {
  const v6 = (groups: number[]): string => {
    const bytes = groups.flatMap((g) => [g >> 8, g & 0xff]);
    return formatIPv6(bytes);
  };
  it.each([
    [[0, 0, 0, 0, 0, 0, 0, 0], '::'],
    [[0, 0, 0, 0, 0, 0, 0, 1], '::1'],
    [[0x2001, 0xdb8, 0, 0, 0, 0, 0, 1], '2001:db8::1'],
    [[0x2001, 0xdb8, 0, 1, 1, 1, 1, 1], '2001:db8:0:1:1:1:1:1'], // one zero group is not shortened (4.2.2)
    [[0x2001, 0, 0, 1, 0, 0, 0, 1], '2001:0:0:1::1'], // the longest run (4.2.3)
    [[0x2001, 0xdb8, 0, 0, 1, 0, 0, 1], '2001:db8::1:0:0:1'], // the first of equal runs (4.2.3)
    [[0xfe80, 0, 0, 0, 0xabc, 0xff, 0xfe00, 0x1], 'fe80::abc:ff:fe00:1'],
    [[0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201], '::ffff:192.0.2.1'], // IPv4-mapped (5)
  ])('%j -> %s', (groups, text) => {
    expect(v6(groups)).toBe(text);
  });

  it('rejects hex of the wrong length', () => {
    expect(hexAddressBytes('0100007', 'LE')).toBeUndefined();
    expect(hexAddressBytes('0100007F', 'LE')).toEqual([127, 0, 0, 1]);
  });

  it('flags the wildcard addresses only', () => {
    expect(['0.0.0.0', '::', '127.0.0.1', '::1', '::ffff:0.0.0.0'].map(isAllAddresses)).toEqual([true, true, false, false, false]);
  });
});
