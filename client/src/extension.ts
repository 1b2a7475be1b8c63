// VS Code side of Candor: starts the bundled language server and registers the Candor commands and status item.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { checkFirstRun } from './firstRun.ts';
import { registerPreview } from './preview.ts';
import { RULES_REQUEST, type RuleExplanation } from '../../server/src/lsp/protocol.ts';

const RULE_DOC_SCHEME = 'candor-rule';

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Candor', { log: true });
  // One watcher for the whole session: the client is recreated when `candor.enable` is toggled.
  const configWatcher = vscode.workspace.createFileSystemWatcher('**/.candorrc.json');
  const ruleDocs = new Map<string, string>();
  const status = new FindingsStatus();

  context.subscriptions.push(
    output,
    configWatcher,
    status,
    vscode.workspace.registerTextDocumentContentProvider(RULE_DOC_SCHEME, {
      provideTextDocumentContent: (uri) => ruleDocs.get(uri.path) ?? '',
    }),
    vscode.commands.registerCommand('candor.showOutput', () => output.show(true)),
    registerPreview(context, () => client),
    vscode.commands.registerCommand('candor.lintAll', () => lintAll()),
    vscode.commands.registerCommand('candor.explainRule', (ruleId?: unknown) =>
      explainRule(ruleDocs, typeof ruleId === 'string' ? ruleId : undefined),
    ),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('candor.enable')) void applyEnablement(context, output, configWatcher).then(() => status.render());
    }),
  );
  void applyEnablement(context, output, configWatcher).then(() => status.render());
  // Issue 8: a workspace without templates sees nothing (no status item); one with templates but no config gets one offer.
  void checkFirstRun(context, output).then(
    ({ hasTemplates }) => status.setWorkspaceHasTemplates(hasTemplates),
    (error: unknown) => output.error(`Looking for templates failed: ${error instanceof Error ? error.message : String(error)}`),
  );
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}

async function applyEnablement(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, configWatcher: vscode.FileSystemWatcher): Promise<void> {
  const enabled = vscode.workspace.getConfiguration('candor').get<boolean>('enable', true);
  if (enabled && !client) {
    client = createClient(context, output, configWatcher);
    try {
      await client.start();
    } catch (error) {
      client = undefined;
      output.error(`The Candor language server did not start: ${error instanceof Error ? error.message : String(error)}`);
      void vscode.window.showErrorMessage('Candor could not start its language server.', 'Show output').then((choice) => {
        if (choice) output.show(true);
      });
    }
  } else if (!enabled && client) {
    const running = client;
    client = undefined;
    await running.stop();
  }
}

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, configWatcher: vscode.FileSystemWatcher): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: ['candor', 'handlebars'].flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    synchronize: { configurationSection: 'candor', fileEvents: configWatcher },
    outputChannel: output,
  };
  // The id `candor` makes the client honour the `candor.trace.server` setting.
  return new LanguageClient('candor', 'Candor', serverOptions, clientOptions);
}

function runningClient(): LanguageClient | undefined {
  if (!client) {
    const enabled = vscode.workspace.getConfiguration('candor').get<boolean>('enable', true);
    void vscode.window.showInformationMessage(
      enabled ? 'The Candor language server is not running; see "Candor: Show output" for why.' : 'Candor is turned off: set "candor.enable" to true to use it.',
    );
  }
  return client;
}

async function lintAll(): Promise<void> {
  const languageClient = runningClient();
  if (!languageClient) return;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Candor: linting all templates' }, () =>
    languageClient.sendRequest(ExecuteCommandRequest.type, { command: 'candor.lintAll', arguments: [] }),
  );
}

async function explainRule(ruleDocs: Map<string, string>, ruleId: string | undefined): Promise<void> {
  const languageClient = runningClient();
  if (!languageClient) return;
  const rules = await languageClient.sendRequest<RuleExplanation[]>(RULES_REQUEST);
  const rule = ruleId !== undefined ? rules.find((candidate) => candidate.id === ruleId) : await pickRule(rules);
  if (!rule) {
    if (ruleId !== undefined) void vscode.window.showWarningMessage(`Candor has no rule called "${ruleId}".`);
    return;
  }
  const uri = vscode.Uri.from({ scheme: RULE_DOC_SCHEME, path: `/${rule.id}.md` });
  ruleDocs.set(uri.path, ruleMarkdown(rule));
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    // The built-in Markdown extension can be disabled; the plain text still explains the rule.
    await vscode.window.showTextDocument(uri, { preview: true });
  }
}

async function pickRule(rules: RuleExplanation[]): Promise<RuleExplanation | undefined> {
  const picked = await vscode.window.showQuickPick(
    rules.map((rule) => ({ label: rule.id, description: rule.name, detail: rule.description, rule })),
    { title: 'Candor: Explain rule', placeHolder: 'Which rule should Candor explain?', matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.rule;
}

function ruleMarkdown(rule: RuleExplanation): string {
  const better = rule.better.map((example) => `- ${example}`).join('\n');
  return [
    `# ${rule.name}`,
    `\`${rule.id}\`: ${rule.description}`,
    `## Why it matters`,
    rule.why,
    ...(better ? ['## Write this instead', better] : []),
    ...(rule.docsUrl ? [`[Full rule documentation](${rule.docsUrl})`] : []),
  ].join('\n\n') + '\n';
}

/**
 * A status bar item counting Candor's diagnostics across the workspace; clicking it opens the Problems panel.
 * Hidden while the language server is off, and in workspaces without templates unless something has findings.
 */
class FindingsStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('candor.findings', vscode.StatusBarAlignment.Left, 0);
  private readonly countsByUri = new Map<string, number>();
  private readonly listener: vscode.Disposable;
  private workspaceHasTemplates = false;

  constructor() {
    this.item.name = 'Candor findings';
    this.item.command = 'workbench.actions.view.problems';
    for (const [uri] of vscode.languages.getDiagnostics()) this.recount(uri);
    // Only the changed files are recounted: other extensions may hold many diagnostics.
    this.listener = vscode.languages.onDidChangeDiagnostics((event) => {
      for (const uri of event.uris) this.recount(uri);
      this.render();
    });
  }

  setWorkspaceHasTemplates(hasTemplates: boolean): void {
    this.workspaceHasTemplates = hasTemplates;
    this.render();
  }

  render(): void {
    let total = 0;
    for (const count of this.countsByUri.values()) total += count;
    if (!client || (!this.workspaceHasTemplates && total === 0)) {
      this.item.hide();
      return;
    }
    this.item.text = `$(comment-discussion) Candor ${total}`;
    this.item.tooltip = total === 0 ? 'Candor: no findings' : `Candor: ${total} finding${total === 1 ? '' : 's'}. Click to open the Problems panel.`;
    this.item.show();
  }

  dispose(): void {
    this.listener.dispose();
    this.item.dispose();
  }

  private recount(uri: vscode.Uri): void {
    const count = vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'candor').length;
    if (count) this.countsByUri.set(uri.toString(), count);
    else this.countsByUri.delete(uri.toString());
  }
}
