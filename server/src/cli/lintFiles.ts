// Lints a set of files with their configs, then runs the workspace-wide rules over all of them. Each file's model
// is dropped as soon as its own rules have run: only its findings and its compact `WorkspaceRecord` (what the
// workspace-wide pass needs) are kept. Large runs lint on worker threads (`lintFilesParallel`).
import { readFileSync, statSync } from 'node:fs';
import { buildModel, lintModel, lintWorkspace, workspaceRecord, type WorkspaceFile, type WorkspaceRecord } from '../engine/index.ts';
import { ConfigError, ConfigResolver, type ResolverOptions } from '../config/load.ts';
import type { EngineConfig } from '../config/types.ts';
import type { EngineHost, Finding } from '../engine/types.ts';
import type { FileResult } from './results.ts';
import { recordingHost } from './cache.ts';
import { sizeCachesForOnePass } from '../engine/caches.ts';
import { LineIndex } from '../engine/text.ts';
import { findingSharer, planTasks, PoolFailure, poolData, reviveWorkspaceRecord, runPool, serveTasks, workerCount, workerHeapLimits } from './parallel.ts';

/** A partial a file read while it was parsed (`from` is the file or partial that included it). */
export interface PartialRead {
  name: string;
  from: string;
  path: string | undefined;
  hash: string;
}

/** Remembers findings between runs (`--cache`); see cache.ts. */
export interface FindingsCache {
  /** The remembered findings and workspace record when text, config and partials are unchanged (no parse needed). */
  lookup(filePath: string, text: string, config: EngineConfig, host: EngineHost): { findings: Finding[]; record: WorkspaceRecord } | undefined;
  /** Remembers a file's findings (only when every rule ran: `complete`). */
  store(filePath: string, text: string, config: EngineConfig, reads: PartialRead[], findings: Finding[], record: WorkspaceRecord, complete: boolean): void;
}

export interface LintFilesOptions {
  /** Text to use instead of reading a file (stdin). */
  overrides?: Map<string, string>;
  onRuleError?: (file: string, ruleId: string, error: unknown) => void;
  cache?: FindingsCache;
  /** Files read only for the workspace-wide pass (another shard reports them): no rules run, no result. */
  contextOnly?: Set<string>;
}

/** One file's outcome: its result (none for context-only files) and its record for the workspace-wide pass. */
interface Outcome {
  result?: FileResult;
  record?: WorkspaceRecord;
}

export function lintFiles(files: string[], resolver: ConfigResolver, options: LintFilesOptions = {}): FileResult[] {
  return finish(
    files.map((filePath) => lintOne(filePath, options.overrides?.get(filePath), resolver, options)),
    options,
  );
}

/** Runs the workspace-wide rules over the records and returns the results in file order. */
function finish(outcomes: Outcome[], options: LintFilesOptions): FileResult[] {
  const results: FileResult[] = [];
  const workspace: WorkspaceFile[] = [];
  for (const outcome of outcomes) {
    if (outcome.result) results.push(outcome.result);
    if (outcome.record) workspace.push({ model: outcome.record, findings: outcome.result?.findings ?? [] });
  }
  try {
    lintWorkspace(workspace);
  } catch (error) {
    options.onRuleError?.('(workspace)', 'conflicting-commitments', error);
  }
  return results;
}

interface LintOneOptions extends LintFilesOptions {
  /** Worker side of `--cache`: record the partials read so the main thread can store the entry. */
  trackReads?: boolean;
}

/** Reads (unless `text` is given), parses and lints one file; the model does not outlive this call. */
function lintOne(filePath: string, text: string | undefined, resolver: ConfigResolver, options: LintOneOptions): Outcome & { reads?: PartialRead[]; complete?: boolean } {
  if (text === undefined) {
    const read = readTemplate(filePath);
    if ('problem' in read) return { result: { filePath, text: '', findings: [], fatal: read.problem } };
    text = read.text;
  }
  const config = resolver.forFile(filePath);
  const contextOnly = !!options.contextOnly?.has(filePath);
  const cache = contextOnly ? undefined : options.cache;
  if (cache) {
    const hit = cache.lookup(filePath, text, config.engine, config.host);
    if (hit) return { result: { filePath, text, findings: hit.findings }, record: hit.record };
  }
  const reads: PartialRead[] | undefined = cache || (options.trackReads && !contextOnly) ? [] : undefined;
  try {
    const model = buildModel(text, filePath, config.engine, reads ? recordingHost(config.host, reads) : config.host);
    if (contextOnly) return { record: workspaceRecord(model) };
    let complete = true;
    const findings = lintModel(model, { onRuleError: (ruleId, error) => ((complete = false), options.onRuleError?.(filePath, ruleId, error)) });
    const record = workspaceRecord(model);
    cache?.store(filePath, text, config.engine, reads!, findings, record, complete);
    return { result: { filePath, text, findings }, record, reads, complete };
  } catch (error) {
    // A bug in Candor on one file must not cost the findings of every other file.
    if (error instanceof ConfigError) throw error;
    return { result: { filePath, text, findings: [], fatal: `Candor failed on this file (internal error: ${(error as Error).message ?? String(error)}); please report it.` } };
  }
}

