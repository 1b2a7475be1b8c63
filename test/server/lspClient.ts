// A minimal language client for protocol tests: starts dist/server.js over stdio and records what it sends.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { repoRoot } from '../helpers.ts';

export const serverPath = join(repoRoot, 'dist', 'server.js');

export interface TestClientOptions {
  root: string;
  /** Declare pull-diagnostics support (`textDocument/diagnostic`). */
  pull?: boolean;
  /** What `workspace/configuration` answers for `candor`. */
  settings?: Record<string, unknown>;
  /** Extra Node flags for the server process (e.g. `--expose-gc`). */
  execArgv?: string[];
  /** Declare dynamic registration of file watchers (default true). */
  watcherRegistration?: boolean;
  /** Extra environment variables for the server process (e.g. `CANDOR_WORKERS`). */
  env?: Record<string, string>;
}

export interface Registration {
  id: string;
  method: string;
  registerOptions?: unknown;
}

export class TestClient {
  readonly connection: ProtocolConnection;
  readonly child: ChildProcess;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every publishDiagnostics notification, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  /** `window/logMessage` messages of type Error (`connection.console.error`). */
  readonly errors: string[] = [];
  /** Capabilities the server registered and has not unregistered, by id. */
  readonly registrations = new Map<string, Registration>();
  stderr = '';
  settings: Record<string, unknown>;
  private waiters: Array<() => void> = [];
  private versions = new Map<string, number>();

  constructor(readonly options: TestClientOptions) {
    this.settings = { debounceMs: 20, ...options.settings };
    this.child = spawn(process.execPath, [...(options.execArgv ?? []), serverPath, '--stdio'], { cwd: options.root, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      this.published.push(params);
      this.notify();
    });
    this.connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      this.logs.push(params.message);
      if (params.type === 1) this.errors.push(params.message);
      this.notify();
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', (params: { registrations: Registration[] }) => {
      for (const registration of params.registrations) this.registrations.set(registration.id, registration);
      this.notify();
      return null;
    });
    this.connection.onRequest('client/unregisterCapability', (params: { unregisterations: Array<{ id: string }> }) => {
      for (const gone of params.unregisterations) this.registrations.delete(gone.id);
      this.notify();
      return null;
    });
    this.connection.onRequest('workspace/diagnostic/refresh', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.listen();
  }

  uri(relativePath: string): string {
    return pathToFileURL(join(this.options.root, relativePath)).href;
  }

  async initialize(): Promise<void> {
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: true,
        didChangeWatchedFiles: { dynamicRegistration: this.options.watcherRegistration ?? true, relativePatternSupport: true },
        diagnostics: { refreshSupport: true },
      },
      textDocument: {
        publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true },
        hover: { contentFormat: ['markdown'] },
        synchronization: { didSave: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
        ...(this.options.pull ? { diagnostic: { relatedDocumentSupport: false } } : {}),
      },
    };
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(this.options.root).href,
      workspaceFolders: [{ uri: pathToFileURL(this.options.root).href, name: 'fixture' }],
      capabilities,
    });
    await this.connection.sendNotification('initialized', {});
  }

  async open(relativePath: string, text: string, languageId = 'candor'): Promise<string> {
    const uri = this.uri(relativePath);
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async save(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  /** The watcher glob patterns the server registered for `workspace/didChangeWatchedFiles`. */
  watchedPatterns(): unknown[] {
    return [...this.registrations.values()]
      .filter((r) => r.method === 'workspace/didChangeWatchedFiles')
      .flatMap((r) => (r.registerOptions as { watchers: Array<{ globPattern: unknown }> }).watchers.map((w) => w.globPattern));
  }

  /**
   * Runs `send` with the server process stopped (SIGSTOP), then lets it go on: whatever `send` writes waits in the
   * pipe and the server reads it all at once, so messages that must arrive together (a request and the edit that
   * makes it stale, a request and its cancellation) do, however busy the machine is. POSIX only.
   */
  async paused<T>(send: () => Promise<T>): Promise<T> {
    const pid = this.child.pid!;
    process.kill(pid, 'SIGSTOP');
    try {
      const result = await send();
      // Messages are written one after another: once this one is written, everything `send` queued is too.
      // Servers ignore unknown `$/` notifications.
      await this.connection.sendNotification('$/candorTest/flush');
      return result;
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** Resolves once `predicate` holds, re-checking whenever the server sends something; fails after `timeoutMs`. */
  waitFor<T>(what: string, predicate: () => T | undefined | false, timeoutMs = 8000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const value = predicate();
        if (value !== undefined && value !== false) {
          clearTimeout(timer);
          resolve(value);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`Timed out waiting for ${what}. Server log:\n${this.logs.join('\n')}\n${this.stderr}`));
      }, timeoutMs);
      const waiter = () => {
        if (check()) this.waiters = this.waiters.filter((w) => w !== waiter);
      };
      if (!check()) this.waiters.push(waiter);
    });
  }

  /** Waits for pushed diagnostics on `uri` that satisfy `predicate`. */
  pushed(uri: string, predicate: (diagnostics: Diagnostic[]) => boolean, what = `diagnostics on ${uri}`, timeoutMs?: number): Promise<Diagnostic[]> {
    return this.waitFor(
      what,
      () => {
        const params = this.diagnostics.get(uri);
        return params && predicate(params.diagnostics) ? params.diagnostics : undefined;
      },
      timeoutMs,
    );
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 1000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone; killing it below is enough.
    }
    this.connection.dispose();
    if (this.child.exitCode === null) this.child.kill();
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
}
