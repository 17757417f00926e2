/**
 * The order in which GRUB's blscfg lists BLS entries: newest first, by the
 * file name read as NAME-VERSION-RELEASE (rhboot/grub2
 * grub-core/commands/blscfg.c: split_package_string, split_cmp, bls_cmp,
 * bls_add_entry). grubby-bls sorts the same file names with rpm-sort. For
 * "<machine-id>-5.14.0-503.11.1.el9_5.x86_64" the release is
 * "503.11.1.el9_5.x86_64", the version "5.14.0" and the name the machine id,
 * so entries of another machine id sort by that id first. Two names that
 * compare equal are one entry to GRUB: it keeps the first it read.
 *
 * Segments compare with rpmvercmp (src/rpm/evr.ts). GRUB carries its own copy,
 * which agrees for kernel versions; it differs only on '^' (not special to
 * GRUB) and on a '+' at the very end of one name.
 */
import { rpmvercmp, type Cmp } from '../rpm/evr.js';
import type { BlsEntry } from './parse-bls.js';

/** [name, version, release] as split_package_string splits a file name. */
export function splitNvr(id: string): [string, string, string] {
  const r = id.lastIndexOf('-');
  if (r < 0) return [id, '', ''];
  const rest = id.slice(0, r);
  const release = id.slice(r + 1);
  const v = rest.lastIndexOf('-');
  // "a-b" has no version: GRUB moves the release into the version.
  if (v < 0) return [rest, release, ''];
  return [rest.slice(0, v), rest.slice(v + 1), release];
}

function compareNvr([na, va, ra]: [string, string, string], [nb, vb, rb]: [string, string, string]): Cmp {
  return rpmvercmp(na, nb) || rpmvercmp(va, vb) || rpmvercmp(ra, rb);
}

/** 1 when a is newer than b (sorts before it), as bls_cmp. */
export function compareBlsIds(a: string, b: string): Cmp {
  return compareNvr(splitNvr(a), splitNvr(b));
}

export interface SortedBls {
  entries: BlsEntry[];
  /** Entries GRUB drops because their name compares equal to one already listed. */
  dropped: { entry: BlsEntry; sameAs: BlsEntry }[];
}

/** Newest first. Input order (sorted by file name by the reader) decides which of two equals GRUB keeps. */
export function sortBlsEntries(input: readonly BlsEntry[]): SortedBls {
  const keyed = input.map((e) => ({ e, nvr: splitNvr(e.id) }));
  keyed.sort((a, b) => compareNvr(b.nvr, a.nvr));
  const entries: BlsEntry[] = [];
  const dropped: SortedBls['dropped'] = [];
  let prev: (typeof keyed)[number] | undefined;
  for (const k of keyed) {
    if (prev && compareNvr(prev.nvr, k.nvr) === 0) dropped.push({ entry: k.e, sameAs: prev.e });
    else {
      entries.push(k.e);
      prev = k;
    }
  }
  return { entries, dropped };
}
