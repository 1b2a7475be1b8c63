// Names of the temporary files Candor writes beside a file and renames over it (reports, fixed templates, the
// cache), so that a reader never sees half a file.
import { basename, dirname, join } from 'node:path';

let made = 0;

/**
 * A hidden name beside `target`, unique to this process and call: the process id, a counter and a random part
 * (another process writing beside the same file has another id).
 */
export function temporaryPathBeside(target: string): string {
  const random = Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return join(dirname(target), `.${basename(target)}.candor-${process.pid}-${++made}-${random}.tmp`);
}
