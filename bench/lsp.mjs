// Measures the language server as an editor sees it: a real LSP client over stdio (vscode-languageserver-protocol),
// timing didOpen/didChange → publishDiagnostics, and the server's memory after indexing a workspace.
import { fork, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(repo, 'package.json'));
const { createProtocolConnection, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

/** The server under test; CANDOR_BENCH_SERVER points elsewhere (for example to check the n/a path with a dud). */
export const serverPath = process.env.CANDOR_BENCH_SERVER ?? join(repo, 'dist', 'server.js');

/** Debounce 0: the benchmark times the lint, not the editor's typing pause. */
const SETTINGS = { enable: true, lintHandlebars: 'always', debounceMs: 0, rules: {} };

/**
 * A client of a fresh server in `root`. Over stdio, as editors run it; with `{ ipc: true }` the messages go over
 * Node's IPC channel instead, which leaves the server's stdout free for V8's traces (`execArgv`, e.g.
 * `--trace-gc`), handed to `onStdout` line by line (see bench/editLatency.mjs).
 */
export class BenchClient {
  constructor(root, { ipc = false, execArgv = [], onStdout, env } = {}) {
    this.root = root;
    this.logs = [];
    this.waiters = [];
    this.diagnostics = new Map();
    this.child = ipc
      ? fork(serverPath, ['--node-ipc'], { cwd: root, execArgv, stdio: ['pipe', 'pipe', 'pipe', 'ipc'], env: { ...process.env, ...env } })
      : spawn(process.execPath, [...execArgv, serverPath, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.stderr = '';
    this.child.stderr.on('data', (chunk) => (this.stderr += chunk));
    if (ipc && onStdout) {
      let pending = '';
      this.child.stdout.on('data', (chunk) => {
        const lines = (pending + chunk).split('\n');
        pending = lines.pop();
        lines.forEach(onStdout);
      });
    }
    this.connection = ipc
      ? createProtocolConnection(new IPCMessageReader(this.child), new IPCMessageWriter(this.child))
      : createProtocolConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (params) => {
      this.diagnostics.set(params.uri, { ...params, at: performance.now() });
      this.notify();
    });
    this.connection.onNotification('window/logMessage', (params) => {
      this.logs.push(params.message);
      this.notify();
    });
    this.connection.onRequest('workspace/configuration', (params) => params.items.map(() => SETTINGS));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onError(() => {});
    this.connection.listen();
  }

  async initialize(timeoutMs) {
    const rootUri = pathToFileURL(this.root).href;
    const request = this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      initializationOptions: { settings: SETTINGS },
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true }, synchronization: { dynamicRegistration: false } },
      },
    });
    await withTimeout(request, timeoutMs, 'initialize');
    await this.connection.sendNotification('initialized', {});
  }

  waitFor(what, predicate, timeoutMs) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = predicate();
        if (value) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== check);
          resolve(value);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      if (!check()) this.waiters.push(check);
    });
  }

  notify() {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves when the server has finished its start-up lint of the workspace ("Candor: linted N templates."). */
  indexed(timeoutMs) {
    return this.waitFor('the workspace lint', () => this.logs.find((l) => /linted \d+ template/.test(l)), timeoutMs);
  }

  /**
   * Sends a notification and times until diagnostics for `uri` at `version` arrive. `sentAt` and `gotAt` are Unix
   * times in milliseconds (`performance.timeOrigin + performance.now()`), the clock of the server's timing log.
   */
  async timed(uri, version, send, timeoutMs) {
    const started = performance.now();
    await send();
    const got = await this.waitFor(`diagnostics for version ${version}`, () => {
      const d = this.diagnostics.get(uri);
      return d && d.version === version ? d : undefined;
    }, timeoutMs);
    return { ms: got.at - started, count: got.diagnostics.length, sentAt: performance.timeOrigin + started, gotAt: performance.timeOrigin + got.at };
  }

  open(uri, text, timeoutMs) {
    return this.timed(uri, 1, () => this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'candor', version: 1, text } }), timeoutMs);
  }

  change(uri, version, contentChanges, timeoutMs) {
    return this.timed(uri, version, () => this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges }), timeoutMs);
  }

  memory() {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
      return { rssMB: kb('VmRSS') / 1024, peakMB: kb('VmHWM') / 1024 };
    } catch {
      return { rssMB: NaN, peakMB: NaN };
    }
  }

  async stop() {
    try {
      await withTimeout(this.connection.sendRequest('shutdown'), 2000, 'shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // Killing it below is enough.
    }
    this.connection.dispose();
    if (this.child.exitCode === null) this.child.kill();
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)))]).finally(() => clearTimeout(timer));
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Edits `text` in place, one incremental change per version: appends a sentence with a vague timeline to a prose
 * line, then removes it, alternately, so every other lint has a finding more or less. Returns each edit's latency.
 */
