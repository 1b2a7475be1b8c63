// Test helper installed beside Candor in the editor tests: mirrors what the editor knows into a JSON file.
//
// The file named by CANDOR_E2E_PROBE_FILE is rewritten (atomically) whenever diagnostics or open documents
// change, so the test can wait on exact rule ids, ranges and text instead of reading pixels. When
// CANDOR_E2E_API_SCENARIOS names a workspace, the desktop tier's API scenarios run here too and their
// results go to CANDOR_E2E_API_RESULTS, which proves that suite in the same editor the browser tier uses.
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

let sequence = 0;
let timer;

function activate(context) {
  const target = process.env.CANDOR_E2E_PROBE_FILE;
  if (target) {
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => write(target), 25);
    };
    context.subscriptions.push(
      vscode.languages.onDidChangeDiagnostics(schedule),
      vscode.workspace.onDidOpenTextDocument(schedule),
      vscode.workspace.onDidCloseTextDocument(schedule),
      vscode.workspace.onDidChangeTextDocument(schedule),
      vscode.workspace.onDidSaveTextDocument(schedule),
      vscode.window.onDidChangeActiveTextEditor(schedule),
      vscode.window.onDidChangeTextEditorSelection(schedule),
    );
    write(target);
  }
  // Once per session: later windows of the same code-server inherit the environment but open other folders.
  if (process.env.CANDOR_E2E_API_SCENARIOS && process.env.CANDOR_E2E_API_RESULTS && !fs.existsSync(process.env.CANDOR_E2E_API_RESULTS)) {
    void runApiScenarios(process.env.CANDOR_E2E_API_SCENARIOS, process.env.CANDOR_E2E_API_RESULTS);
  }
}

function relative(uri) {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return folder ? path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/') : uri.toString();
}

function write(target) {
  const candor = vscode.extensions.all.find((extension) => extension.packageJSON.name === 'candor');
  const snapshot = {
    sequence: ++sequence,
    writtenAt: Date.now(),
    extensionHostPid: process.pid,
    // Windows of one code-server share this file (and closed ones keep their extension host for a while).
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath),
    candor: candor ? { id: candor.id, isActive: candor.isActive } : null,
    diagnostics: vscode.languages.getDiagnostics().flatMap(([uri, diagnostics]) =>
      diagnostics.map((diagnostic) => ({
        file: relative(uri),
        source: diagnostic.source,
        code: typeof diagnostic.code === 'object' && diagnostic.code ? String(diagnostic.code.value) : diagnostic.code === undefined ? undefined : String(diagnostic.code),
        severity: ['error', 'warning', 'information', 'hint'][diagnostic.severity],
        message: diagnostic.message,
        range: [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.line, diagnostic.range.end.character],
      })),
    ),
    // The focused text editor and its selection (lines and characters from 0), e.g. after the preview revealed a finding.
    activeEditor: (() => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return null;
      const { start, end } = editor.selection;
      return { file: relative(editor.document.uri), selection: [start.line, start.character, end.line, end.character] };
    })(),
    documents: Object.fromEntries(
      vscode.workspace.textDocuments
        .filter((document) => document.uri.scheme === 'file')
        .map((document) => [relative(document.uri), { languageId: document.languageId, isDirty: document.isDirty, text: document.getText() }]),
    ),
  };
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, JSON.stringify(snapshot, null, 1));
    fs.renameSync(temporary, target);
  } catch (error) {
    console.error(`candor-e2e-probe: could not write ${target}: ${error}`);
  }
}

async function runApiScenarios(scenariosModule, resultsFile) {
  let results;
  try {
    results = await require(scenariosModule).runScenarios(vscode);
  } catch (error) {
    results = [{ name: 'load the scenarios', ok: false, error: error && error.stack ? error.stack : String(error) }];
  }
  fs.writeFileSync(resultsFile, JSON.stringify(results, null, 1));
}

function deactivate() {}

module.exports = { activate, deactivate };
