// `--changed-since [REF]`: which lines git says changed since a ref, and which findings sit on them.
import { promisify } from 'node:util';
import type * as ChildProcess from 'node:child_process';
import { nodeChildProcess } from '../nodeModules.ts';
import { resolve } from 'node:path';
import { realpathSync } from 'node:fs';
import type { Finding } from '../engine/types.ts';
import type { TemplateModel } from '../engine/model.ts';
import { LineIndex } from '../engine/text.ts';
import type { FileResult } from './results.ts';
import { pathInside } from './repoRoot.ts';

/** `git …` in a folder, through node:child_process (loaded only by runs that ask about changes). */
function run(file: string, args: string[], options: ChildProcess.ExecFileOptionsWithStringEncoding): Promise<{ stdout: string; stderr: string }> {
  return promisify(nodeChildProcess().execFile)(file, args, options);
}

export class ChangedSinceError extends Error {}

/** What changed in one file, in the working tree's line numbers (1-based). */
export interface FileChanges {
  /** New or untracked file, or one git cannot diff line by line: every line counts as changed. */
  whole: boolean;
  /** Lines added or rewritten. */
  lines: Set<number>;
  /** Lines after which lines were deleted (0: at the top of the file). */
  deletedAfter: Set<number>;
  /** The path before a rename, repository-relative. */
  renamedFrom?: string;
}

export interface ChangeSet {
  /** The repository root git reports; keys of `files` are relative to it with `/`. */
  root: string;
  /** The commit the working tree was compared with. */
  base: string;
  /** How the base was chosen, for messages: `merge base of origin/main and HEAD`. */
  description: string;
  files: Map<string, FileChanges>;
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8', env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
  return stdout;
}

async function gitOk(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    return (await git(cwd, args)).trim();
  } catch {
    return undefined;
  }
}

/** The default branch: what `origin/HEAD` points at, else the first of main, master, origin/main, origin/master that exists. */
async function defaultBranch(root: string): Promise<string | undefined> {
  const remoteHead = await gitOk(root, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  if (remoteHead) return remoteHead;
  for (const name of ['main', 'master', 'origin/main', 'origin/master']) {
    if (await gitOk(root, ['rev-parse', '--verify', '--quiet', `${name}^{commit}`])) return name;
  }
  return undefined;
}

/**
 * The lines changed in the working tree since `ref` (or since the merge base with the default branch).
 * An explicit ref is also compared through its merge base with HEAD, so a branch that moved on since the
 * pull request forked does not make the pull request's untouched lines look changed.
 */
export async function changedSince(cwd: string, ref: string | undefined): Promise<ChangeSet> {
  const root = await gitOk(cwd, ['rev-parse', '--show-toplevel']);
  if (!root) throw new ChangedSinceError('--changed-since needs a git repository, and there is none here (is git installed?).');
  const target = ref ?? (await defaultBranch(root));
  if (!target) throw new ChangedSinceError('--changed-since without a ref compares with the default branch, but there is no origin/HEAD, main or master here; name the ref, e.g. --changed-since origin/develop.');
  const commit = await gitOk(root, ['rev-parse', '--verify', '--quiet', `${target}^{commit}`]);
  if (!commit) throw new ChangedSinceError(`--changed-since: \`${target}\` is not a commit git knows here. In CI, fetch it first (actions/checkout with fetch-depth: 0).`);
  const mergeBase = await gitOk(root, ['merge-base', commit, 'HEAD']);
  const base = mergeBase ?? commit;
  const description = mergeBase && mergeBase !== commit ? `the merge base of ${target} and HEAD (${mergeBase.slice(0, 12)})` : `${target} (${commit.slice(0, 12)})`;
  const diff = await git(root, [
    '-c', 'core.quotePath=false',
    'diff', '--no-color', '--no-ext-diff', '--no-textconv', '--find-renames', '--unified=0', '--src-prefix=a/', '--dst-prefix=b/', base, '--',
  ]);
  const files = parseUnifiedDiff(diff);
  const untracked = await git(root, ['ls-files', '--others', '--exclude-standard', '-z']);
  for (const path of untracked.split('\0')) if (path) files.set(path, { whole: true, lines: new Set(), deletedAfter: new Set() });
  return { root: resolve(root), base, description, files };
}

/** Reads `git diff --unified=0` output into changed line sets per new path. */
export function parseUnifiedDiff(diff: string): Map<string, FileChanges> {
  const files = new Map<string, FileChanges>();
  let current: FileChanges | undefined;
  let renamedFrom: string | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = undefined;
      renamedFrom = undefined;
    } else if (line.startsWith('rename from ')) renamedFrom = unquote(line.slice('rename from '.length));
    else if (line.startsWith('+++ ')) {
      const target = line.slice(4);
      if (target === '/dev/null') current = undefined;
      else {
        const path = stripPrefix(unquote(target));
        current = { whole: false, lines: new Set(), deletedAfter: new Set(), ...(renamedFrom ? { renamedFrom } : {}) };
        files.set(path, current);
      }
    } else if (line.startsWith('Binary files ') && current === undefined) {
      const m = / and (.+) differ$/.exec(line);
      if (m && m[1] !== '/dev/null') files.set(stripPrefix(unquote(m[1]!)), { whole: true, lines: new Set(), deletedAfter: new Set() });
    } else if (line.startsWith('@@') && current) {
      const m = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!m) continue;
      const removed = m[1] === undefined ? 1 : Number(m[1]);
      const start = Number(m[2]);
      const added = m[3] === undefined ? 1 : Number(m[3]);
      for (let n = start; n < start + added; n++) current.lines.add(n);
      // With no added lines, `start` is the line after which the old lines were removed.
      if (added === 0 && removed > 0) current.deletedAfter.add(start);
    }
  }
  return files;
}

