/**
 * saferpm's findings about a dnf run: a warning is reported and recorded; a
 * refusal stops the run before dnf changes anything, unless its override
 * option is given (then it is recorded as a warning).
 */
export interface Finding {
  level: 'warn' | 'refuse';
  /** Stable identifier for scripts reading the report: 'installonly-limit-off', 'fewer-kernels', ... */
  code: string;
  message: string;
  /** The saferpm option that lets a refused transaction run anyway. */
  override?: string;
}

export const warn = (code: string, message: string): Finding => ({ level: 'warn', code, message });
export const refuse = (code: string, message: string, override: string): Finding => ({ level: 'refuse', code, message, override });
