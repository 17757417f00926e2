/**
 * Addresses as /proc/net/{tcp,udp}{,6} print them, and their usual text form.
 *
 * The kernel prints each 32-bit word of the address with "%08X" as the CPU
 * holds it (net/ipv4/tcp_ipv4.c get_tcp4_sock(), net/ipv6/tcp_ipv6.c
 * get_tcp6_sock()), i.e. network-order bytes read as a host integer: on a
 * little-endian machine 127.0.0.1 appears as 0100007F. Ports are converted
 * with ntohs() first and print as plain hex.
 */

export type Endianness = 'LE' | 'BE';

/** Bytes of the address in network order, from the kernel's hex words. Undefined for malformed hex. */
export function hexAddressBytes(hex: string, endianness: Endianness): number[] | undefined {
  if ((hex.length !== 8 && hex.length !== 32) || !/^[0-9A-Fa-f]+$/.test(hex)) return undefined;
  const bytes: number[] = [];
  for (let w = 0; w < hex.length; w += 8) {
    const word: number[] = [];
    for (let b = 0; b < 8; b += 2) word.push(parseInt(hex.slice(w + b, w + b + 2), 16));
    bytes.push(...(endianness === 'LE' ? word.reverse() : word));
  }
  return bytes;
}

export function formatIPv4(bytes: readonly number[]): string {
  return bytes.join('.');
}

/**
 * RFC 5952 text: lower-case hex without leading zeros; the longest run of two
 * or more zero groups (the first of equal runs) becomes "::"; IPv4-mapped
 * addresses keep the dotted quad (section 5): ::ffff:127.0.0.1.
 */
export function formatIPv6(bytes: readonly number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${formatIPv4(bytes.slice(12))}`;
  }
  const [start, length] = longestZeroRun(groups);
  const hex = groups.map((g) => g.toString(16));
  if (length < 2) return hex.join(':');
  return `${hex.slice(0, start).join(':')}::${hex.slice(start + length).join(':')}`;
}

function longestZeroRun(groups: readonly number[]): [number, number] {
  let best: [number, number] = [-1, 0];
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > best[1]) best = [i, j - i];
    i = j;
  }
  return best;
}

/** 0.0.0.0 and :: accept connections on every address of the machine (and :: on IPv4 too unless IPV6_V6ONLY). */
export function isAllAddresses(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}
