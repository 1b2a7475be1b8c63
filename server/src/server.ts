// The Candor language server: wires the LSP features in server/src/lsp/ to the connection. Run as `node dist/server.js --stdio`.
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type DiagnosticServerCancellationData,
  type DocumentDiagnosticReport,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CandorService } from './lsp/service.ts';
import { readSettings } from './lsp/settings.ts';
import { uriToPath } from './lsp/convert.ts';
import { fileDiagnostics } from './lsp/diagnostics.ts';
import { hover } from './lsp/hover.ts';
import { codeActions, FIX_ALL_KIND } from './lsp/codeActions.ts';
import { completion, COMPLETION_TRIGGERS } from './lsp/completion.ts';
import { definition, documentLinks } from './lsp/partials.ts';
import { documentSymbols } from './lsp/symbols.ts';
import { RULES_REQUEST, ruleExplanations } from './lsp/rulesRequest.ts';
import { registerPreview } from './lsp/preview.ts';
import { describeError, type LintedFile } from './lsp/linting.ts';
import { isPoolWorker } from './cli/parallel.ts';
import { serveIndexTasks } from './lsp/indexing.ts';

// The same bundle runs the server and, as a worker thread, indexes closed templates for it (see lsp/indexing.ts).
if (isPoolWorker()) serveIndexTasks();
else startServer();

