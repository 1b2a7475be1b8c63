// Lints a set of files with their configs, then runs the workspace-wide rules over all of them. Each file's model
// is dropped as soon as its own rules have run: only its findings and its compact `WorkspaceRecord` (what the
// workspace-wide pass needs) are kept. Large runs lint on worker threads (`lintFilesParallel`).
import { closeSync, openSync, readSync } from 'node:fs';
import type { ResourceLimits } from 'node:worker_threads';
import { buildModel, lintModel, lintWorkspace, workspaceRecord, type WorkspaceFile, type WorkspaceRecord } from '../engine/index.ts';
import { ConfigError, ConfigResolver, type ResolverOptions } from '../config/load.ts';
import type { EngineConfig } from '../config/types.ts';
import type { EngineHost, Finding } from '../engine/types.ts';
import type { FileResult } from './results.ts';
import { recordingHost } from './cache.ts';
import { sizeCachesForOnePass } from '../engine/caches.ts';
import { LineIndex } from '../engine/text.ts';
import { findingSharer, PoolFailure, taskPlanner, poolData, reviveWorkspaceRecord, runPool, serveTasks, startPoolWorker, stopStartedWorker, workerCount, workerHeapLimits, type StartedWorker } from './parallel.ts';

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

/**
 * A lint worker started while discovery was still finding files (`startLintWorker`): a worker takes 0.1–0.2 s to
 * start and load the bundle, about as long as discovering 10,000 templates, and that now overlaps the walk.
 */
export interface EarlyWorker {
  started: StartedWorker;
  resolverOptions: ResolverOptions;
  trackReads: boolean;
  resourceLimits: ResourceLimits;
}

/** How many files discovery finds before `candor check` starts a lint worker: from there on a run uses the pool. */
export const EARLY_WORKER_AT = CLI_POOL_FROM.minFiles;

/**
 * Starts a lint worker for a `lintFilesParallel` to come (its `earlyWorker`), with the heap limits a run gets when
 * no file has been read yet. The run uses it if it makes a pool with the same options, and ends it otherwise.
 */
export function startLintWorker(script: string, resolverOptions: ResolverOptions, trackReads: boolean): EarlyWorker {
  const resourceLimits = workerHeapLimits(0, CLI_WORKER_YOUNG_MB);
  const data: PoolData = { resolverOptions, trackReads };
  return { started: startPoolWorker(script, data, resourceLimits), resolverOptions, trackReads, resourceLimits };
}

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
  /** A worker started ahead (`startLintWorker`): the pool uses it when it matches, and it is ended otherwise. */
  earlyWorker?: EarlyWorker;
}

/**
 * Same results as `lintFiles`, byte for byte, with the linting spread over worker threads when the run is large
 * enough to pay. `--cache` look-ups happen here first, so only misses are dispatched; any pool failure lints the
 * remaining files inline. The workspace-wide pass and everything after it run on this thread.
 */
export async function lintFilesParallel(files: string[], resolver: ConfigResolver, options: ParallelOptions): Promise<FileResult[]> {
  try {
    return await lintInPool(files, resolver, options);
  } finally {
    // Ended by the pool that used it; a run that made no pool, or one with other options, ends it here.
    stopStartedWorker(options.earlyWorker?.started);
  }
}

