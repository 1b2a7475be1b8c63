// Keeps diagnostics current: debounced lints of open documents, the background lint of the workspace, push or pull.
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { DidChangeWatchedFilesNotification, FileChangeType, type Connection, type Disposable, type FileEvent, type FileSystemWatcher, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE } from '../config/load.ts';
import { configErrorDiagnostic, fileDiagnostics } from './diagnostics.ts';
import { AS_YOU_TYPE_LIMIT, describeError, WorkspaceLinter, type LintedFile } from './linting.ts';
import { indexedBeforeFailure, indexInWorkers, indexWorkers, type IndexOutcome } from './indexing.ts';
import { RuleErrorReporter } from './ruleErrors.ts';
import { pathToUri, uriToPath } from './convert.ts';
import { defaultSettings, type ServerSettings } from './settings.ts';

const TEMPLATE_FILE = /\.(?:hbs|handlebars)$/i;

/** A file name as a glob that matches only itself. */
function escapeGlob(path: string): string {
  return path.replace(/[*?[\]{}()!]/g, (c) => `[${c}]`);
}

function toPosixPath(path: string): string {
  return path.split('\\').join('/');
}

/** Closed templates linted by index workers, and the open documents that changed while they ran. */
interface IndexedRun {
  outcomes: Map<string, IndexOutcome>;
  edited: Set<string>;
  /** Closed templates the file watcher re-linted while the workers ran. */
  changedOnDisk: Set<string>;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((item, i) => item === b[i]));
}

