// A small worker-thread pool for `candor check`: both cores of a CI machine lint half the files each. Generic (it
// knows nothing of Candor's engine) so it can be tested alone; see `docs/performance.md` ("Wiring the CLI") for how
// main.ts and lintFiles.ts use it.
//
// Protocol (main → worker): { id, task } per task; worker → main: { id, result } or { id, error }. Tasks go out in
// small batches on demand, so a worker that got quick files takes more: no shard waits on a slow one. With `local`,
// this thread is one of the pool's threads: it runs a task whenever it has nothing else to do.
import type { ResourceLimits, Worker } from 'node:worker_threads';
import { nodeOs, nodeWorkerThreads } from '../nodeModules.ts';
import { detached, LineIndex } from '../engine/text.ts';
import type { WorkspaceRecord } from '../engine/index.ts';
import type { Finding } from '../engine/types.ts';

export interface PoolOptions<T = unknown, R = unknown> {
  /** The script every worker runs (the CLI bundle itself: it calls `serveTasks` when it is not the main thread). */
  script: string | URL;
  /** How many threads run tasks (with `local`, this thread is one of them); see `workerCount`. */
  workers: number;
  /** Passed to every worker as `workerData` (resolver options, rule overrides…); must be structured-cloneable. */
  data?: unknown;
  /** Tasks a worker holds at a time (default 2: one running, one queued, so it never waits for the next). */
  batch?: number;
  /** Heap limits of each worker (see `workerHeapLimits`). */
  resourceLimits?: ResourceLimits;
  /** Called with each result as it arrives (before the pool resolves), e.g. to make it smaller. */
  onResult?: (result: R, index: number) => void;
  /**
   * Runs a task on this thread, which then counts as one of the `workers` (`workers: 2` starts one worker thread).
   * It takes the next task, one at a time, whenever its event loop is free, so the workers' messages are answered
   * between two of its tasks; give the workers a `batch` of 3 so that they never wait meanwhile. A task that throws
   * here fails the run as a worker's would.
   */
  local?: (task: T, index: number) => R;
  /**
   * Workers started ahead of the run (`startPoolWorker`, with the same script, data and resource limits), to be
   * used before any new one is started: a caller that knows early that it will need a pool lets a worker load
   * while it still prepares the tasks. One that has exited meanwhile is left out.
   */
  started?: readonly StartedWorker[];
}

/** A pool worker started before its pool (see `PoolOptions.started`). */
export interface StartedWorker {
  readonly worker: Worker;
  /** Whether the worker has exited (or failed to start): a pool does not use it then. */
  readonly exited: boolean;
}

/**
 * Starts one pool worker now, for a `runPool` to come (its `started`). The worker does not keep the process alive
 * until a pool uses it, and an error it meets before then only marks it `exited`, so a run that ends up needing
 * no pool, or fails before it, simply never uses it (`stopStartedWorker` ends it early).
 */
export function startPoolWorker(script: string | URL, data: unknown, resourceLimits?: ResourceLimits): StartedWorker {
  const worker = newPoolWorker(script, data, resourceLimits);
  const started = { worker, exited: false };
  worker.unref();
  worker.on('error', () => (started.exited = true));
  worker.on('exit', () => (started.exited = true));
  return started;
}

/** Ends a started worker that no pool will use. */
export function stopStartedWorker(started: StartedWorker | undefined): void {
  if (started && !started.exited) void started.worker.terminate();
}

function newPoolWorker(script: string | URL, data: unknown, resourceLimits?: ResourceLimits): Worker {
  const { Worker } = nodeWorkerThreads();
  return new Worker(script, {
    argv: [POOL_WORKER_ARGUMENT],
    workerData: { candorPool: true, data },
    ...(resourceLimits ? { resourceLimits } : {}),
  });
}

interface TaskMessage<T> {
  id: number;
  task: T;
}
type ResultMessage<R> = { id: number; result: R } | { id: number; error: string };

/**
 * Why a pool run ended early, with what it had finished: `results[i]` is task i's result where `finished[i]`.
 * The caller runs the other tasks itself; the finished ones are as good as its own.
 */
