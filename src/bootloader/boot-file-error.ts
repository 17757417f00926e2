/**
 * A boot file the boot loader needs is missing or cannot be read by it: the
 * `config` check reports the message and its own short reason (naming the
 * file and the rule); `boot info` exits with EXIT.NOINPUT.
 */
import { EXIT, InputError } from '../errors.js';

export class BootFileError extends InputError {
  constructor(file: string, message: string, readonly reason: string, hint?: string) {
    super(file, message, EXIT.NOINPUT, hint);
  }
}
