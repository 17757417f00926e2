/**
 * While saferpm changes a system, SIGINT and SIGTERM must not kill it half way:
 * the signal is noted (and forwarded to rpm by runCommand's forwardSignals),
 * rpm is waited for, the run record says "interrupted", the lock is released,
 * and no further step starts.
 */
export class InterruptGuard {
  signal: NodeJS.Signals | undefined;
  private readonly handler = (s: NodeJS.Signals): void => {
    this.signal ??= s;
  };

  start(): this {
    process.on('SIGINT', this.handler);
    process.on('SIGTERM', this.handler);
    return this;
  }

  stop(): void {
    process.off('SIGINT', this.handler);
    process.off('SIGTERM', this.handler);
  }
}