export class PoolFailure<R = unknown> extends Error {
  constructor(
    override readonly cause: Error,
    readonly results: R[],
    readonly finished: boolean[],
  ) {
    super(cause.message);
    this.name = 'PoolFailure';
  }

  get finishedCount(): number {
    return this.finished.filter(Boolean).length;
  }
}

/**
 * Where a pool's tasks come from: a list, or a function that plans the next task when a thread needs one and
 * returns undefined when there are no more (the CLI reads files as it plans, so it learns their sizes without
 * asking the file system for them first).
 */
export type TaskSource<T> = readonly T[] | (() => T | undefined);

/**
 * Runs the tasks on a pool of worker threads (and on this thread, given `local`) and resolves with the results in
 * task order (the order the source gave them). A task that throws, or a worker that dies (out of memory, say),
 * rejects the run with a `PoolFailure` holding the results finished so far, after stopping every worker: the
 * caller runs the rest inline, including any task the source had not given yet (the source is not asked again).
 */
export function runPool<T, R>(tasks: TaskSource<T>, options: PoolOptions<T, R>): Promise<R[]> {
  const source = typeof tasks === 'function' ? tasks : listSource(tasks);
  const results: R[] = [];
  const finished: boolean[] = [];
  /** The next task, asked of the source ahead of time so the pool knows whether there is one. */
  let ahead = source();
  if (ahead === undefined) return Promise.resolve(results);
  const workers = Math.max(1, Array.isArray(tasks) ? Math.min(options.workers, tasks.length) : options.workers);
  const batch = Math.max(1, options.batch ?? 2);
  let taken = 0;
  let done = 0;
  return new Promise<R[]>((resolve, reject) => {
    const pool: Worker[] = [];
    const stopped = new Set<Worker>();
    let failed = false;
    let ended = false;
    const stop = (worker: Worker) => {
      stopped.add(worker);
      void worker.terminate();
    };
    const fail = (error: Error) => {
      if (failed || ended) return;
      failed = true;
      for (const w of pool) stop(w);
      reject(new PoolFailure<R>(error, results, finished));
    };
    /** Resolves once the source is spent and every task taken has its result. */
    const endIfDone = (): boolean => {
      if (ended || failed || ahead !== undefined || done < taken) return ended;
      ended = true;
      for (const w of pool) stop(w);
      resolve(results);
      return true;
    };
    const settle = (id: number, result: R): boolean => {
      results[id] = result;
      finished[id] = true;
      options.onResult?.(result, id);
      done++;
      return endIfDone();
    };
    const take = (): { id: number; task: T } | undefined => {
      if (ahead === undefined || failed) return undefined;
      const id = taken++;
      const task = ahead;
      finished[id] = false;
      ahead = source();
      return { id, task };
    };
    const feed = (worker: Worker, inFlight: { count: number }) => {
      while (inFlight.count < batch) {
        const next = take();
        if (!next) break;
        worker.postMessage(next satisfies TaskMessage<T>);
        inFlight.count++;
      }
      if (inFlight.count === 0) stop(worker);
    };
    const local = options.local;
    if (local) {
      // After the workers have their first tasks (the loop below runs before the first step).
      const step = () => {
        const next = take();
        if (!next) return void endIfDone();
        let result: R;
        try {
          result = local(next.task, next.id);
        } catch (error) {
          return fail(error instanceof Error ? error : new Error(String(error)));
        }
        if (!settle(next.id, result) && !failed) setImmediate(step);
      };
      setImmediate(step);
    }
    const threads = local ? workers - 1 : workers;
    const ready = (options.started ?? []).filter((s) => !s.exited).map((s) => s.worker);
    for (let i = 0; i < threads; i++) {
      const adopted = ready.shift();
      // A started worker was unreferenced until a pool needed it: now it holds the process like the others.
      adopted?.ref();
      const worker = adopted ?? newPoolWorker(options.script, options.data, options.resourceLimits);
      pool.push(worker);
      const inFlight = { count: 0 };
      worker.on('message', (message: ResultMessage<R>) => {
        if (failed || ended) return;
        inFlight.count--;
        if ('error' in message) return fail(new Error(`worker task ${message.id} failed: ${message.error}`));
        if (!settle(message.id, message.result)) feed(worker, inFlight);
      });
      worker.on('error', (error) => fail(error instanceof Error ? error : new Error(String(error))));
      worker.on('exit', (code) => {
        if (!failed && !ended && !stopped.has(worker)) fail(new Error(`a worker exited early (code ${code})`));
      });
      feed(worker, inFlight);
    }
    // Started workers this run has no use for.
    for (const worker of ready) void worker.terminate();
  });
}

