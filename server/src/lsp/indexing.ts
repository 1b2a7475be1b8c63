// Indexing a workspace's closed templates on worker threads. The server's own thread stays free for the documents
// being edited while thousands of files are linted, both cores do the work, and the garbage a lint leaves behind
// goes away with the workers instead of growing the server's heap: the server keeps only what a closed file needs
// (its text, record, findings and the partials it read).
import type { Finding, WorkspaceRecord } from '../engine/index.ts';
import { findingSharer, planTasks, PoolFailure, poolData, runPool, serveTasks, workerCount, workerHeapLimits } from '../cli/parallel.ts';
import type { ServerSettings } from './settings.ts';
import { sizeCachesForOnePass } from '../engine/caches.ts';
import { AS_YOU_TYPE_LIMIT, WorkspaceLinter } from './linting.ts';

/** A closed template linted by a worker, as the server stores it (see `WorkspaceLinter.storeIndexed`). */
export interface IndexedFile {
  path: string;
  text: string;
  /** The record without its config: the server resolves the config again (user rules do not cross threads). */
  record: Omit<WorkspaceRecord, 'config'>;
  own: Finding[];
  /** Partial files this lint read, nested ones too. */
  partials: string[];
}

/** One path's outcome: the file, or nothing when it could not be read; and what the lint logged. */
export interface IndexOutcome {
  path: string;
  file?: IndexedFile;
  logs: string[];
  /** Rules that threw on this file (the other rules' findings still count). */
  ruleErrors: Array<{ ruleId: string; message: string; stack?: string }>;
}

interface IndexData {
  settings: ServerSettings;
  folders: string[];
  /** Unsaved text of open documents, by path, so templates read the partials being edited. */
  open: Record<string, string>;
}

export interface IndexOptions {
  /** The worker script: the server bundle itself (it serves index tasks when it runs as a pool worker). */
  script: string;
  settings: ServerSettings;
  folders: string[];
  open: Map<string, string>;
  /** Force the number of workers; else `workerCount` decides from the number of files. */
  workers?: number;
}

/** How many workers indexing `count` files should use (1: lint on the server's thread). `CANDOR_WORKERS` overrides. */
export function indexWorkers(count: number, forced = Number(process.env.CANDOR_WORKERS)): number {
  if (Number.isInteger(forced) && forced > 0) return Math.min(forced, Math.max(1, count));
  return workerCount(count, 0);
}

/**
 * Lints `paths` (closed templates, read from disk) on worker threads; the outcomes come back in the order of
 * `paths`. Rejects when the pool fails (a `PoolFailure`: `indexedBeforeFailure` gives what was finished); the
 * caller lints the rest on its own thread.
 */
export async function indexInWorkers(paths: string[], options: IndexOptions): Promise<IndexOutcome[]> {
  const workers = options.workers ?? indexWorkers(paths.length);
  const tasks = planTasks(paths, paths.map(() => 0), Infinity, 32);
  const data: IndexData = { settings: options.settings, folders: options.folders, open: Object.fromEntries(options.open) };
  const share = findingSharer();
  const batches = await runPool<string[], IndexOutcome[]>(tasks, {
    script: options.script,
    workers,
    data,
    // Heap limits as the CLI's workers have, sized for the largest template linted as you type; a worker that
    // runs out fails the pool, and the files are linted on the server's thread instead.
    resourceLimits: workerHeapLimits(AS_YOU_TYPE_LIMIT),
    // One copy of each repeated finding string, as each batch arrives: the server keeps these for as long as it runs.
    onResult: (batch) => {
      for (const outcome of batch) for (const finding of outcome.file?.own ?? []) share(finding);
    },
  });
  return batches.flat();
}

/** The outcomes the workers finished before the pool failed (none for any other error). */
export function indexedBeforeFailure(error: unknown): IndexOutcome[] {
  if (!(error instanceof PoolFailure)) return [];
  const failure = error as PoolFailure<IndexOutcome[]>;
  return failure.results.filter((_, t) => failure.finished[t]).flat();
}

/** Worker side: lints each task's paths with a linter of its own (same settings and folders as the server's). */
export function serveIndexTasks(): void {
  // An index worker meets each template once, as `candor check` does.
  sizeCachesForOnePass();
  const { settings, folders, open } = poolData<IndexData>();
  let logs: string[] = [];
  let ruleErrors: IndexOutcome['ruleErrors'] = [];
  const linter = new WorkspaceLinter(
    settings,
    {
      log: (message) => logs.push(message),
      openText: (path) => open[path],
      onRuleError: (ruleId, error) => ruleErrors.push({ ruleId, message: (error as Error)?.message ?? String(error), stack: (error as Error)?.stack }),
    },
    folders,
  );
  serveTasks((paths: string[]): IndexOutcome[] =>
    paths.map((path) => {
      logs = [];
      ruleErrors = [];
      const text = linter.readFromDisk(path);
      let file: IndexedFile | undefined;
      if (text !== undefined) {
        const linted = linter.lintDetached(path, '', text, undefined);
        const { config: _config, ...record } = linted.record;
        file = { path, text, record, own: linted.own, partials: [...linted.partials] };
      }
      return { path, file, logs, ruleErrors };
    }),
  );
}
