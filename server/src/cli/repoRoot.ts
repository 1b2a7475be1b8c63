// Where report paths are relative to: the git repository root above the working folder, else the working folder.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { toPosix } from '../config/load.ts';

export function repositoryRoot(cwd: string): string {
  let current = resolve(cwd);
  for (;;) {
    if (existsSync(join(current, '.git'))) return current;
    const parent = dirname(current);
    if (parent === current) return resolve(cwd);
    current = parent;
  }
}

/** The path of `file` relative to `root` with forward slashes, or undefined when it lies outside `root`. */
export function pathInside(root: string, file: string): string | undefined {
  const rel = relative(root, file);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return toPosix(rel);
}

/** A path for people and annotations: relative to `root` when inside it, else absolute. */
export function displayPath(root: string, file: string): string {
  return pathInside(root, file) ?? toPosix(file);
}