function listSource<T>(tasks: readonly T[]): () => T | undefined {
  let next = 0;
  return () => (next < tasks.length ? tasks[next++] : undefined);
}

/**
 * Added to a pool worker's `process.argv`, so that a bundle can tell at start-up whether it runs as one without
 * loading node:worker_threads (most runs never start a worker).
 */
const POOL_WORKER_ARGUMENT = '--candor-pool-worker';

/** Whether this thread is a pool worker (started by `runPool`). */
export function isPoolWorker(): boolean {
  if (!process.argv.includes(POOL_WORKER_ARGUMENT)) return false;
  const { isMainThread, workerData } = nodeWorkerThreads();
  return !isMainThread && !!(workerData as { candorPool?: boolean } | undefined)?.candorPool;
}

/** The `data` given to `runPool`, in a worker. */
export function poolData<D>(): D {
  return (nodeWorkerThreads().workerData as { data: D }).data;
}

/** Worker side: answers every task with `handler(task)` until the pool stops the thread. */
export function serveTasks<T, R>(handler: (task: T) => R): void {
  const { parentPort } = nodeWorkerThreads();
  if (!parentPort) throw new Error('serveTasks runs in a worker thread');
  const port = parentPort;
  port.on('message', (message: TaskMessage<T>) => {
    let reply: ResultMessage<R>;
    try {
      reply = { id: message.id, result: handler(message.task) };
    } catch (error) {
      reply = { id: message.id, error: (error as Error)?.stack ?? String(error) };
    }
    port.postMessage(reply);
  });
}

/**
 * How many workers pay for this run: 1 (lint inline) below the threshold, where starting workers (≈ 60–100 ms
 * each, and every worker compiles the rules again) costs more than it saves; else one per core, at most `max`.
 */
export function workerCount(fileCount: number, totalBytes: number, options: { max?: number; minFiles?: number; minBytes?: number; cores?: number } = {}): number {
  const { max = 8, minFiles = 300, minBytes = 400_000 } = options;
  if (fileCount < minFiles && totalBytes < minBytes) return 1;
  // Counted only for a run big enough to share (see coreCount).
  const available = options.cores ?? coreCount();
  if (available < 2) return 1;
  return Math.max(1, Math.min(available, max, Math.floor(fileCount / 50) || 1));
}

/** The cores this process may use. */
export function coreCount(): number {
  const os = nodeOs();
  try {
    return os.availableParallelism();
  } catch {
    return os.cpus().length || 1;
  }
}

/**
 * Splits files into tasks of about `targetBytes` each (by size, so one 200 KB template is its own task and does not
 * leave a worker busy at the end), at most `maxFiles` files each. Order of files inside and across tasks follows
 * the input, so results can be concatenated back in input order.
 */
export function planTasks<T = string>(files: readonly T[], sizes: readonly number[], targetBytes = 64_000, maxFiles = 64): T[][] {
  let next = 0;
  const plan = taskPlanner(() => (next < files.length ? next++ : undefined), (i) => sizes[i] ?? 0, targetBytes, maxFiles);
  const tasks: T[][] = [];
  for (let task = plan(); task; task = plan()) tasks.push(task.map((i) => files[i]!));
  return tasks;
}

/**
 * `planTasks` one task at a time, for a pool's `TaskSource`: each call takes files from `files` (undefined when
 * there are none left) until the task is full, and returns it, or undefined at the end. A file's size is asked for
 * only when it is taken, so a caller can read the file then. The file that did not fit is kept for the next task.
 */
