/** The result of comparing two snapshots (diff.ts): plain JSON-serialisable data. */
import type { SocketProto } from './model.js';

export const SNAPSHOT_DIFF_SCHEMA = 'saferpm.snapshot-diff/1';

/** Says which package of this run explains a path (an executable or a unit file), if any. */
export type OwnerOf = (path: string) => string | undefined;

export interface ProcessRef {
  pid: number;
  user: string;
  /** The command line as ps -ef prints it ([comm] when it has none). */
  command: string;
  exe?: string;
  /** The package of this run that owns the executable. */
  package?: string;
}

export interface PortChange {
  proto: SocketProto;
  address: string;
  port: number;
  /** Bound to 0.0.0.0 or ::: reachable on every address of the machine. */
  allAddresses: boolean;
  /** Holders of the socket (in the snapshot where it exists); empty when unknown. */
  processes: ProcessRef[];
  package?: string;
}

export interface PortOwnerChange extends PortChange {
  /** Holders before; `processes` are the holders after. */
  before: ProcessRef[];
}

export interface ServiceChange {
  name: string;
  /** Unit file state or active state before/after; absent when the unit did not exist. */
  before?: string;
  after?: string;
  file?: string;
  package?: string;
}

/** Why a process change is reported rather than filtered as noise. */
export type ProcessSignal = 'listening' | 'daemon' | 'package';

export interface ProcessChange extends ProcessRef {
  why: ProcessSignal;
}

export interface RestartedProcess {
  command: string;
  exe?: string;
  beforePids: number[];
  afterPids: number[];
  package?: string;
}

export interface SnapshotDiff {
  schema: typeof SNAPSHOT_DIFF_SCHEMA;
  before: { takenAt: string; host: string; root: string };
  after: { takenAt: string; host: string; root: string };
  ports: { opened: PortChange[]; closed: PortChange[]; ownerChanged: PortOwnerChange[] };
  services: {
    /** Now enabled (enabled, enabled-runtime) and not before. */
    enabled: ServiceChange[];
    /** Enabled before and not now (including a unit that is gone). */
    disabled: ServiceChange[];
    /** Any other change of unit file state: a new static unit, masked, unmasked, removed. */
    otherStates: ServiceChange[];
    started: ServiceChange[];
    stopped: ServiceChange[];
  };
  processes: {
    appeared: ProcessChange[];
    vanished: ProcessChange[];
    /** The same command (executable and arguments) under new pids: restarted. */
    restarted: RestartedProcess[];
    /** Processes still running an executable that was replaced or deleted since 'before' (restart them to use the new one). */
    staleExecutables: ProcessRef[];
    /** Changes left out as noise: short-lived or session processes (see diff-processes.ts). */
    filteredOut: { appeared: number; vanished: number };
  };
  notes: string[];
}
