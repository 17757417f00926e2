/**
 * A stand-in for a command that cannot run for real in a test (the reboot
 * command): a tiny shell script that appends one line per call to a shared
 * calls file and fails on anything it was not told to expect. Several
 * recorders may share one calls file, so the order of the lines is the order
 * of the calls across them.
 *
 * A line is tab-separated: the recorder's label, `uname -n`, then its
 * arguments. A call with other arguments is recorded with the label
 * UNEXPECTED:<label> and exits 97; a call made while a required file is
 * missing or empty is recorded as MISSING:<label> and exits 98.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface RecorderSpec {
  /** Folder the script is written to (outside any root: the command runs on the host). */
  dir: string;
  /** Names the script and starts each line it records (e.g. the inventory host name). */
  label: string;
  /** The shared file the lines are appended to. */
  calls: string;
  /** The only argument vector accepted (after the script's path). */
  expectArgs?: readonly string[];
  /** Files that must exist and be non-empty when it is called (written before the call, e.g. a note). */
  requireFiles?: readonly string[];
}

export interface RecordedCall {
  label: string;
  host: string;
  args: string[];
}

/** sh single-quoting. */
function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Writes the script; returns its path. */
export function writeRecorder(spec: RecorderSpec): string {
  if (/[\t\n]/.test(spec.label)) throw new Error(`recorder label must be one word: ${spec.label}`);
  const file = path.join(spec.dir, `recorder-${spec.label.replace(/[^A-Za-z0-9_.-]/g, '_')}`);
  const expect = spec.expectArgs ?? [];
  const argsMatch = [`[ "$#" -eq ${expect.length} ]`, ...expect.map((a, i) => `[ "\${${i + 1}}" = ${q(a)} ]`)].join(' && ');
  const record = (label: string): string => `{ printf '%s\\t%s' ${q(label)} "$(uname -n)"; for a in "$@"; do printf '\\t%s' "$a"; done; printf '\\n'; } >> ${q(spec.calls)}`;
  const lines = [
    '#!/bin/sh',
    `if ! { ${argsMatch}; }; then ${record(`UNEXPECTED:${spec.label}`)}; echo "recorder ${spec.label}: unexpected arguments: $*" >&2; exit 97; fi`,
    ...(spec.requireFiles ?? []).map((f) =>
      `if [ ! -s ${q(f)} ]; then ${record(`MISSING:${spec.label}`)}; echo "recorder ${spec.label}: ${f.replace(/["$`\\]/g, '')} is missing or empty" >&2; exit 98; fi`),
    record(spec.label),
    `echo "recorder ${spec.label}: recorded"`,
    '',
  ];
  writeFileSync(file, lines.join('\n'));
  chmodSync(file, 0o755);
  return file;
}

/** The calls recorded so far, in order; [] when none. */
export function recordedCalls(calls: string): RecordedCall[] {
  if (!existsSync(calls)) return [];
  return readFileSync(calls, 'utf8').split('\n').filter(Boolean).map((line) => {
    const [label = '', host = '', ...args] = line.split('\t');
    return { label, host, args };
  });
}