export class CandorService {
  readonly linter: WorkspaceLinter;
  /** The client pulls diagnostics (`textDocument/diagnostic`); otherwise the server pushes them. */
  pullMode = false;
  refreshSupported = false;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Lints waiting for the next turn of the event loop (`debounceMs` 0), by URI. */
  private readonly immediates = new Map<string, NodeJS.Immediate>();
  private lintAllGeneration = 0;
  private readonly pushed = new Set<string>();
  private readonly configDiagnosticUris = new Set<string>();
  readonly ruleErrors: RuleErrorReporter;
  /** The client registers file watchers on request (`workspace/didChangeWatchedFiles` dynamic registration). */
  watcherRegistration = false;
  /** The client understands `{ baseUri, pattern }` watchers. */
  relativePatterns = false;
  private sourceWatchers: { key: string; registration: Promise<Disposable | undefined> } | undefined;
  /** While index workers run: the templates re-linted because they changed on disk meanwhile. */
  private changedDuringIndex: Set<string> | undefined;
  /** Large documents waiting for a background lint (on save or lintAll), by URI. */
  private readonly backgroundLints = new Map<string, NodeJS.Timeout>();
  /**
   * `CANDOR_DEBUG=timing` in the server's environment: each lint after a change is logged with how long the lint
   * took, how long since the change reached the server (diagnostics sent), and when it reached it (Unix time in
   * milliseconds, as `performance.timeOrigin + performance.now()` reads it in any process on the machine), so a
   * client's latency can be split into the change's way in, the server's work and the diagnostics' way out.
   */
  private readonly timing = /\btiming\b/.test(process.env.CANDOR_DEBUG ?? '');

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    /** The server bundle, which serves index tasks when started as a worker; without it, indexing stays on this thread. */
    private readonly indexScript?: string,
  ) {
    this.ruleErrors = new RuleErrorReporter((message) => this.error(message));
    this.linter = new WorkspaceLinter(defaultSettings, {
      log: (message) => this.log(message),
      onRuleError: (ruleId, error, path) => this.ruleErrors.report(ruleId, error, path),
      openText: (path) => this.openDocument(path)?.getText(),
    });
  }

  error(message: string): void {
    try {
      this.connection.console.error(message);
    } catch {
      // The connection is gone; nothing left to tell.
    }
  }

  log(message: string): void {
    try {
      this.connection.console.log(message);
    } catch {
      // The connection is gone; nothing left to tell.
    }
  }

  get settings(): ServerSettings {
    return this.linter.currentSettings;
  }

  keyOf(uri: string): string {
    return uriToPath(uri) ?? uri;
  }

  uriFor(path: string): string {
    return this.linter.files.get(path)?.uri ?? pathToUri(path);
  }

  /** The findings of an open document at its current version, linting now if a lint is pending. */
  fresh(uri: string): LintedFile | undefined {
    const document = this.documents.get(uri);
    const key = this.keyOf(uri);
    if (!document) return this.linter.files.get(key);
    const current = this.linter.files.get(key);
    if (current && current.version === document.version) return current;
    return this.lintDocument(document);
  }

  /** Lints an open document now, updates the workspace-wide findings and reports what changed. */
  lintDocument(document: TextDocument, full = false): LintedFile | undefined {
    this.cancelPending(document.uri);
    const key = this.keyOf(document.uri);
    if (!this.linter.shouldLint(key, document.languageId)) {
      if (this.linter.remove(key)) this.afterRemoval(document.uri);
      // Not linted itself, but templates may still include it as a partial.
      const dependents = this.relintDependents(key);
      if (dependents.length) this.report(dependents, true);
      return undefined;
    }
    const text = document.getText();
    const previous = this.linter.files.get(key);
    const file =
      !full && text.length > AS_YOU_TYPE_LIMIT
        ? this.linter.deferLarge(key, document.uri, text, document.version)
        : this.linter.lint(key, document.uri, text, document.version);
    // Templates that include this document as a partial read its unsaved text.
    const dependents = this.relintDependents(key);
    const others = this.linter.crossFile().filter((changed) => changed !== key);
    this.report([file, ...dependents, ...others.map((k) => this.linter.files.get(k)!).filter(Boolean)], others.length > 0 || dependents.length > 0);
    this.publishConfigErrors();
    // The files to watch change only when this file reads other config files than before (a keystroke in a
    // template does not): gathering them walks every linted file, too much for each keystroke in a large workspace.
    if (!previous || !sameList(previous.fileConfig.configFiles, file.fileConfig.configFiles)) this.updateSourceWatchers();
    return file;
  }

  /** Re-lints the files that read the partial at `path`, open ones from their editor text. */
  private relintDependents(path: string): LintedFile[] {
    const out: LintedFile[] = [];
    for (const dependent of this.linter.dependentsOf(path)) {
      if (dependent.deferred) continue;
      const open = this.openDocument(dependent.key);
      const file = this.guard(`lint ${dependent.uri}`, () =>
        open ? this.linter.lint(dependent.key, open.uri, open.getText(), open.version) : this.linter.lint(dependent.key, dependent.uri, dependent.text, dependent.version),
      );
      if (file) out.push(file);
    }
    return out;
  }

  /** A save: a document too large to lint as you type is linted now, in the background. */
  saved(document: TextDocument): void {
    const current = this.linter.files.get(this.keyOf(document.uri));
    if (current?.deferred || document.getText().length > AS_YOU_TYPE_LIMIT) this.lintInBackground(document.uri);
  }

  /** Lints a large open document after pending messages are served; a newer edit or close cancels it. */
  lintInBackground(uri: string): void {
    const pending = this.backgroundLints.get(uri);
    if (pending) clearTimeout(pending);
    const version = this.documents.get(uri)?.version;
    this.backgroundLints.set(
      uri,
      setTimeout(() => {
        this.backgroundLints.delete(uri);
        const latest = this.documents.get(uri);
        if (!latest || latest.version !== version) return;
        this.guard('background lint', () => this.lintDocument(latest, true));
      }, 0),
    );
  }

  /** What the server holds, for `candor/debugStats` (memory checks in tests and bug reports). */
  debugStats(gc: boolean): Record<string, unknown> {
    const collect = (globalThis as { gc?: () => void }).gc;
    if (gc && collect) collect();
    return {
      memory: process.memoryUsage(),
      gcExposed: !!collect,
      documents: this.documents.all().length,
      files: this.linter.files.size,
      models: [...this.linter.files.values()].filter((file) => file.holdsModel).length,
      pendingLints: this.timers.size + this.immediates.size,
      backgroundLints: this.backgroundLints.size,
      ruleErrors: this.ruleErrors.ruleIds,
    };
  }

  /** A change: lint after the debounce delay; a newer change replaces the pending lint. */
  schedule(document: TextDocument): void {
    const changedAt = this.timing ? performance.now() : 0;
    this.cancelPending(document.uri);
    const uri = document.uri;
    const lint = () => {
      this.timers.delete(uri);
      this.immediates.delete(uri);
      this.guard('lint', () => {
        const latest = this.documents.get(uri);
        if (!latest) return;
        if (this.linter.files.get(this.keyOf(uri))?.version === latest.version) return;
        const started = this.timing ? performance.now() : 0;
        this.lintDocument(latest);
        if (this.timing) {
          const now = performance.now();
          this.log(
            `Candor: timing: lint ${uri} version ${latest.version}: ${(now - started).toFixed(2)} ms, ${(now - changedAt).toFixed(2)} ms since the change, ` +
              `received at ${(performance.timeOrigin + changedAt).toFixed(3)} ms Unix time`,
          );
        }
      });
    };
    // No pause asked for: lint once the changes already queued are read (a timer of 0 waits a millisecond more).
    if (this.settings.debounceMs <= 0) this.immediates.set(uri, setImmediate(lint));
    else this.timers.set(uri, setTimeout(lint, this.settings.debounceMs));
  }

  private cancelPending(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
    const immediate = this.immediates.get(uri);
    if (immediate) clearImmediate(immediate);
    this.immediates.delete(uri);
    const background = this.backgroundLints.get(uri);
    if (background) clearTimeout(background);
    this.backgroundLints.delete(uri);
  }

  /** The open document of a file; looked up by path, as the client's URI spelling may differ from Node's. */
  private openDocument(path: string): TextDocument | undefined {
    if (path === this.closing) return undefined;
    return this.documents.get(pathToUri(path)) ?? this.documents.all().find((document) => this.keyOf(document.uri) === path);
  }

  /** A closed document falls back to its text on disk when it is part of the workspace lint. */
  closed(document: TextDocument): void {
    this.cancelPending(document.uri);
    const key = this.keyOf(document.uri);
    const onDisk = uriToPath(document.uri);
    // TextDocuments forgets the document only after this event: read partials from disk from now on.
    this.closing = key;
    try {
      const dependents = this.linter.dependentsOf(key).length ? this.relintDependents(key) : [];
      if (onDisk && TEMPLATE_FILE.test(onDisk) && this.inWorkspace(onDisk) && this.linter.shouldLint(onDisk, undefined)) {
        const file = this.linter.lintFromDisk(onDisk, pathToUri(onDisk));
        if (file) {
          const others = this.linter.crossFile().filter((k) => k !== key);
          this.report([file, ...dependents, ...others.map((k) => this.linter.files.get(k)!)], others.length > 0 || dependents.length > 0);
          return;
        }
      }
      if (this.linter.remove(key)) {
        this.afterRemoval(document.uri);
        const others = this.linter.crossFile();
        this.report([...dependents, ...others.map((k) => this.linter.files.get(k)!)], others.length > 0 || dependents.length > 0);
      } else if (dependents.length) this.report(dependents, true);
    } finally {
      this.closing = undefined;
    }
  }

  private closing: string | undefined;

  private inWorkspace(path: string): boolean {
    return this.linter.workspaceFolders.some((folder) => path.startsWith(folder.endsWith('/') ? folder : folder + '/'));
  }

  /** Lints every template in the workspace folders and every open document; a newer run supersedes an older one. */
  async lintAll(options: { full?: boolean } = {}): Promise<void> {
    const generation = ++this.lintAllGeneration;
    // Open documents too large to lint as you type are linted here only when asked for (Candor: Lint all templates).
    const lintOpen = (key: string, document: TextDocument): LintedFile => {
      const text = document.getText();
      if (options.full || text.length <= AS_YOU_TYPE_LIMIT) return this.linter.lint(key, document.uri, text, document.version);
      const current = this.linter.files.get(key);
      if (current && current.version === document.version && current.uri === document.uri) return current;
      return this.linter.deferLarge(key, document.uri, text, document.version);
    };
    const keep = new Set<string>();
    // At start-up and after a config change: compile the phrase rules before the first document needs them.
    if (this.settings.enable) this.linter.warmRules();
    const paths = this.settings.enable ? this.linter.discover() : [];
    const indexed = await this.indexClosed(paths);
    if (generation !== this.lintAllGeneration) return;
    for (const path of paths) {
      // Linting a file can take a while; yield so requests and newer changes are served in between. Storing the
      // workers' results is quick and runs in one go, so no change on disk can slip in between.
      if (!indexed) await new Promise((resolve) => setImmediate(resolve));
      if (generation !== this.lintAllGeneration) return;
      const document = this.openDocument(path);
      const uri = document?.uri ?? this.uriFor(path);
      if (!this.linter.shouldLint(path, document?.languageId)) continue;
      const file = this.guard(`lint ${path}`, () => {
        if (document) return lintOpen(path, document);
        return indexed ? this.storeIndexed(indexed, path, uri) : this.linter.lintFromDisk(path, uri);
      });
      if (file) keep.add(file.key);
      if (document) this.cancelPending(document.uri);
    }
    for (const document of this.documents.all()) {
      const key = this.keyOf(document.uri);
      if (keep.has(key) || !this.linter.shouldLint(key, document.languageId)) continue;
      this.guard(`lint ${document.uri}`, () => lintOpen(key, document));
      keep.add(key);
    }
    for (const key of [...this.linter.files.keys()]) {
      if (keep.has(key)) continue;
      const removed = this.linter.remove(key);
      if (removed) this.afterRemoval(removed.uri);
    }
    this.linter.crossFile();
    this.report([...this.linter.files.values()], true);
    this.publishConfigErrors();
    this.updateSourceWatchers();
    this.log(`Candor: linted ${this.linter.files.size} template${this.linter.files.size === 1 ? '' : 's'}.`);
  }

  /**
   * Lints the closed templates among `paths` on worker threads when there are enough of them to pay (see
   * `indexing.ts`); undefined when they are to be linted here, one by one, instead (few files, no worker script,
   * or the pool failed).
   */
  private async indexClosed(paths: string[]): Promise<IndexedRun | undefined> {
    if (!this.indexScript) return undefined;
    const closed = paths.filter((path) => !this.openDocument(path) && this.linter.shouldLint(path, undefined));
    const workers = indexWorkers(closed.length);
    if (workers <= 1) return undefined;
    const before = this.openTexts();
    const changedOnDisk = (this.changedDuringIndex = new Set());
    this.log(`Candor: indexing ${closed.length} closed templates on ${workers} worker threads…`);
    let outcomes: IndexOutcome[];
    try {
      outcomes = await indexInWorkers(closed, { script: this.indexScript, settings: this.settings, folders: this.linter.workspaceFolders, open: before, workers });
      this.log(`Candor: indexed ${closed.length} closed templates on ${workers} worker threads.`);
    } catch (error) {
      // What the workers finished stands; the rest is linted here (`storeIndexed` lints a file without an outcome).
      outcomes = indexedBeforeFailure(error);
      this.log(`Candor: indexing on worker threads failed after ${outcomes.length} of ${closed.length} templates, linting the rest here: ${describeError(error)}`);
      if (!outcomes.length) return undefined;
    } finally {
      if (this.changedDuringIndex === changedOnDisk) this.changedDuringIndex = undefined;
    }
    // Documents opened, edited or closed while the workers ran: a file that read one of them as a partial is
    // linted again here, with the text as it is now.
    const after = this.openTexts();
    const edited = new Set([...before.keys(), ...after.keys()].filter((path) => before.get(path) !== after.get(path)));
    return { outcomes: new Map(outcomes.map((outcome) => [outcome.path, outcome])), edited, changedOnDisk };
  }

  /** The unsaved text of every open document, by path. */
  private openTexts(): Map<string, string> {
    const open = new Map<string, string>();
    for (const document of this.documents.all()) {
      const path = uriToPath(document.uri);
      if (path) open.set(path, document.getText());
    }
    return open;
  }

  /** Stores a worker's lint of a closed file (or lints it again here when a partial it read changed meanwhile). */
  private storeIndexed(run: IndexedRun, path: string, uri: string): LintedFile | undefined {
    // Changed on disk while the workers ran: the watcher's lint is of the current text, the worker's may not be.
    if (run.changedOnDisk.has(path)) return this.linter.files.get(path) ?? this.linter.lintFromDisk(path, uri);
    const outcome = run.outcomes.get(path);
    // Not indexed: it was open when indexing began (and has been closed since).
    if (!outcome) return this.linter.lintFromDisk(path, uri);
    for (const message of outcome.logs) this.log(message);
    for (const { ruleId, message, stack } of outcome.ruleErrors) this.ruleErrors.report(ruleId, Object.assign(new Error(message), { stack }), path);
    const file = outcome.file;
    if (!file) return undefined;
    const stale = run.edited.size > 0 && file.partials.some((partial) => run.edited.has(partial));
    return stale ? this.linter.lint(path, uri, file.text, undefined) : this.linter.storeIndexed(file, uri);
  }

  /** `.candorrc.json`, partial or template files changed on disk. */
  async filesChanged(changes: FileEvent[]): Promise<void> {
    const partials = new Set([...this.linter.files.values()].flatMap((file) => [...file.fileConfig.partialFiles.values()]));
    const configs = this.linter.configSources();
    const everything = changes.some((change) => {
      const path = uriToPath(change.uri);
      if (path === undefined) return false;
      // A template that appears or disappears may be a partial the cached partial index does not know yet.
      const addedOrRemoved = change.type !== FileChangeType.Changed && TEMPLATE_FILE.test(path);
      return addedOrRemoved || basename(path) === CONFIG_FILE || configs.has(path) || partials.has(path) || this.linter.configErrors.has(path);
    });
    if (everything) {
      this.linter.invalidate();
      await this.lintAll();
      return;
    }
    const touched: LintedFile[] = [];
    for (const change of changes) {
      const path = uriToPath(change.uri);
      // Open documents are linted from the editor's text, not the file's.
      if (!path || !TEMPLATE_FILE.test(path) || this.openDocument(path)) continue;
      if (this.inWorkspace(path) && this.linter.shouldLint(path, undefined)) {
        const file = this.linter.lintFromDisk(path, this.uriFor(path));
        this.changedDuringIndex?.add(path);
        if (file) touched.push(file);
      }
    }
    const others = this.linter.crossFile().map((k) => this.linter.files.get(k)!);
    this.report([...touched, ...others], true);
    this.updateSourceWatchers();
  }

  /**
   * Watches the files configs read besides `.candorrc.json` (their `data` files and `extends` targets), by
   * exact path, re-registering when the set changes. Without dynamic registration the client's own watchers
   * decide which changes arrive; any change to one of these files still re-lints everything.
   */
  updateSourceWatchers(): void {
    if (!this.watcherRegistration) return;
    const sources = [...this.linter.configSources()].filter((path) => basename(path) !== CONFIG_FILE).sort();
    const key = sources.join('\0');
    if (this.sourceWatchers?.key === key) return;
    const previous = this.sourceWatchers;
    const watchers: FileSystemWatcher[] = sources.map((path) =>
      this.relativePatterns ? { globPattern: { baseUri: pathToUri(dirname(path)), pattern: escapeGlob(basename(path)) } } : { globPattern: escapeGlob(toPosixPath(path)) },
    );
    const register = async (): Promise<Disposable | undefined> => {
      await previous?.registration.then((old) => old?.dispose()).catch(() => undefined);
      if (!watchers.length) return undefined;
      try {
        return await this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
      } catch (error) {
        this.log(`Candor: could not watch ${sources.join(', ')} (${describeError(error)}); watching every JSON file instead.`);
        try {
          return await this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.json' }] });
        } catch {
          return undefined;
        }
      }
    };
    this.sourceWatchers = { key, registration: register() };
  }

  /** Push: send the diagnostics. Pull: ask the client to pull again when files it did not ask about changed. */
  private report(files: LintedFile[], othersChanged: boolean): void {
    if (this.pullMode) {
      if (othersChanged && this.refreshSupported) void this.connection.languages.diagnostics.refresh().catch((error: unknown) => this.log(`Candor: diagnostic refresh failed: ${describeError(error)}`));
      return;
    }
    const seen = new Set<string>();
    for (const file of files) {
      if (!file || seen.has(file.key)) continue;
      seen.add(file.key);
      this.guard(`publish ${file.uri}`, () => {
        void this.connection.sendDiagnostics({ uri: file.uri, version: file.version, diagnostics: fileDiagnostics(file, (path) => this.uriFor(path)) });
        this.pushed.add(file.uri);
      });
    }
  }

  /** Files no longer linted whose diagnostics a pulling client may still show: answered once with an empty report. */
  readonly removedSincePull = new Set<string>();

  private afterRemoval(uri: string): void {
    if (this.pullMode) {
      this.removedSincePull.add(uri);
      return;
    }
    if (this.pushed.delete(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Config errors are pushed in both modes: the config file is not a document the client pulls for. */
  publishConfigErrors(): void {
    const current = new Set<string>();
    for (const [path, error] of this.linter.configErrors) {
      const uri = pathToUri(path);
      current.add(uri);
      let text: string | undefined;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        text = undefined;
      }
      void this.connection.sendDiagnostics({ uri, diagnostics: [configErrorDiagnostic(error, text)] });
    }
    for (const uri of this.configDiagnosticUris) if (!current.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.configDiagnosticUris.clear();
    for (const uri of current) this.configDiagnosticUris.add(uri);
  }

  /** Runs `work`, logging instead of throwing: one bad file or request never takes the server down. */
  guard<T>(what: string, work: () => T): T | undefined {
    try {
      return work();
    } catch (error) {
      this.log(`Candor: ${what} failed: ${describeError(error)}`);
      return undefined;
    }
  }
}
