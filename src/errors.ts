/**
 * The closed set of saferpm's errors and the exit-code table.
 *
 * rpm exits with the number of arguments that failed, so any small number can
 * come from rpm. saferpm's own codes stay in the sysexits(3) range 64-78 plus
 * two of its own just above it; rpm and dnf codes pass through unchanged.
 */
export const EXIT = {
  OK: 0,
  /** Command line cannot be understood (sysexits EX_USAGE). */
  USAGE: 64,
  /** Input exists but is not what it should be: not an rpm, truncated, a source package (EX_DATAERR). */
  DATAERR: 65,
  /** A named input file does not exist or cannot be read (EX_NOINPUT). */
  NOINPUT: 66,
  /** A required tool (rpm, dnf, rpmbuild) is not installed (EX_UNAVAILABLE). */
  UNAVAILABLE: 69,
  /** A bug in saferpm (EX_SOFTWARE). */
  SOFTWARE: 70,
  /** A state file (record, note, backup) could not be created (EX_CANTCREAT). */
  CANTCREAT: 73,
  /** Reading or writing failed part way (EX_IOERR). */
  IOERR: 74,
  /** Another saferpm run holds the lock on this root (EX_TEMPFAIL). */
  TEMPFAIL: 75,
  /** Needs root, or a file's owner or mode is unsafe (EX_NOPERM). */
  NOPERM: 77,
  /** A configuration or plan file is invalid (EX_CONFIG). */
  CONFIG: 78,
  /** saferpm refused the plan: the change would be unsafe (nothing was changed). */
  REFUSED: 79,
  /** The packages are in place but the boot check says: do not reboot. */
  BOOT_UNSAFE: 80,
  /** rpm exited 0 but reported a failure on the way (a scriptlet failed): look at its output. */
  RPM_PROBLEMS: 81,
  /** --one-at-a-time stopped after a group whose checks failed; the groups after it were not applied. */
  STOPPED: 82,
  /** saferpm was interrupted by SIGINT (128 + 2) or SIGTERM (128 + 15), as shells report it. */
  INTERRUPTED_INT: 130,
  INTERRUPTED_TERM: 143,
} as const;

/**
 * What each exit code means, in the words of --help, README and the man page
 * (src/cli/help-text.ts builds the table from this and EXIT, so a new code
 * cannot be left out of the help).
 */
export const EXIT_MEANING: Record<keyof typeof EXIT, string> = {
  OK: "success (for 'boot check' and 'preflight': safe to reboot)",
  USAGE: 'usage error: the command line cannot be understood',
  DATAERR: 'bad input: not an rpm package, truncated, corrupted, a source package',
  NOINPUT: 'input file missing or unreadable',
  UNAVAILABLE: 'a required tool (rpm, dnf) is missing',
  SOFTWARE: 'internal error in saferpm',
  CANTCREAT: 'a state file (run record, note, backup) could not be created',
  IOERR: 'I/O error while writing state (disk full)',
  TEMPFAIL: 'another saferpm run holds the lock on this root',
  NOPERM: 'permission problem: needs root, or an unsafe owner/mode of state',
  CONFIG: 'invalid configuration or plan file',
  REFUSED: 'refused: saferpm will not carry out this change; nothing was changed',
  BOOT_UNSAFE: 'do not reboot: the boot check failed (packages may be installed)',
  RPM_PROBLEMS: 'rpm exited 0 but reported a failure (e.g. a scriptlet failed)',
  STOPPED: '--one-at-a-time stopped after a group whose checks failed',
  INTERRUPTED_INT: 'interrupted by SIGINT (the run record says what was done)',
  INTERRUPTED_TERM: 'interrupted by SIGTERM (the run record says what was done)',
};

export type ExitCode = (typeof EXIT)[keyof typeof EXIT] | number;

/** Base of every error saferpm raises on purpose; anything else is a bug (EXIT.SOFTWARE). */
export class SaferpmError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    /** What to do next, with the exact command when there is one. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UsageError extends SaferpmError {
  constructor(message: string, hint = "see 'saferpm --help'") {
    super(message, EXIT.USAGE, hint);
  }
}

/** A named input is missing (NOINPUT) or is not what it should be (DATAERR). */
export class InputError extends SaferpmError {
  constructor(
    readonly file: string,
    message: string,
    exitCode: number = EXIT.DATAERR,
    hint?: string,
  ) {
    super(`${file}: ${message}`, exitCode, hint);
  }
}

export class ToolMissingError extends SaferpmError {
  constructor(readonly tool: string, debianPackage?: string) {
    super(
      `${tool} is not installed or not on PATH`,
      EXIT.UNAVAILABLE,
      debianPackage ? `install it, e.g. 'dnf install ${debianPackage}' or 'apt-get install ${debianPackage}'` : undefined,
    );
  }
}

/** A state file or folder under the root could not be written safely. */
export class StateError extends SaferpmError {
  constructor(readonly path: string, message: string, exitCode: number = EXIT.CANTCREAT, hint?: string) {
    super(`${path}: ${message}`, exitCode, hint);
  }
}

export class LockError extends SaferpmError {
  constructor(readonly lockPath: string, holder: string) {
    super(
      `another saferpm run holds the lock ${lockPath} (${holder})`,
      EXIT.TEMPFAIL,
      'wait for it to finish; if no saferpm is running, the lock is stale and is taken over automatically',
    );
  }
}

export class PermissionError extends SaferpmError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.NOPERM, hint);
  }
}

export class ConfigError extends SaferpmError {
  constructor(readonly file: string, message: string, readonly line?: number) {
    super(`${file}${line ? `:${line}` : ''}: ${message}`, EXIT.CONFIG);
  }
}

/** saferpm looked at the plan and will not carry it out; nothing was changed. */
export class RefusedError extends SaferpmError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.REFUSED, hint);
  }
}

/**
 * A parser could not make sense of its input. Every parser in saferpm throws
 * this, and only this, with where the problem is (the fuzz tests hold them to it).
 */
export class ParseError extends SaferpmError {
  constructor(
    readonly source: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${source}:${line}:${column}: ${reason}`, EXIT.DATAERR);
  }
}

export function isSaferpmError(e: unknown): e is SaferpmError {
  return e instanceof SaferpmError;
}
