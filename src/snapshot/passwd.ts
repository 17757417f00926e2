/**
 * User names for uids, as ps prints them. The processes are the live
 * system's, so the names come from the live system's /etc/passwd even when
 * --root names another tree. Only /etc/passwd is read (no NSS: LDAP or SSSD
 * users show as their uid number, as ps does for a uid it cannot name).
 */
import { readProcText } from './proc-files.js';

/** name:password:uid:gid:gecos:home:shell (passwd(5)); lines that do not fit are skipped. */
export function parsePasswd(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#') || line.startsWith('+') || line.startsWith('-')) continue;
    const f = line.split(':');
    const uid = Number(f[2]);
    if (f.length < 7 || f[2] === '' || !Number.isSafeInteger(uid)) continue;
    if (!names.has(uid)) names.set(uid, f[0] as string); // the first entry wins, as getpwuid(3) returns it
  }
  return names;
}

export function liveUserNames(passwdFile = '/etc/passwd'): Map<number, string> {
  return parsePasswd(readProcText(passwdFile) ?? '');
}

export function userName(names: ReadonlyMap<number, string>, uid: number): string {
  return names.get(uid) ?? String(uid);
}
