/**
 * Pure parser for /proc/net/tcp, tcp6, udp and udp6 (the kernel's
 * Documentation/networking/proc_net_tcp.rst): one socket per line,
 * "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...".
 *
 * Listening, as netstat -l and ss -l mean it:
 * - TCP: state 0A (TCP_LISTEN in include/net/tcp_states.h).
 * - UDP has no listen state: a socket bound to a port and not connected
 *   (state 07, TCP_CLOSE, with remote port 0) is a server waiting for
 *   datagrams; a connected one (state 01) is a client such as a resolver.
 */
import { ParseError } from '../errors.js';
import type { ListeningSocket, SocketProto } from './model.js';
import { formatIPv4, formatIPv6, hexAddressBytes, type Endianness } from './net-address.js';

const TCP_LISTEN = '0A';
const TCP_CLOSE = '07';
const TCP_SYN_RECV = '03';

export function parseProcNet(text: string, proto: SocketProto, source: string, endianness: Endianness = 'LE'): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (index === 0 || line.trim() === '') return; // the header
    const s = parseLine(line, proto, source, index + 1, endianness);
    if (s) sockets.push(s);
  });
  return sockets;
}

function parseLine(line: string, proto: SocketProto, source: string, lineNo: number, endianness: Endianness): ListeningSocket | undefined {
  const f = line.trim().split(/\s+/);
  if (f.length < 10) throw new ParseError(source, lineNo, 1, `expected at least 10 columns, found ${f.length}`);
  const state = f[3] as string;
  const remotePort = (f[2] as string).split(':')[1];
  const listening = proto.startsWith('tcp') ? state === TCP_LISTEN : state === TCP_CLOSE && remotePort === '0000';
  if (!listening) return undefined;
  const [addressHex = '', portHex = ''] = (f[1] as string).split(':');
  const bytes = hexAddressBytes(addressHex, endianness);
  const wantLength = proto.endsWith('6') ? 16 : 4;
  if (!bytes || bytes.length !== wantLength || !/^[0-9A-Fa-f]{4}$/.test(portHex)) {
    throw new ParseError(source, lineNo, column(line, f[1] as string), `'${f[1]}' is not a ${proto} address:port`);
  }
  const uid = Number(f[7]);
  const inode = Number(f[9]);
  if (!Number.isSafeInteger(uid) || !Number.isSafeInteger(inode)) {
    throw new ParseError(source, lineNo, column(line, f[7] as string), 'uid or inode is not a number');
  }
  return {
    proto,
    address: wantLength === 4 ? formatIPv4(bytes) : formatIPv6(bytes),
    port: parseInt(portHex, 16),
    inode,
    uid,
    pids: [],
  };
}

function column(line: string, token: string): number {
  return line.indexOf(token) + 1;
}

/** The st column (4th) of a /proc/net line, e.g. '0A'. */
export function lineState(line: string): string | undefined {
  return line.trim().split(/\s+/, 4)[3];
}

/**
 * Whether reading /proc/net/tcp or tcp6 must go on after this line. The kernel
 * lists the listening hash before the established hash (tcp_get_idx() in
 * net/ipv4/tcp_ipv4.c: listening_get_first, then established_get_first), so
 * the first ESTABLISHED, TIME_WAIT, ... line means no listener follows.
 * SYN_RECV (03) lines go on: kernels before 4.4 (RHEL 7) print pending
 * connection requests under each listener.
 */
export function moreTcpListenersMayFollow(line: string): boolean {
  const state = lineState(line);
  return state === TCP_LISTEN || state === TCP_SYN_RECV;
}

/** The inode of an fd link target "socket:[12345]", else undefined. */
export function socketInode(linkTarget: string): number | undefined {
  if (!linkTarget.startsWith('socket:[') || !linkTarget.endsWith(']')) return undefined;
  const n = Number(linkTarget.slice(8, -1));
  return Number.isSafeInteger(n) ? n : undefined;
}