function stripPrefix(path: string): string {
  return path.replace(/^[ab]\//, '');
}

/** Undoes git's C-style quoting of unusual path names (`"b/a\"b.hbs"`, octal escapes for bytes). */
export function unquote(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"')) return text;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[i + 1]!;
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Rules whose findings judge a whole message path (one message a customer can get) rather than the words
 * they are reported on. Their finding is anchored on one line, but an edit anywhere in that message can
 * cause or cure it.
 */
const MESSAGE_PATH_RULES = new Set(['missing-next-update', 'apology-without-action']);

/** Decides which findings of a run sit on changed lines. */
export class ChangedFilter {
  private readonly lineIndexes = new Map<string, LineIndex>();

  constructor(private readonly changes: ChangeSet) {}

  private linesOf(text: string): LineIndex {
    let lines = this.lineIndexes.get(text);
    if (!lines) this.lineIndexes.set(text, (lines = new LineIndex(text)));
    return lines;
  }

  /** The repository root git reported. */
  get root(): string {
    return this.changes.root;
  }

  /** A file's path relative to the repository root, as git names it (symbolic links in the path resolved). */
  relativePath(filePath: string): string | undefined {
    const direct = pathInside(this.changes.root, filePath);
    if (direct !== undefined) return direct;
    try {
      return pathInside(this.changes.root, realpathSync(filePath));
    } catch {
      return undefined;
    }
  }

  /** Changes of a file, by absolute path; undefined when the file did not change. */
  changesOf(filePath: string): FileChanges | undefined {
    const rel = this.relativePath(filePath);
    return rel === undefined ? undefined : this.changes.files.get(rel);
  }

  /** Whether every line from `first` to `last` changed. */
  allChanged(filePath: string, first: number, last: number): boolean {
    const changes = this.changesOf(filePath);
    if (!changes) return false;
    if (changes.whole) return true;
    for (let n = first; n <= last; n++) if (!changes.lines.has(n)) return false;
    return true;
  }

  private touches(filePath: string, text: string | undefined, range: [number, number], lines?: LineIndex, withDeletions = false): boolean {
    const changes = this.changesOf(filePath);
    if (!changes) return false;
    if (changes.whole) return true;
    const index = lines ?? this.linesOf(text ?? '');
    const first = index.position(range[0]).line;
    const last = index.position(Math.max(range[0], range[1] - (range[1] > range[0] ? 1 : 0))).line;
    for (let n = first; n <= last; n++) if (changes.lines.has(n)) return true;
    if (withDeletions) for (let n = first - 1; n <= last; n++) if (changes.deletedAfter.has(n)) return true;
    return false;
  }

  /**
   * Whether a finding counts as changed: its own lines changed; or, for a finding inside a partial, the
   * partial's flagged lines changed; or, for a message-path finding, any line of prose on that message
   * path changed or lost lines (in the template or in a partial it includes).
   */
  isChanged(finding: Finding, result: FileResult, model?: () => TemplateModel | undefined): boolean {
    const lines = this.linesOf(result.text);
    if (this.touches(result.filePath, result.text, finding.range, lines)) return true;
    for (const related of finding.related) {
      if (related.path === result.filePath) continue;
      const changes = this.changesOf(related.path);
      if (!changes) continue;
      if (changes.whole) return true;
      for (let n = related.start.line; n <= related.end.line; n++) if (changes.lines.has(n)) return true;
    }
    if (!MESSAGE_PATH_RULES.has(finding.ruleId)) return false;
    const built = model?.();
    if (!built) return false;
    for (const path of built.paths) {
      const holds = path.segments.some((s) =>
        s.callSite ? s.callSite[0] === finding.range[0] && s.callSite[1] === finding.range[1] : s.originPath === built.path && s.offsets.length > 0 && s.offsets.start(0) <= finding.range[0] && finding.range[0] <= s.offsets.end(s.offsets.length - 1),
      );
      if (!holds) continue;
      for (const segment of path.segments) {
        if (!segment.offsets.length) continue;
        const span: [number, number] = [segment.offsets.start(0), segment.offsets.end(segment.offsets.length - 1)];
        if (segment.callSite && this.touches(built.path, built.text, segment.callSite, lines, true)) return true;
        if (segment.originPath === built.path) {
          if (this.touches(built.path, built.text, span, lines, true)) return true;
        } else if (this.touches(segment.originPath, segment.originText, span, undefined, true)) return true;
      }
    }
    return false;
  }
}