export function taskPlanner<F>(files: () => F | undefined, sizeOf: (file: F) => number, targetBytes = 64_000, maxFiles = 64): () => F[] | undefined {
  let carried: { file: F; size: number } | undefined;
  return () => {
    const task: F[] = [];
    let bytes = 0;
    for (;;) {
      let item = carried;
      carried = undefined;
      if (!item) {
        const file = files();
        if (file === undefined) break;
        item = { file, size: sizeOf(file) };
      }
      if (task.length && (bytes + item.size > targetBytes || task.length >= maxFiles)) {
        carried = item;
        break;
      }
      task.push(item.file);
      bytes += item.size;
    }
    return task.length ? task : undefined;
  };
}

/**
 * A workspace record after a trip through `postMessage`: structured cloning keeps the data but not the
 * `LineIndex` class, which `lintWorkspace` calls methods on.
 */
export function reviveWorkspaceRecord(record: WorkspaceRecord): WorkspaceRecord {
  if (!(record.lines instanceof LineIndex)) Object.setPrototypeOf(record.lines, LineIndex.prototype);
  return record;
}

/**
 * Heap limits for a lint worker. Without them a worker's heap grows far beyond what it holds: V8 sizes a heap
 * from its limit, which a worker inherits from the process (gigabytes), and 10,000 templates left each of two
 * workers at 100–180 MB of heap for about 40 MB of live data, most of the CLI's peak memory. The old generation
 * is 128 MB and grows with the largest file (a model is about 20 times its template's size), so one huge
 * template cannot run a worker out of memory; if a worker still runs out, the pool fails and the files it had not
 * finished are linted inline, with the same report. `CANDOR_WORKER_HEAP_MB` (a whole number) sets the old
 * generation's limit instead, for machines short of memory.
 *
 * The young generation is where a lint's garbage dies: a bigger one is collected less often and promotes less.
 * `candor check` gives its workers 16 MB (10,000 templates: about 5 % less wall time than with 8 MB, for about
 * 25 MB more peak memory, 235 MB in all); the language server's index workers keep 8 MB, as their heaps add to
 * the server's own while it indexes a workspace.
 */
export function workerHeapLimits(largestFileBytes: number, youngMb = 8, forcedOldMb = process.env.CANDOR_WORKER_HEAP_MB): ResourceLimits {
  const forced = forcedOldMb !== undefined && /^\d+$/.test(forcedOldMb.trim()) ? Number(forcedOldMb) : 0;
  return { maxYoungGenerationSizeMb: youngMb, maxOldGenerationSizeMb: forced > 0 ? forced : Math.max(128, 64 + Math.ceil((largestFileBytes / 1_000_000) * 64)) };
}

/**
 * Structured cloning gives every finding its own copy of every string, yet 44,000 findings of 10,000 templates
 * carry 31 distinct messages and a hundred distinct conditions. The thread that receives them keeps them (the CLI
 * until the report is written, the server for as long as it runs), so it keeps one copy of each repeated string
 * (excerpts too: the same phrases come back in file after file), and one shared (frozen) empty list. The copy
 * kept is a flat one, so a finding made on this thread no longer holds on to its template's prose text through
 * a slice (10,000 templates: peak memory 190 → 183 MB).
 */
export function findingSharer(): (finding: Finding) => void {
  const strings = new Map<string, string>();
  const one = (text: string) => {
    const known = strings.get(text);
    if (known !== undefined) return known;
    const kept = detached(text);
    strings.set(kept, kept);
    return kept;
  };
  const none: never[] = Object.freeze([]) as unknown as never[];
  const list = <T>(items: T[]): T[] => (items.length ? items : none);
  return (finding) => {
    finding.ruleId = one(finding.ruleId);
    finding.severity = one(finding.severity) as Finding['severity'];
    finding.caseState = one(finding.caseState) as Finding['caseState'];
    finding.message = one(finding.message);
    finding.excerpt = one(finding.excerpt);
    finding.conditions = finding.conditions.length ? finding.conditions.map(one) : none;
    finding.partialChain = list(finding.partialChain);
    finding.suggestions = list(finding.suggestions);
    finding.related = list(finding.related);
    finding.tags = list(finding.tags);
  };
}
