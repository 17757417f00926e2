/**
 * The command the shim runs for install modes: this saferpm. Installed from
 * the RPM, process.argv[1] is the launcher /usr/bin/saferpm (executable, with
 * a #! line); run as 'node dist/saferpm.mjs', it is node and the bundle.
 * Paths are kept as given, not resolved through symlinks, so that a
 * reinstalled or rebuilt saferpm behind the same path is still found.
 */
import path from 'node:path';
import { isExecutableFile, readHead } from './inspect.js';

export function saferpmCommand(argv1 = process.argv[1], node = process.execPath): string[] {
  if (!argv1) return [node];
  const script = path.resolve(argv1);
  if (isExecutableFile(script) && readHead(script, 2, true) === '#!') return [script];
  return [node, script];
}
