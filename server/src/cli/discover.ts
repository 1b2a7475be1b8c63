// Finds the template files a `candor check` run covers: paths, directories and globs, honouring .gitignore.
import { readdirSync, readFileSync, statSync, existsSync, realpathSync } from 'node:fs';
import { join, resolve, dirname, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { globMatcher, relativeInside, TEMPLATE_GLOB } from '../config/load.ts';

export interface DiscoveryProblem {
  path: string;
  message: string;
}

export interface Discovery {
  files: string[];
  problems: DiscoveryProblem[];
}

export interface DiscoverOptions {
  cwd: string;
  /** Include/exclude globs for a directory, from its config. */
  globsFor: (dir: string) => { baseDir: string; include: string[]; exclude: string[] };
  /** Told how many files have been found so far, each time one more is (before the list is sorted). */
  onFound?: (count: number) => void;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

/** Walks up to the repository root collecting .gitignore rules that apply to `dir`. */
class GitIgnores {
  private cache = new Map<string, Ignore | null>();
  /** By folder: the folders from it up to the repository root that have a .gitignore. */
  private chains = new Map<string, string[]>();
  private root: string | undefined;

  constructor(start: string) {
    let current = start;
    for (;;) {
      if (existsSync(join(current, '.git'))) {
        this.root = current;
        break;
      }
      const parent = dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }

  private rulesIn(dir: string): Ignore | null {
    if (this.cache.has(dir)) return this.cache.get(dir)!;
    let rules: Ignore | null = null;
    try {
      rules = ignore().add(readFileSync(join(dir, '.gitignore'), 'utf8'));
    } catch {
      rules = null;
    }
    this.cache.set(dir, rules);
    return rules;
  }

  /**
   * Tells what a walk read of a folder's entries: one without a .gitignore among them has no rules, and nothing
   * tries to read the file (a failed read per folder was a tenth of discovering 10,000 templates in 500 folders).
   */
  listed(dir: string, hasGitignore: boolean): void {
    if (!hasGitignore && !this.cache.has(dir)) this.cache.set(dir, null);
  }

  private chainFor(folder: string): string[] {
    let chain = this.chains.get(folder);
    if (!chain) {
      chain = [];
      const top = this.root ?? folder;
      let dir = folder;
      while (dir.startsWith(top)) {
        if (this.rulesIn(dir)) chain.push(dir);
        if (dir === top) break;
        const parent = dirname(dir);
        if (parent === dir) break;
        dir = parent;
      }
      this.chains.set(folder, chain);
    }
    return chain;
  }

  /** Whether a .gitignore ignores `path`, whose folder is `folder` (given by a walk, which knows it). */
  ignored(path: string, isDir: boolean, folder = dirname(path)): boolean {
    for (const d of this.chainFor(folder)) {
      const rel = relativeInside(d, path) + (isDir ? '/' : '');
      if (rel && !rel.startsWith('..') && this.rulesIn(d)!.ignores(rel)) return true;
    }
    return false;
  }
}

export function discoverFiles(patterns: string[], options: DiscoverOptions): Discovery {
  const files = new Set<string>();
  const onFound = options.onFound;
  const add = (file: string) => {
    const before = files.size;
    files.add(file);
    if (onFound && files.size > before) onFound(files.size);
  };
  const problems: DiscoveryProblem[] = [];
  const gitignores = new GitIgnores(options.cwd);
  const inputs = patterns.length ? patterns : ['.'];
  // A folder's globs are the same for every file in it: asked for once per folder (a config look-up each).
  const byFolder = new Map<string, ReturnType<DiscoverOptions['globsFor']>>();
  const globsFor = (dir: string) => {
    let globs = byFolder.get(dir);
    if (!globs) byFolder.set(dir, (globs = options.globsFor(dir)));
    return globs;
  };
  const walked: WalkState = { links: false, globsFor, folder: '' };
  for (const input of inputs) {
    const absolute = resolve(options.cwd, input);
    let stats;
    let statError: string | undefined;
    try {
      stats = statSync(absolute);
    } catch (error) {
      stats = undefined;
      statError = (error as NodeJS.ErrnoException).code;
    }
    if (statError === 'ELOOP') {
      problems.push({ path: input, message: 'Symbolic link loop (it points back at itself); skipped.' });
      continue;
    }
    if (statError === 'EACCES' || statError === 'EPERM') {
      problems.push({ path: input, message: `Permission denied (${statError}); skipped.` });
      continue;
    }
    if (stats?.isFile()) {
      add(absolute);
      continue;
    }
    if (stats?.isDirectory()) {
      const before = files.size;
      walk(absolute, gitignores, add, problems, walked);
      if (files.size === before) problems.push({ path: input, message: 'No templates found here (looked for the configured `include` globs, default **/*.{hbs,handlebars}).' });
      continue;
    }
    if (picomatch.scan(input).isGlob) {
      const { base, glob } = picomatch.scan(input);
      const baseDir = resolve(options.cwd, base || '.');
      const matcher = picomatch(glob, { dot: false });
      const before = files.size;
      for (const file of walkAll(baseDir, gitignores, problems, walked)) if (matcher(relativeInside(baseDir, file))) add(file);
      if (files.size === before) problems.push({ path: input, message: 'No files match this pattern.' });
      continue;
    }
    problems.push({ path: input, message: stats ? 'Not a file or a directory (a device, socket or pipe); skipped.' : 'No such file or directory.' });
  }
  const sorted = [...files].sort();
  // Two different paths name one file only through a symbolic link: met in a walk, or given as (or inside) one of
  // several inputs. One folder walked without meeting any needs no realpath per file (≈ 20–40 ms for 10,000).
  return { files: inputs.length > 1 || walked.links ? onePathPerFile(sorted) : sorted, problems };
}

/**
 * What the walks of one discovery share: whether any of them met a symbolic link, the folders' globs, and the
 * folder of the file `walkAll` yielded last (so nothing computes it again from the path).
 */
interface WalkState {
  links: boolean;
  globsFor: DiscoverOptions['globsFor'];
  folder: string;
}

/** The same file reached twice (a path given twice, through a symbolic link) is linted once, under its first path. */
function onePathPerFile(files: string[]): string[] {
  const seen = new Set<string>();
  return files.filter((file) => {
    let real = file;
    try {
      // One realpath(3) call per file; the JavaScript realpathSync walks and lstats every folder of every path
      // (about 0.12 s of the main thread for 10,000 templates, before any worker can start).
      real = realpathSync.native(file);
    } catch {
      /* deleted since: lintFiles reports it */
    }
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}

function walk(dir: string, gitignores: GitIgnores, add: (file: string) => void, problems: DiscoveryProblem[], state: WalkState): void {
  for (const file of walkAll(dir, gitignores, problems, state)) {
    const { baseDir, include, exclude } = state.globsFor(state.folder);
    const rel = relativeInside(baseDir, file);
    const included = globMatcher(include.length ? include : [TEMPLATE_GLOB], false);
    // The path from the walked folder is only needed when the one from the config's folder does not match.
    if (!(included(rel) || included(relativeInside(dir, file)))) continue;
    if (exclude.length && globMatcher(exclude, true)(rel)) continue;
    add(file);
  }
}

function* walkAll(dir: string, gitignores: GitIgnores, problems: DiscoveryProblem[], state: WalkState): Generator<string> {
  const stack = [dir];
  const seen = new Set<string>();
  try {
    const s = statSync(dir);
    seen.add(s.ino + ':' + s.dev);
  } catch {
    /* reported when it is read */
  }
  while (stack.length) {
    const current = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: current, message: `Cannot read this folder (${(error as NodeJS.ErrnoException).code ?? error}).` });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : -1));
    gitignores.listed(current, entries.some((entry) => entry.name === '.gitignore'));
    // `current` is a normalised absolute path and an entry's name holds no separator, so this is what `join` gives,
    // without its normalising pass (a third of discovering 10,000 templates).
    const prefix = current.endsWith(sep) ? current : current + sep;
    for (const entry of entries) {
      const full = prefix + entry.name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        state.links = true;
        try {
          const s = statSync(full);
          isDir = s.isDirectory();
          isFile = s.isFile();
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          problems.push({ path: full, message: code === 'ELOOP' ? 'Symbolic link loop; skipped.' : `Broken symbolic link (${code ?? 'unreadable'}); skipped.` });
          continue;
        }
      }
      if (isDir) {
        if (SKIP_DIRS.has(entry.name) || gitignores.ignored(full, true)) continue;
        let real = full;
        try {
          const s = statSync(full);
          real = s.ino + ':' + s.dev;
        } catch {
          /* unreadable: walking it reports the problem */
        }
        if (seen.has(real)) continue;
        seen.add(real);
        stack.push(full);
      } else if (isFile && !gitignores.ignored(full, false, current)) {
        state.folder = current;
        yield full;
      }
    }
  }
}

/** Discovery with each folder's include/exclude globs from its config; problems go to `report`. */
export function discoverTemplates(
  patterns: string[],
  cwd: string,
  resolver: { forFile(path: string): { baseDir: string; include: string[]; exclude: string[] } },
  report: (problem: DiscoveryProblem) => void,
  onFound?: (count: number) => void,
): string[] {
  const discovery = discoverFiles(patterns, {
    cwd,
    onFound,
    globsFor: (dir) => {
      const config = resolver.forFile(resolve(dir, '_'));
      return { baseDir: config.baseDir, include: config.include, exclude: config.exclude };
    },
  });
  discovery.problems.forEach(report);
  return discovery.files;
}