// ---- worker threads -------------------------------------------------------------------------------------------

interface PoolData {
  resolverOptions: ResolverOptions;
  trackReads: boolean;
}

interface Task {
  path: string;
  /** The text when the main thread already has it (cache look-up, stdin or fix overrides). */
  text?: string;
  contextOnly?: boolean;
}

interface WorkerOutcome {
  result?: FileResult;
  /**
   * Without its config (not structured-cloneable: user rules), which the main thread puts back; without its line
   * index too when the main thread has the text (`textKept`), which it then indexes again.
   */
  record?: Omit<WorkspaceRecord, 'config' | 'lines'> & { lines?: WorkspaceRecord['lines'] };
  /** The result's text (and the record's line index) were left out: the main thread sent the text with the task. */
  textKept: boolean;
  reads?: PartialRead[];
  complete?: boolean;
  ruleErrors: Array<{ ruleId: string; message: string }>;
}

/** Young generation of a check's workers (see `workerHeapLimits`). */
const CLI_WORKER_YOUNG_MB = 16;

/**
 * Where a check starts using workers. Each worker loads the bundle, compiles the rules and warms up its own JIT,
 * and the two cores then share the compilers' and collectors' background threads of three isolates instead of
 * one: on a 2-core machine, checking in one thread was faster up to about 3,000 templates (4 MB; bench corpus,
 * 2,000: 1.3 s inline against 1.5 s with two workers, 3,000: even, 5,000: 2.6 s against 2.5 s).
 */
const CLI_POOL_FROM = { minFiles: 3000, minBytes: 4_000_000 };

/** Worker side: lints the files of each task with its own resolver, and posts back results and records. */
export function serveLintTasks(): void {
  sizeCachesForOnePass();
  const { resolverOptions, trackReads } = poolData<PoolData>();
  serveTasks(taskLinter(new ConfigResolver(resolverOptions), trackReads, true));
}

/**
 * Lints the files of a task into outcomes the main thread revives. For a worker (`posted`) a result leaves out the
 * text the main thread sent, and a record its line index and config; the main thread's own tasks keep them.
 */
function taskLinter(resolver: ConfigResolver, trackReads: boolean, posted: boolean): (tasks: Task[]) => WorkerOutcome[] {
  return (tasks) =>
    tasks.map((task) => {
      const ruleErrors: WorkerOutcome['ruleErrors'] = [];
      const outcome = lintOne(task.path, task.text, resolver, {
        trackReads,
        contextOnly: task.contextOnly ? new Set([task.path]) : undefined,
        onRuleError: (_file, ruleId, error) => ruleErrors.push({ ruleId, message: (error as Error)?.message ?? String(error) }),
      });
      let record: WorkerOutcome['record'];
      let result = outcome.result;
      // The main thread has the text it sent: it goes back neither in the result nor in the record's line index (for
      // 10,000 templates, 14.5 MB that came back as a second copy). Only a file this worker read itself (the main
      // thread could not) sends its text.
      const textKept = posted && task.text !== undefined && result?.text === task.text;
      if (textKept) result = { ...result!, text: '' };
      // A record without commitments takes no part in the workspace-wide pass (conflicts are between commitments),
      // so it stays here, unless `--cache` stores it.
      if (outcome.record && (trackReads || outcome.record.commitments.length)) {
        if (!posted) record = outcome.record;
        else {
          const { config: _config, lines, ...rest } = outcome.record;
          record = textKept ? rest : { ...rest, lines };
        }
      }
      return { result, record, textKept, reads: outcome.reads, complete: outcome.complete, ruleErrors };
    });
}

