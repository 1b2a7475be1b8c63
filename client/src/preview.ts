// "Candor: Preview message": a webview beside the template showing each message path as the customer reads it,
// computed by the language server (`candor/preview`), following the active editor and updating as you type.
// The page is built once; updates arrive as messages and the script patches the DOM, so nothing flickers.
// The page shows message text as text only, under a Content-Security-Policy that allows nothing but its own
// nonce-tagged script and style: no remote content, nothing from a template can run.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { shownText } from './previewText.ts';
import { PREVIEW_REQUEST, type PreviewFinding, type PreviewResult } from '../../server/src/lsp/protocol.ts';

export const PREVIEW_COMMAND = 'candor.preview';
const VIEW_TYPE = 'candor.preview';
const LANGUAGES = new Set(['candor', 'handlebars']);
/** Wait after the last keystroke before asking the server again. */
const TYPING_DELAY_MS = 150;

type CaseFilter = 'all' | 'resolved' | 'unresolved';

type LspRange = PreviewFinding['range'];

/** What the webview script (media/preview.js) receives. */
interface ViewUpdate {
  type: 'update';
  file: string;
  notice?: string;
  messages: Array<Omit<PreviewResult['messages'][number], 'text'> & { text: string; html: boolean }>;
}

type FromView = { type: 'ready' } | { type: 'reveal'; range: LspRange } | { type: 'caseFilter'; value: CaseFilter };

/** Registers the command and returns what to dispose. `getClient` answers the running client, if any. */
export function registerPreview(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined): vscode.Disposable {
  const manager = new PreviewManager(context, getClient);
  return vscode.Disposable.from(manager, vscode.commands.registerCommand(PREVIEW_COMMAND, (uri?: unknown) => manager.open(uri instanceof vscode.Uri ? uri : undefined)));
}

function isTemplate(document: vscode.TextDocument): boolean {
  return LANGUAGES.has(document.languageId) && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled');
}