async function lintInPool(files: string[], resolver: ConfigResolver, options: ParallelOptions): Promise<FileResult[]> {
  sizeCachesForOnePass();
  const outcomes = new Array<Outcome>(files.length);
  const pending: Pending[] = [];
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
    pending.push({ index, task: { path, ...(text !== undefined ? { text } : {}), ...(contextOnly ? { contextOnly } : {}) } });
  }
  const inline = (files: readonly Pending[] = pending) => {
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
  // From CLI_POOL_FROM.minFiles files on, the count alone decides. Below it the bytes decide too, so the files are
  // read first (linting inline reads them anyway): nothing asks the file system for sizes.
  if (options.workers === undefined && pending.length < CLI_POOL_FROM.minFiles) pending.forEach(readPending);
  const workers = options.workers ?? workerCount(pending.length, pending.reduce((sum, p) => sum + (p.task.text?.length ?? 0), 0), CLI_POOL_FROM);
  if (workers <= 1 || pending.length === 0) {
    inline();
    return finish(outcomes, options);
  }
  const local = options.mainThreadLints !== false;
  // Workers are sized for the largest file read so far (every file, below CLI_POOL_FROM.minFiles); a file that
  // turns out to need a bigger heap than that is left out of the pool and linted on this thread afterwards.
  const largestKnown = pending.reduce((largest, p) => Math.max(largest, p.task.text?.length ?? 0), 0);
  const resourceLimits = workerHeapLimits(largestKnown, CLI_WORKER_YOUNG_MB);
  const workerHeapMb = resourceLimits.maxOldGenerationSizeMb ?? Infinity;
  const early = options.earlyWorker;
  const earlyFits =
    early !== undefined &&
    early.resolverOptions === options.resolverOptions &&
    early.trackReads === !!options.cache &&
    early.resourceLimits.maxOldGenerationSizeMb === resourceLimits.maxOldGenerationSizeMb &&
    early.resourceLimits.maxYoungGenerationSizeMb === resourceLimits.maxYoungGenerationSizeMb;
  // The heap a file needs grows with its size: remember the largest size known to fit instead of asking each time.
  let fitsUpTo = largestKnown;
  const fitsWorker = (p: Pending) => {
    const size = p.task.text?.length ?? 0;
    if (size <= fitsUpTo) return true;
    if ((workerHeapLimits(size, CLI_WORKER_YOUNG_MB).maxOldGenerationSizeMb ?? 0) > workerHeapMb) return false;
    fitsUpTo = size;
    return true;
  };
  let cursor = 0;
  // Tasks are planned as the threads ask for them, and each file is read here as its task is planned, which gives
  // its size. Reading on two workers at once took them five times longer per file than reading here (≈ 0.6 s of
  // each worker's time over 10,000 templates). A file that cannot be read goes without text, and the thread that
  // lints it reports why.
  const plan = taskPlanner(
    () => {
      while (cursor < pending.length) {
        const p = pending[cursor++]!;
        readPending(p);
        if (fitsWorker(p)) return p;
      }
      return undefined;
    },
    (p) => p.task.text?.length ?? 0,
  );
  /** The pending files of each task, in the order the pool took them: results come back by task and position. */
  const planned: Pending[][] = [];
  let batches: WorkerOutcome[][];
  let finished: boolean[] | undefined;
  let failure: string | undefined;
  const share = findingSharer();
  try {
    batches = await runPool<Task[], WorkerOutcome[]>(
      () => {
        const task = plan();
        if (!task) return undefined;
        planned.push(task);
        return task.map((p) => p.task);
      },
      {
        script: options.script,
        workers,
        data: { resolverOptions: options.resolverOptions, trackReads: !!options.cache } satisfies PoolData,
        // While this thread lints a task, each worker has two more queued.
        ...(local ? { local: taskLinter(resolver, !!options.cache, false), batch: 3 } : {}),
        resourceLimits,
        ...(earlyFits ? { started: [early.started] } : {}),
        // Shared as they arrive, so the copies do not pile up until the last task is done.
        onResult: (outcomes) => {
          for (const outcome of outcomes) outcome.result?.findings.forEach(share);
        },
      },
    );
  } catch (error) {
    // What the workers finished stands; the other files are linted here, below.
    const pool = error instanceof PoolFailure ? (error as PoolFailure<WorkerOutcome[]>) : undefined;
    batches = pool?.results ?? [];
    finished = pool?.finished ?? [];
    failure = (error as Error)?.message ?? String(error);
  }
  options.debug?.(`${local ? `this thread and ${workers - 1} worker${workers === 2 ? '' : 's'}` : `${workers} workers`}${earlyFits ? ' (one started during discovery)' : ''}, ${planned.length} tasks, ${pending.length} files`);
  planned.forEach((task, t) => {
    if (finished && !finished[t]) return;
    task.forEach((p, i) => {
      const done = batches[t]![i]!;
      for (const { ruleId, message } of done.ruleErrors) options.onRuleError?.(p.task.path, ruleId, new Error(message));
      const outcome: Outcome & { reads?: PartialRead[]; complete?: boolean } = { result: done.result, reads: done.reads, complete: done.complete };
      // A worker's result comes back without the text this thread sent it (`textKept`).
      const sent = done.textKept ? p.task.text : undefined;
      if (done.record) {
        const lines = sent !== undefined ? new LineIndex(sent) : done.record.lines!;
        outcome.record = reviveWorkspaceRecord({ ...done.record, lines, config: resolver.forFile(p.task.path).engine } as WorkspaceRecord);
      }
      if (sent !== undefined && outcome.result) outcome.result.text = sent;
      outcomes[p.index] = outcome;
      storeMiss(outcome, options.cache, resolver);
    });
  });
  // Files too large for a worker's heap, and after a failure every file the pool had not finished.
  const left = pending.filter((p) => outcomes[p.index] === undefined);
  const count = `${left.length} file${left.length === 1 ? '' : 's'}`;
  if (failure !== undefined) options.debug?.(`the worker pool failed, linting the ${count} it had not finished inline: ${failure}`);
  else if (left.length) options.debug?.(`linting ${count} too large for a worker's heap on this thread`);
  inline(left);
  return finish(outcomes, options);
}

/** A file the pool (or this thread) still has to lint, and its index in the run's file list. */
interface Pending {
  index: number;
  task: Task;
  /** Already read, or tried: a file that cannot be read is left to the thread that lints it, which says why. */
  read?: boolean;
}

function readPending(p: Pending): void {
  if (p.task.text !== undefined || p.read) return;
  p.read = true;
  const read = readTemplate(p.task.path);
  if (!('problem' in read)) p.task.text = read.text;
}

