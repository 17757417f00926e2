/**
 * Listening TCP and UDP sockets, IPv4 and IPv6, with the processes that hold
 * them: what netstat -lnp and ss -lnp show, read in-process.
 *
 * /proc/net is /proc/self/net: the sockets of saferpm's own network
 * namespace (a container's sockets in another namespace are not seen, as
 * with netstat). Owners are found the way netstat -p and ss -p find them: the
 * links /proc/PID/fd/N -> socket:[INODE], in ONE pass over every fd of every
 * process, looked up in a map of the listening inodes (no pid-by-socket
 * search). Reading another user's fds needs root; without it owners stay unknown.
 */
import os from 'node:os';
import type { ListeningSocket, SocketProto } from './model.js';
import { moreTcpListenersMayFollow, parseProcNet, socketInode } from './parse-proc-net.js';
import { listProcDir, readProcLinesWhile, readProcLink, readProcText } from './proc-files.js';

const PROTOS: readonly SocketProto[] = ['tcp', 'tcp6', 'udp', 'udp6'];

export interface SocketScan {
  sockets: ListeningSocket[];
  notes: string[];
}

export function scanListeningSockets(o: { procDir?: string; ownerPids: readonly number[] }): SocketScan {
  const procDir = o.procDir ?? '/proc';
  const endianness = os.endianness();
  const sockets: ListeningSocket[] = [];
  const notes: string[] = [];
  for (const proto of PROTOS) {
    const file = `${procDir}/net/${proto}`;
    // Reading tcp stops where the established sockets begin: walking the rest of the
    // established hash (sized by RAM, not by use) costs more than all listeners
    // (measured: 13 ms for a whole /proc/net/tcp of 5 sockets, half that stopping early).
    const text = proto.startsWith('tcp') ? readProcLinesWhile(file, moreTcpListenersMayFollow) : readProcText(file, 'latin1');
    if (text === undefined) {
      notes.push(`${file} is missing (${proto.endsWith('6') ? 'IPv6 disabled?' : 'no procfs network files?'}): ${proto} listeners unknown`);
      continue;
    }
    sockets.push(...parseProcNet(text, proto, file, endianness));
  }
  assignOwners(procDir, sockets, o.ownerPids);
  return { sockets: sockets.sort(compareSockets), notes };
}

/** Fill each socket's pids from one pass over /proc/PID/fd of the given processes. */
export function assignOwners(procDir: string, sockets: ListeningSocket[], pids: readonly number[]): void {
  const byInode = new Map<number, ListeningSocket[]>();
  for (const s of sockets) {
    const list = byInode.get(s.inode);
    if (list) list.push(s);
    else byInode.set(s.inode, [s]);
  }
  if (byInode.size === 0) return;
  for (const pid of pids) {
    const dir = `${procDir}/${pid}/fd`;
    for (const fd of listProcDir(dir) ?? []) {
      const target = readProcLink(`${dir}/${fd}`);
      const inode = target === undefined ? undefined : socketInode(target);
      if (inode === undefined) continue;
      for (const s of byInode.get(inode) ?? []) {
        if (s.pids[s.pids.length - 1] !== pid) s.pids.push(pid); // pids come in order: a dup()ed fd adds nothing
      }
    }
  }
}

export function compareSockets(a: ListeningSocket, b: ListeningSocket): number {
  return a.proto.localeCompare(b.proto) || a.port - b.port || a.address.localeCompare(b.address) || a.inode - b.inode;
}