class PreviewManager implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private document: vscode.TextDocument | undefined;
  /** The editor column the template was shown in, where "reveal" puts it back. */
  private column: vscode.ViewColumn | undefined;
  private readonly listeners: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sequence = 0;
  private last: ViewUpdate | undefined;
  private ready = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly getClient: () => LanguageClient | undefined,
  ) {
    this.listeners.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (this.panel && editor && isTemplate(editor.document) && editor.document !== this.document) this.show(editor.document, editor.viewColumn);
        else if (editor && editor.document === this.document) this.column = editor.viewColumn ?? this.column;
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.panel && event.document === this.document && event.contentChanges.length) this.schedule(TYPING_DELAY_MS);
      }),
      // Findings change without an edit here too: a config file, a partial, a setting.
      vscode.languages.onDidChangeDiagnostics((event) => {
        if (this.panel && this.document && event.uris.some((uri) => uri.toString() === this.document!.uri.toString())) this.schedule(TYPING_DELAY_MS);
      }),
    );
  }

  async open(uri: vscode.Uri | undefined): Promise<void> {
    let document: vscode.TextDocument | undefined;
    let column: vscode.ViewColumn | undefined;
    if (uri) {
      document = await vscode.workspace.openTextDocument(uri);
      column = vscode.window.visibleTextEditors.find((editor) => editor.document === document)?.viewColumn;
    } else {
      const editor = vscode.window.activeTextEditor;
      document = editor?.document ?? this.document;
      column = editor?.viewColumn ?? this.column;
    }
    if (!document || !isTemplate(document)) {
      void vscode.window.showInformationMessage('Candor: open a template (Candor or Handlebars) to preview its messages.');
      return;
    }
    if (this.panel) this.panel.reveal(vscode.ViewColumn.Beside, true);
    else this.createPanel();
    this.show(document, column);
  }

  private createPanel(): void {
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Message preview', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [] });
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'images', 'icon.png');
    panel.webview.html = this.html();
    panel.webview.onDidReceiveMessage((message: FromView) => this.received(message));
    panel.onDidDispose(() => {
      if (this.panel !== panel) return;
      this.panel = undefined;
      this.document = undefined;
      this.last = undefined;
      clearTimeout(this.timer);
    });
  }

  private show(document: vscode.TextDocument, column: vscode.ViewColumn | undefined): void {
    this.document = document;
    this.column = column ?? this.column;
    if (this.panel) this.panel.title = `Preview ${basename(document.uri.path)}`;
    this.schedule(0);
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private async refresh(): Promise<void> {
    const document = this.document;
    const panel = this.panel;
    if (!document || !panel) return;
    const sequence = ++this.sequence;
    const file = vscode.workspace.asRelativePath(document.uri, false);
    const client = this.getClient();
    let update: ViewUpdate;
    if (!client || !client.isRunning()) {
      update = { type: 'update', file, messages: [], notice: 'The Candor language server is not running; see "Candor: Show output" for why.' };
    } else {
      try {
        const result = await client.sendRequest<PreviewResult>(PREVIEW_REQUEST, { uri: document.uri.toString(), version: document.version });
        update = toViewUpdate(file, result);
      } catch (error) {
        update = { type: 'update', file, messages: [], notice: `The preview failed: ${error instanceof Error ? error.message : String(error)}` };
      }
    }
    // A newer request (another keystroke, another editor) answers instead.
    if (sequence !== this.sequence || this.panel !== panel || this.document !== document) return;
    this.last = update;
    if (this.ready) void panel.webview.postMessage(update);
  }

  private received(message: FromView): void {
    if (message.type === 'ready') {
      this.ready = true;
      const filter = this.context.workspaceState.get<CaseFilter>('candor.preview.caseFilter', 'all');
      void this.panel?.webview.postMessage({ type: 'caseFilter', value: filter });
      if (this.last) void this.panel?.webview.postMessage(this.last);
    } else if (message.type === 'caseFilter') {
      void this.context.workspaceState.update('candor.preview.caseFilter', message.value);
    } else if (message.type === 'reveal') void this.reveal(message.range);
  }

  /** Puts the template's editor back and selects the finding's range. */
  private async reveal(range: LspRange): Promise<void> {
    const document = this.document;
    if (!document) return;
    const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document === document);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? this.column ?? vscode.ViewColumn.One, preserveFocus: false, preview: false });
    editor.selection = new vscode.Selection(selection.start, selection.end);
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private html(): string {
    const nonce = randomBytes(18).toString('base64');
    const media = (name: string) => readFileSync(this.context.asAbsolutePath(`media/${name}`), 'utf8');
    // Nothing but this page's own nonce-tagged script and style: no remote or local resources at all.
    const csp = `default-src 'none'; img-src 'none'; font-src 'none'; connect-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'`;
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Message preview</title>
<style nonce="${nonce}">${media('preview.css')}</style>
</head>
<body>
<header class="toolbar">
  <span class="file" id="file"></span>
  <span class="switch" role="radiogroup" aria-label="Case state">
    <button type="button" data-filter="all" role="radio" aria-checked="true">All</button>
    <button type="button" data-filter="resolved" role="radio" aria-checked="false">Resolved</button>
    <button type="button" data-filter="unresolved" role="radio" aria-checked="false">Unresolved</button>
  </span>
</header>
<p class="notice" id="notice" hidden></p>
<main id="messages" aria-live="polite"><p class="loading">Rendering the messages…</p></main>
<div class="tooltip" id="tooltip" role="tooltip" hidden></div>
<script nonce="${nonce}">${media('preview.js')}</script>
</body>
</html>`;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const listener of this.listeners) listener.dispose();
    this.panel?.dispose();
  }
}

/** The server's answer as the webview shows it: HTML messages as readable text, highlights moved with it. */
function toViewUpdate(file: string, result: PreviewResult): ViewUpdate {
  return {
    type: 'update',
    file,
    notice: result.notice,
    messages: result.messages.map((message) => {
      const shown = shownText(message.text);
      const at = (offset: number) => shown.map[Math.max(0, Math.min(offset, message.text.length))]!;
      const moved = <T extends { start: number; end: number }>(range: T): T => ({ ...range, start: at(range.start), end: at(range.end) });
      return {
        ...message,
        text: shown.text,
        html: shown.text !== message.text,
        highlights: message.highlights.map(moved).filter((h) => h.end > h.start),
        missing: message.missing.map(moved).filter((m) => m.end > m.start),
      };
    }),
  };
}