export async function editLoop(client, uri, text, edits, { timeoutMs, budgetMs = Infinity, onEdit }) {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.length > 40 && !l.includes('{{') && !l.includes('<'));
  const at = { line, character: lines[line].length };
  const added = ' We will get back to you soon.';
  const times = [];
  const started = performance.now();
  for (let i = 0; i < edits && performance.now() - started < budgetMs; i++) {
    const change = i % 2 === 0
      ? { range: { start: at, end: at }, text: added }
      : { range: { start: at, end: { line, character: at.character + added.length } }, text: '' };
    const result = await client.change(uri, i + 2, [change], timeoutMs);
    times.push(result.ms);
    onEdit?.(i, result.ms, result);
  }
  return times;
}

const summary = (times) => ({ edits: times.length, medianMs: percentile(times, 50), p99Ms: percentile(times, 99), maxMs: Math.max(...times) });

/**
 * A server log line of `CANDOR_DEBUG=timing`: the document version linted and the milliseconds from the change
 * reaching the server to the diagnostics sent; undefined for any other line.
 */
export function serverTiming(line) {
  const m = /^Candor: timing: lint \S+ version (\d+): [\d.]+ ms, ([\d.]+) ms since the change(?:, received at ([\d.]+) ms Unix time)?$/.exec(line);
  return m ? { version: Number(m[1]), ms: Number(m[2]), receivedAt: m[3] === undefined ? undefined : Number(m[3]) } : undefined;
}

/** The server's own times (its timing log lines) for document versions `from` up to `to`, exclusive. */
function serverTimes(client, from, to) {
  const byVersion = new Map();
  for (const line of client.logs) {
    const timing = serverTiming(line);
    if (timing) byVersion.set(timing.version, timing.ms);
  }
  const times = [];
  for (let version = from; version < to; version++) if (byVersion.has(version)) times.push(byVersion.get(version));
  return times;
}

/**
 * The server numbers. `small` is a workspace with the config, partials, the 5 KB and the 200 KB template;
 * `large` is the 10,000-template workspace. Returns { available: false, reason } when dist/server.js is not a
 * working server (initialize fails, or no diagnostics within 10 s).
 */