function storeMiss(outcome: Outcome & { reads?: PartialRead[]; complete?: boolean }, cache: FindingsCache | undefined, resolver: ConfigResolver): void {
  const { result, record, reads } = outcome;
  if (!cache || !result || result.fatal || !record || !reads) return;
  cache.store(result.filePath, result.text, resolver.forFile(result.filePath).engine, reads, result.findings, record, outcome.complete !== false);
}

/** Reads a template as UTF-8, or says in plain words why it cannot be linted. */
export function readTemplate(filePath: string): { text: string } | { problem: string } {
  let bytes: Buffer;
  try {
    bytes = readWhole(filePath);
  } catch (error) {
    return { problem: readProblem(error) };
  }
  // Only a file that holds a NUL or control byte, or starts with a UTF-16 byte-order mark, is counted byte by byte.
  if (hasControlByte(bytes) || startsWithUtf16Mark(bytes)) {
    const kind = binaryKind(bytes);
    if (kind === 'utf16') return { problem: 'Skipped: this file is UTF-16 encoded; save it as UTF-8 to have it checked.' };
    if (kind === 'binary') return { problem: 'Skipped: this looks like a binary file, not a template (it is full of NUL or control bytes).' };
  }
  return { text: bytes.toString('utf8') };
}

/**
 * Whether `bytes` hold a NUL or a control byte that text does not (a byte `BYTE_KIND` does not count as 0). Four
 * bytes at a time: a 32-bit word with no byte below 0x20 and none equal to 0x7f is passed over with a few integer
 * operations (the tests of Bit Twiddling Hacks for a byte less than n and for a zero byte, the latter on the word
 * XOR 0x7f7f7f7f), and only a word they flag (one with such a byte, or with a byte of 0x80 or above next to one) is
 * looked at byte by byte. Every template is scanned: an expression over the decoded text took twice as long.
 */
export function hasControlByte(bytes: Uint8Array): boolean {
  const length = bytes.length;
  let i = 0;
  // Byte by byte up to a multiple of 4 from the buffer's start, where a 32-bit view may begin.
  const head = Math.min(length, (4 - (bytes.byteOffset & 3)) & 3);
  for (; i < head; i++) if (BYTE_KIND[bytes[i]!] !== 0) return true;
  const words = (length - i) >>> 2;
  if (words > 0) {
    const view = new Int32Array(bytes.buffer, bytes.byteOffset + i, words);
    for (let k = 0; k < words; k++) {
      const word = view[k]!;
      const del = word ^ 0x7f7f7f7f;
      if ((((word - 0x20202020) & ~word) | ((del - 0x01010101) & ~del)) & 0x80808080) {
        const at = i + 4 * k;
        if ((BYTE_KIND[bytes[at]!]! | BYTE_KIND[bytes[at + 1]!]! | BYTE_KIND[bytes[at + 2]!]! | BYTE_KIND[bytes[at + 3]!]!) !== 0) return true;
      }
    }
    i += 4 * words;
  }
  for (; i < length; i++) if (BYTE_KIND[bytes[i]!] !== 0) return true;
  return false;
}

function startsWithUtf16Mark(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
}

/** The buffer `readWhole` reads into; kept between files while it is at most `KEPT_READ_BUFFER` bytes. */
let readBuffer = Buffer.allocUnsafe(64 * 1024);
const KEPT_READ_BUFFER = 1 << 20;

/**
 * A file's bytes, read to its end into a buffer this thread reuses (the view returned is valid until the next
 * call): `readFileSync` asks for the file's size first and allocates a buffer per file, and on machines where
 * system calls are dear that was a fifth of the time a check spends reading 10,000 templates. Reads until the
 * file says end of file, so a file that grows while it is read is read whole, never cut short.
 */
function readWhole(filePath: string): Buffer {
  const fd = openSync(filePath, 'r');
  let buffer = readBuffer;
  let length = 0;
  try {
    for (;;) {
      if (length === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
  } finally {
    closeSync(fd);
  }
  if (buffer.length <= KEPT_READ_BUFFER) readBuffer = buffer;
  return buffer.subarray(0, length);
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
  if (startsWithUtf16Mark(bytes)) return 'utf16';
  // An index loop over a table: every template is scanned, and iterating the bytes cost a twentieth of the time a
  // check spent on the main thread.
  const length = Math.min(bytes.length, 8192);
  let nul = 0;
  let control = 0;
  for (let i = 0; i < length; i++) {
    const kind = BYTE_KIND[bytes[i]!]!;
    if (kind === 1) nul++;
    else if (kind === 2) control++;
  }
  if (nul >= 4 && nul * 100 >= length) return 'binary';
  if (nul + control >= 8 && (nul + control) * 10 >= length) return 'binary';
  return 'text';
}

/** 1 for NUL, 2 for the control bytes text does not hold (not tab, line breaks, form feed or escape), else 0. */
const BYTE_KIND = new Uint8Array(256);
BYTE_KIND[0] = 1;
for (let byte = 1; byte < 0x20; byte++) if (![9, 10, 11, 12, 13, 27].includes(byte)) BYTE_KIND[byte] = 2;
BYTE_KIND[0x7f] = 2;