function startServer(): void {
  const LINT_ALL_COMMANDS = ['candor.lintAll', 'candor.server.lintAll'];
  /** Custom request: memory and what the server holds, for soak tests and bug reports. */
  const DEBUG_STATS_REQUEST = 'candor/debugStats';

  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const service = new CandorService(connection, documents, __filename);
  let configurationPull = false;
  let watcherRegistration = false;
  let configurationRegistration = false;
  let workspaceFolderEvents = false;

  process.on('uncaughtException', (error) => service.log(`Candor: unexpected error: ${describeError(error)}`));
  process.on('unhandledRejection', (error) => service.log(`Candor: unexpected error: ${describeError(error)}`));

  function cancelled(): ResponseError<never> {
    return new ResponseError<never>(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
  }

  /**
   * Runs a request handler, answering `fallback` instead of failing when anything throws, and answering
   * RequestCancelled when the client cancelled the request before or while it ran.
   */
  function safely<P, R>(what: string, fallback: R, handler: (params: P, token: CancellationToken) => R): (params: P, token: CancellationToken) => R | ResponseError<never> {
    return (params, token) => {
      if (token?.isCancellationRequested) return cancelled();
      const result = service.guard(what, () => handler(params, token)) ?? fallback;
      return token?.isCancellationRequested ? cancelled() : result;
    };
  }

  /** Lets notifications already received (edits) be applied before a request is answered. */
  function settle(): Promise<void> {
    return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const capabilities = params.capabilities;
    service.pullMode = !!capabilities.textDocument?.diagnostic;
    service.refreshSupported = !!capabilities.workspace?.diagnostics?.refreshSupport;
    configurationPull = !!capabilities.workspace?.configuration;
    watcherRegistration = !!capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    service.watcherRegistration = watcherRegistration;
    service.relativePatterns = !!capabilities.workspace?.didChangeWatchedFiles?.relativePatternSupport;
    configurationRegistration = !!capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
    workspaceFolderEvents = !!capabilities.workspace?.workspaceFolders;
    const folders = params.workspaceFolders?.map((folder) => uriToPath(folder.uri)).filter((path): path is string => !!path);
    const rootPath = params.rootUri ? uriToPath(params.rootUri) : (params.rootPath ?? undefined);
    service.linter.workspaceFolders = folders?.length ? folders : rootPath ? [rootPath] : [];
    if (params.initializationOptions && typeof params.initializationOptions === 'object') {
      const initial = (params.initializationOptions as { settings?: unknown }).settings;
      if (initial) service.linter.updateSettings(readSettings(initial, (message) => service.log(message)));
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        diagnosticProvider: service.pullMode ? { identifier: 'candor', interFileDependencies: true, workspaceDiagnostics: true } : undefined,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
        definitionProvider: true,
        documentLinkProvider: { resolveProvider: false },
        documentSymbolProvider: true,
        // `candor.lintAll` is also a client command; advertising it would make the client register it twice.
        executeCommandProvider: { commands: ['candor.server.lintAll'] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'candor' },
    };
  });

  connection.onInitialized(async () => {
    try {
      if (configurationRegistration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'candor' });
      if (watcherRegistration) {
        void connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/.candorrc.json' }, { globPattern: '**/*.{hbs,handlebars}' }],
        });
      }
      if (workspaceFolderEvents) {
        connection.workspace.onDidChangeWorkspaceFolders((event) => {
          const removed = new Set(event.removed.map((folder) => uriToPath(folder.uri)));
          const added = event.added.map((folder) => uriToPath(folder.uri)).filter((path): path is string => !!path);
          service.linter.workspaceFolders = [...service.linter.workspaceFolders.filter((folder) => !removed.has(folder)), ...added];
          void lintAllSafely();
        });
      }
      await refreshSettings(undefined);
    } catch (error) {
      service.log(`Candor: start-up failed: ${describeError(error)}`);
    }
    await lintAllSafely();
  });

  async function refreshSettings(pushed: unknown): Promise<void> {
    let raw: unknown = pushed;
    if (configurationPull) {
      try {
        raw = await connection.workspace.getConfiguration({ section: 'candor' });
      } catch (error) {
        service.log(`Candor: could not read the settings: ${describeError(error)}`);
      }
    }
    if (raw !== undefined) service.linter.updateSettings(readSettings(raw, (message) => service.log(message)));
  }

  async function lintAllSafely(full = false): Promise<void> {
    try {
      await service.lintAll({ full });
    } catch (error) {
      service.log(`Candor: linting the workspace failed: ${describeError(error)}`);
    }
  }

  connection.onDidChangeConfiguration(async (params) => {
    const pushed = (params.settings as { candor?: unknown } | null | undefined)?.candor;
    await refreshSettings(pushed);
    await lintAllSafely();
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    try {
      await service.filesChanged(params.changes);
    } catch (error) {
      service.log(`Candor: reacting to file changes failed: ${describeError(error)}`);
    }
  });

  documents.onDidOpen((event) => service.guard('open', () => service.lintDocument(event.document)));
  documents.onDidChangeContent((event) => service.guard('change', () => service.schedule(event.document)));
  documents.onDidClose((event) => service.guard('close', () => service.closed(event.document)));
  documents.onDidSave((event) => service.guard('save', () => service.saved(event.document)));

  connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport | ResponseError<DiagnosticServerCancellationData>> => {
    const uri = params.textDocument.uri;
    const report = (file: LintedFile | undefined): DocumentDiagnosticReport => {
      if (!file) return { kind: 'full', items: [] };
      if (params.previousResultId === file.resultId) return { kind: 'unchanged', resultId: file.resultId };
      return { kind: 'full', resultId: file.resultId, items: fileDiagnostics(file, (path) => service.uriFor(path)) };
    };
    // The version the client asked about; an edit that arrives before the answer makes the answer stale.
    const asked = documents.get(uri)?.version;
    const superseded = () => {
      const now = documents.get(uri)?.version;
      return asked !== undefined && now !== undefined && now !== asked;
    };
    await settle();
    if (token.isCancellationRequested) return cancelled();
    if (superseded()) return new ResponseError(LSPErrorCodes.ServerCancelled, 'The document changed; pull again.', { retriggerRequest: true });
    try {
      const file = service.fresh(uri);
      if (token.isCancellationRequested) return cancelled();
      return report(file);
    } catch (error) {
      // The document keeps its last good diagnostics.
      service.log(`Candor: pull diagnostics failed: ${describeError(error)}`);
      return report(service.linter.files.get(service.keyOf(uri)));
    }
  });

  connection.languages.diagnostics.onWorkspace(
    safely('workspace diagnostics', { items: [] }, (params) => {
      const previous = new Map(params.previousResultIds.map((entry) => [entry.uri, entry.value]));
      const gone = [...service.removedSincePull].filter((uri) => !service.linter.files.has(service.keyOf(uri)));
      service.removedSincePull.clear();
      return {
        items: [
          ...gone.map((uri) => ({ kind: 'full' as const, uri, version: null, items: [] })),
          ...[...service.linter.files.values()].map((file) =>
            previous.get(file.uri) === file.resultId
              ? { kind: 'unchanged' as const, uri: file.uri, version: file.version ?? null, resultId: file.resultId }
              : { kind: 'full' as const, uri: file.uri, version: file.version ?? null, resultId: file.resultId, items: fileDiagnostics(file, (path) => service.uriFor(path)) },
          ),
        ],
      };
    }),
  );

  connection.onHover(safely('hover', null, (params) => {
    const file = service.fresh(params.textDocument.uri);
    return file ? hover(file, params) : null;
  }));

  connection.onCodeAction(safely('code actions', [], (params) => {
    const file = service.fresh(params.textDocument.uri);
    return file ? codeActions(file, params) : [];
  }));

  connection.onCompletion(safely('completion', [], (params) => {
    const file = service.fresh(params.textDocument.uri);
    return file ? completion(file, params) : [];
  }));

  connection.onDefinition(safely('definition', [], (params) => {
    const file = service.fresh(params.textDocument.uri);
    return file ? definition(file, params) : [];
  }));

  connection.onDocumentLinks(safely('document links', [], (params) => {
    const file = service.fresh(params.textDocument.uri);
    return file ? documentLinks(file) : [];
  }));

  connection.onDocumentSymbol(safely('document symbols', [], (params) => {
    const file = service.fresh(params.textDocument.uri);
    return file ? documentSymbols(file) : [];
  }));

  connection.onRequest(DEBUG_STATS_REQUEST, safely('debug stats', null, (params: { gc?: boolean } | undefined) => service.debugStats(!!params?.gc)));

  connection.onRequest(RULES_REQUEST, safely('rules', [], () => {
    const userRules = [...service.linter.files.values()].flatMap((file) => file.record.config.userPhrases);
    return ruleExplanations(userRules);
  }));

  connection.onExecuteCommand(async (params) => {
    if (LINT_ALL_COMMANDS.includes(params.command)) {
      service.linter.invalidate();
      await lintAllSafely(true);
      return { files: service.linter.files.size };
    }
    service.log(`Candor: unknown command ${params.command}.`);
    return null;
  });

  registerPreview(connection, documents, service);

  documents.listen(connection);
  connection.listen();
}