export interface ParallelOptions extends LintFilesOptions {
  /** The worker script: the CLI bundle itself (it serves tasks when it runs as a pool worker). */
  script: string;
  /** The options the main thread's resolver was made with; every worker makes its own resolver from them. */
  resolverOptions: ResolverOptions;
  /**
   * Force the number of threads that lint (1 or less: inline); else `workerCount` decides from the files left to
   * lint. This thread is one of them unless `mainThreadLints` is false.
   */
  workers?: number;
  /**
   * Whether this thread lints tasks too, between the workers' messages (the default): on two cores that is one
   * worker instead of two, so one isolate fewer compiles the engine, and this thread's results need no copying.
   * False leaves every file to worker threads (tests of a worker's failure need to know who lints what).
   */
  mainThreadLints?: boolean;
  /** Told how the run was split, or why the pool was given up (then the files are linted inline). */
  debug?: (message: string) => void;
}

/**
 * Same results as `lintFiles`, byte for byte, with the linting spread over worker threads when the run is large
 * enough to pay. `--cache` look-ups happen here first, so only misses are dispatched; any pool failure lints the
 * remaining files inline. The workspace-wide pass and everything after it run on this thread.
 */
export async function lintFilesParallel(files: string[], resolver: ConfigResolver, options: ParallelOptions): Promise<FileResult[]> {
  sizeCachesForOnePass();
  const outcomes = new Array<Outcome>(files.length);
  const pending: Array<{ index: number; task: Task; size: number }> = [];
  for (let index = 0; index < files.length; index++) {
    const path = files[index]!;
    const contextOnly = !!options.contextOnly?.has(path);
    let text = options.overrides?.get(path);
    if (options.cache && !contextOnly) {
      if (text === undefined) {
        const read = readTemplate(path);
        if ('problem' in read) {
          outcomes[index] = { result: { filePath: path, text: '', findings: [], fatal: read.problem } };
          continue;
        }
        text = read.text;
      }
      const config = resolver.forFile(path);
      const hit = options.cache.lookup(path, text, config.engine, config.host);
      if (hit) {
        outcomes[index] = { result: { filePath: path, text, findings: hit.findings }, record: hit.record };
        continue;
      }
    }
    pending.push({ index, task: { path, ...(text !== undefined ? { text } : {}), ...(contextOnly ? { contextOnly } : {}) }, size: text?.length ?? sizeOf(path) });
  }
  const inline = (files: typeof pending = pending) => {
    // Cache hits were counted above: the misses go through lintOne without a second look-up.
    const cache = options.cache;
    for (const { index, task } of files) {
      const outcome = lintOne(task.path, task.text, resolver, { ...options, cache: undefined, trackReads: !!cache });
      storeMiss(outcome, cache, resolver);
      // As in the workers: a record without commitments plays no part in the workspace-wide pass.
      if (outcome.record && !outcome.record.commitments.length) delete outcome.record;
      outcomes[index] = outcome;
    }
  };
  const totalBytes = pending.reduce((sum, p) => sum + p.size, 0);
  const workers = options.workers ?? workerCount(pending.length, totalBytes, CLI_POOL_FROM);
  if (workers <= 1 || pending.length === 0) {
    inline();
    return finish(outcomes, options);
  }
  const tasks = planTasks(pending, pending.map((p) => p.size));
  const local = options.mainThreadLints !== false;
  options.debug?.(`${local ? `this thread and ${workers - 1} worker${workers === 2 ? '' : 's'}` : `${workers} workers`}, ${tasks.length} tasks, ${pending.length} files`);
  let batches: WorkerOutcome[][];
  let finished: boolean[] | undefined;
  const share = findingSharer();
  /** The texts each task was sent with (by task, then file), which results come back without. */
  const sentTexts: Array<Array<string | undefined>> = [];
  try {
    batches = await runPool<Task[], WorkerOutcome[]>(
      tasks.map((task) => task.map((p) => p.task)),
      {
        script: options.script,
        workers,
        data: { resolverOptions: options.resolverOptions, trackReads: !!options.cache } satisfies PoolData,
        // While this thread lints a task, each worker has two more queued.
        ...(local ? { local: taskLinter(resolver, !!options.cache, false), batch: 3 } : {}),
        resourceLimits: workerHeapLimits(pending.reduce((largest, p) => Math.max(largest, p.size), 0), CLI_WORKER_YOUNG_MB),
        // Each task's files are read here as it is sent or linted here: reading on two workers at once took them
        // five times longer per file than reading here (≈ 0.6 s of each worker's time over 10,000 templates). A
        // file that cannot be read goes without text, and the thread that lints it reports why.
        prepare: (task, index) => {
          const prepared = task.map((t) => {
            if (t.text !== undefined) return t;
            const read = readTemplate(t.path);
            return 'problem' in read ? t : { ...t, text: read.text };
          });
          sentTexts[index] = prepared.map((t) => t.text);
          return prepared;
        },
        // Shared as they arrive, so the copies do not pile up until the last task is done.
        onResult: (outcomes) => {
          for (const outcome of outcomes) outcome.result?.findings.forEach(share);
        },
      },
    );
  } catch (error) {
    // What the workers finished stands; the files of the other tasks are linted here.
    const failure = error instanceof PoolFailure ? (error as PoolFailure<WorkerOutcome[]>) : undefined;
    batches = failure?.results ?? [];
    finished = failure?.finished ?? tasks.map(() => false);
    const left = tasks.filter((_, t) => !finished![t]).flat();
    options.debug?.(`the worker pool failed, linting the ${left.length} file${left.length === 1 ? '' : 's'} it had not finished inline: ${(error as Error)?.message ?? String(error)}`);
    inline(left);
  }
  tasks.forEach((task, t) => {
    if (finished && !finished[t]) return;
    task.forEach((p, i) => {
      const done = batches[t]![i]!;
      for (const { ruleId, message } of done.ruleErrors) options.onRuleError?.(p.task.path, ruleId, new Error(message));
      const outcome: Outcome & { reads?: PartialRead[]; complete?: boolean } = { result: done.result, reads: done.reads, complete: done.complete };
      const sent = done.textKept ? sentTexts[t]![i]! : undefined;
      if (done.record) {
        const lines = sent !== undefined ? new LineIndex(sent) : done.record.lines!;
        outcome.record = reviveWorkspaceRecord({ ...done.record, lines, config: resolver.forFile(p.task.path).engine } as WorkspaceRecord);
      }
      if (sent !== undefined && outcome.result) outcome.result.text = sent;
      outcomes[p.index] = outcome;
      storeMiss(outcome, options.cache, resolver);
    });
  });
  return finish(outcomes, options);
}

