/** The exit-code table as printed by --help and written in README and the man page. */
export const EXIT_CODE_HELP = `Exit codes:
  0        success (for 'boot check' and 'preflight': safe to reboot)
  1-63     rpm's or dnf's own exit code, passed through (rpm: failed packages)
  64       usage error: the command line cannot be understood
  65       bad input: not an rpm package, truncated, corrupted, a source package
  66       input file missing or unreadable
  69       a required tool (rpm, dnf) is missing
  70       internal error in saferpm
  73       a state file (run record, note, backup) could not be created
  74       I/O error while writing state (disk full)
  75       another saferpm run holds the lock on this root
  77       permission problem: needs root, or an unsafe owner/mode of state
  78       invalid configuration or plan file
  79       refused: saferpm will not carry out this change; nothing was changed
  80       do not reboot: the boot check failed (packages may be installed)
  81       rpm exited 0 but reported a failure (e.g. a scriptlet failed)
  82       --one-at-a-time stopped after a group whose checks failed
  130/143  interrupted by SIGINT/SIGTERM (the run record says what was done)
  128+N    rpm or dnf was killed by a signal N saferpm did not send (137: KILL)`;