export async function serverBench({ small, large, edits = 200, indexTimeoutMs = 150_000, log = () => {} }) {
  if (!existsSync(serverPath)) return { available: false, reason: 'dist/server.js is missing' };
  const result = { available: true };
  // The server logs its own time for each lint (CANDOR_DEBUG=timing): from the change reaching it to the
  // diagnostics sent, beside what the client sees, which adds the messages' way and two processes on two cores.
  const client = new BenchClient(small.dir, { env: { CANDOR_DEBUG: 'timing' } });
  try {
    const t0 = performance.now();
    await client.initialize(10_000);
    result.initializeMs = performance.now() - t0;
    await client.indexed(10_000).catch(() => undefined);
    const fiveKbUri = pathToFileURL(small.fiveKb).href;
    const fiveKbText = readFileSync(small.fiveKb, 'utf8');
    const first = await client.open(fiveKbUri, fiveKbText, 10_000);
    // The first `edits` edits of a fresh server (its JIT still compiling the edit path), then as many again: the
    // warm re-lints the target is about, as a writer's edits are once the server has linted a few.
    const times = await editLoop(client, fiveKbUri, fiveKbText, 2 * edits, { timeoutMs: 10_000 });
    result.fiveKb = { bytes: Buffer.byteLength(fiveKbText), firstLintMs: first.ms, diagnostics: first.count, ...summary(times.slice(0, edits)) };
    result.fiveKbWarm = summary(times.slice(edits));
    // The log line of a lint comes after its diagnostics: wait for the last one.
    const last = times.length + 1;
    await client.waitFor('the timing of the last edit', () => client.logs.some((l) => l.includes(` version ${last}: `)), 2000).catch(() => undefined);
    const inside = serverTimes(client, edits + 2, times.length + 2);
    if (inside.length) result.fiveKbWarmInServer = summary(inside);
    log(`server 5 KB: first ${first.ms.toFixed(1)} ms; first ${edits} edits median ${result.fiveKb.medianMs.toFixed(2)} ms, p99 ${result.fiveKb.p99Ms.toFixed(2)} ms; warm median ${result.fiveKbWarm.medianMs.toFixed(2)} ms, p99 ${result.fiveKbWarm.p99Ms.toFixed(2)} ms`);
    const bigUri = pathToFileURL(small.big).href;
    const bigText = readFileSync(small.big, 'utf8');
    const firstBig = await client.open(bigUri, bigText, 60_000);
    result.big = { bytes: Buffer.byteLength(bigText), firstLintMs: firstBig.ms, diagnostics: firstBig.count, ...summary(await editLoop(client, bigUri, bigText, 20, { timeoutMs: 60_000, budgetMs: 30_000 })) };
    log(`server 200 KB: first ${firstBig.ms.toFixed(0)} ms, median ${result.big.medianMs.toFixed(0)} ms`);
    result.smallWorkspaceMemory = client.memory();
  } catch (error) {
    await client.stop();
    return { available: false, reason: `${error.message}${client.stderr ? `; stderr: ${client.stderr.slice(0, 300)}` : ''}` };
  }
  await client.stop();
  if (!large) return result;

  // The 10,000-template workspace: time to index, memory afterwards, and an edit there (workspace-wide rules included).
  const big = new BenchClient(large.dir);
  try {
    const t0 = performance.now();
    await big.initialize(10_000);
    let sampledPeak = 0;
    const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, big.memory().rssMB || 0)), 250);
    try {
      await big.indexed(indexTimeoutMs);
      result.workspace = { files: large.allFiles.length, indexMs: performance.now() - t0, ...big.memory() };
    } catch {
      result.workspace = { files: large.allFiles.length, indexMs: NaN, timedOutAfterMs: indexTimeoutMs, ...big.memory() };
    } finally {
      clearInterval(sampler);
    }
    log(`server 10k workspace: indexed in ${(result.workspace.indexMs / 1000).toFixed(1)} s, RSS ${result.workspace.rssMB.toFixed(0)} MB`);
    if (!result.workspace.timedOutAfterMs) {
      const uri = pathToFileURL(large.fiveKb).href;
      const text = readFileSync(large.fiveKb, 'utf8');
      const first = await big.open(uri, text, 30_000);
      // As in the small workspace: a fresh server's first edits, then as many warm ones.
      const times = await editLoop(big, uri, text, 2 * edits, { timeoutMs: 30_000, budgetMs: 20_000 });
      result.workspaceEdit = { firstLintMs: first.ms, ...summary(times.slice(0, edits)) };
      if (times.length > edits) result.workspaceEditWarm = summary(times.slice(edits));
      result.workspace.afterEditsRssMB = big.memory().rssMB;
    }
  } catch (error) {
    result.workspace = { error: error.message };
  }
  await big.stop();
  return result;
}