function storeMiss(outcome: Outcome & { reads?: PartialRead[]; complete?: boolean }, cache: FindingsCache | undefined, resolver: ConfigResolver): void {
  const { result, record, reads } = outcome;
  if (!cache || !result || result.fatal || !record || !reads) return;
  cache.store(result.filePath, result.text, resolver.forFile(result.filePath).engine, reads, result.findings, record, outcome.complete !== false);
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Reads a template as UTF-8, or says in plain words why it cannot be linted. */
export function readTemplate(filePath: string): { text: string } | { problem: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(filePath);
  } catch (error) {
    return { problem: readProblem(error) };
  }
  const kind = binaryKind(bytes);
  if (kind === 'utf16') return { problem: 'Skipped: this file is UTF-16 encoded; save it as UTF-8 to have it checked.' };
  if (kind === 'binary') return { problem: 'Skipped: this looks like a binary file, not a template (it is full of NUL or control bytes).' };
  return { text: bytes.toString('utf8') };
}

function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'Cannot read this file: it was deleted or moved before it could be read (ENOENT).';
    case 'EACCES':
    case 'EPERM':
      return `Cannot read this file: permission denied (${code}).`;
    case 'EISDIR':
      return 'Cannot read this file: it is a directory (EISDIR).';
    case 'ELOOP':
      return 'Cannot read this file: it is a symbolic link that loops back on itself (ELOOP).';
    default:
      return `Cannot read this file (${code ?? String(error)}).`;
  }
}

/**
 * Tells binary files with a template extension apart from templates, by the first 8 KB: UTF-16 text starts
 * with its byte-order mark; binary data has many NUL or control bytes. A stray NUL in a template is not
 * binary: the engine reports it as a finding at its place.
 */
export function binaryKind(bytes: Uint8Array): 'text' | 'utf16' | 'binary' {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return 'utf16';
  const sample = bytes.subarray(0, 8192);
  let nul = 0;
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) nul++;
    else if ((byte < 0x20 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 12 && byte !== 11 && byte !== 27) || byte === 0x7f) control++;
  }
  if (nul >= 4 && nul * 100 >= sample.length) return 'binary';
  if (nul + control >= 8 && (nul + control) * 10 >= sample.length) return 'binary';
  return 'text';
}
