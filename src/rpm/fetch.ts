/**
 * `rpm -Uvh http://host/x-release.rpm`: rpm fetches a URL argument to a
 * temporary file (urlGetFile through %__urlhelpercmd, curl, into %_tmppath)
 * and installs from there. saferpm does the same before it reads any header:
 * each http(s) URL is downloaded with Node's fetch into a private folder
 * (mkdtemp, mode 0700) under the system's temporary directory, outside the
 * root (so --dry-run writes nothing under it), checked to be an RPM by its
 * lead, used as a file, and removed when the run ends. A failed download
 * stops the run before anything changed, naming the URL. ftp:// is refused
 * with a clear message: Node has no FTP client and saferpm adds no dependency
 * for it (README, "Differences from rpm, on purpose").
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EXIT, InputError } from '../errors.js';

const LEAD_MAGIC = Buffer.from([0xed, 0xab, 0xee, 0xdb]);
const LEAD_SIZE = 96;
/** A slow mirror may take minutes for a large kernel; a dead one should not hang a cron job forever. */
const TIMEOUT_MS = 10 * 60_000;

export const isPackageUrl = (arg: string): boolean => /^(https?|ftp):\/\//i.test(arg);

export interface FetchedPackages {
  /** The package arguments with every URL replaced by its downloaded file. */
  packages: string[];
  /** URL -> downloaded file, for the plan's explanation. */
  downloads: { url: string; file: string; bytes: number }[];
  /** Removes the downloaded files. */
  cleanup(): Promise<void>;
}

export async function fetchPackageUrls(given: readonly string[]): Promise<FetchedPackages> {
  for (const arg of given) {
    if (/^ftp:\/\//i.test(arg)) {
      throw new InputError(arg, 'ftp:// URLs are not downloaded by saferpm; nothing was changed', EXIT.NOINPUT, `download it first (curl -O '${arg}'), then give the file`);
    }
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'saferpm-download-'));
  const cleanup = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    const downloads: FetchedPackages['downloads'] = [];
    const packages: string[] = [];
    for (const [i, arg] of given.entries()) {
      if (!isPackageUrl(arg)) {
        packages.push(arg);
        continue;
      }
      const file = path.join(dir, `${i}-${fileNameOf(arg)}`);
      const bytes = await download(arg, file);
      downloads.push({ url: arg, file, bytes });
      packages.push(file);
    }
    return { packages, downloads, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

/** A plain file name from the URL's last path segment (rpm prints it in its progress lines). */
function fileNameOf(url: string): string {
  let base = '';
  try {
    base = decodeURIComponent(path.posix.basename(new URL(url).pathname));
  } catch {
    /* not a valid URL: download() says so */
  }
  const safe = base.replace(/[^A-Za-z0-9._+-]/g, '_');
  return safe && safe !== '.' && safe !== '..' ? safe : 'package.rpm';
}

async function download(url: string, file: string): Promise<number> {
  const failed = (why: string): InputError => new InputError(url, `download failed: ${why}; nothing was changed`, EXIT.NOINPUT, 'check the URL (and the proxy: saferpm does not read http_proxy), or download the package first and give the file');
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw failed(cause?.code ?? cause?.message ?? (e as Error).message);
  }
  if (!response.ok || !response.body) throw failed(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  // O_EXCL with mode 0600 inside a fresh 0700 folder: nothing planted can be written through.
  const sink = createWriteStream(file, { flags: 'wx', mode: 0o600 });
  let bytes = 0;
  let head = Buffer.alloc(0);
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      if (head.length < LEAD_SIZE) head = Buffer.concat([head, Buffer.from(chunk)]).subarray(0, LEAD_SIZE);
      bytes += chunk.length;
      if (!sink.write(chunk)) await new Promise<void>((resolve) => sink.once('drain', () => resolve()));
    }
  } catch (e) {
    sink.destroy();
    throw failed(`the transfer broke off after ${bytes} bytes (${(e as Error).message})`);
  }
  await new Promise<void>((resolve, reject) => sink.end((err?: Error | null) => (err ? reject(err) : resolve())));
  if (bytes < LEAD_SIZE || !head.subarray(0, 4).equals(LEAD_MAGIC)) {
    const type = response.headers.get('content-type');
    throw new InputError(url, `is not an rpm package: the server sent ${bytes} bytes${type ? ` of ${type}` : ''}; nothing was changed`, EXIT.DATAERR, 'check the URL: it should name a .rpm file');
  }
  return bytes;
}
