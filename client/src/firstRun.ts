// First run, the editor half: a workspace with templates but no `.candorrc.json` is offered, once, a
// starter config guessed from its templates. Workspaces without templates hear nothing from Candor.
import * as vscode from 'vscode';
import { CONFIG_FILE, EXCLUDE_GLOB, TEMPLATE_GLOB, configText, describeGuess, guessConfig, type TemplateFile } from './firstRunDetect.ts';

/** workspaceState key holding the answer to the offer, so it is made once per workspace. */
export const FIRST_RUN_ANSWER_KEY = 'candor.firstRun.answer';
type Answer = 'created' | 'never' | 'dismissed';

const CREATE = 'Create .candorrc.json';
const NEVER = "Don't ask again";
/** Paths listed to find templates and the partials folder; texts read to find partial calls and conditions. */
const MAX_TEMPLATES = 200;
const MAX_READ = 50;
const MAX_TEXT = 64 * 1024;

export interface FirstRunResult {
  /** Whether the workspace holds any template at all: without one, Candor shows nothing. */
  hasTemplates: boolean;
}

/**
 * Looks for templates; when there are some, no config and no earlier answer, offers to create one.
 * Resolves as soon as the templates are known (the offer itself is not awaited).
 */
export async function checkFirstRun(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<FirstRunResult> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) return { hasTemplates: false };
  const templates = await vscode.workspace.findFiles(TEMPLATE_GLOB, EXCLUDE_GLOB, MAX_TEMPLATES);
  if (!templates.length) return { hasTemplates: false };
  if (context.workspaceState.get<Answer>(FIRST_RUN_ANSWER_KEY) !== undefined) return { hasTemplates: true };
  if (!vscode.workspace.getConfiguration('candor').get<boolean>('enable', true)) return { hasTemplates: true };
  const configs = await vscode.workspace.findFiles(`**/${CONFIG_FILE}`, EXCLUDE_GLOB, 1);
  if (configs.length) return { hasTemplates: true };

  // The config goes at the root of the folder holding the most templates.
  const folder = busiestFolder(folders, templates);
  if (!folder || folder.uri.scheme !== 'file') return { hasTemplates: true };
  void offer(context, output, folder, templates).catch((error: unknown) => output.error(`First-run offer failed: ${error instanceof Error ? error.message : String(error)}`));
  return { hasTemplates: true };
}

function busiestFolder(folders: readonly vscode.WorkspaceFolder[], templates: vscode.Uri[]): vscode.WorkspaceFolder | undefined {
  const counts = new Map<vscode.WorkspaceFolder, number>();
  for (const uri of templates) {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (folder) counts.set(folder, (counts.get(folder) ?? 0) + 1);
  }
  let best: vscode.WorkspaceFolder | undefined;
  for (const folder of folders) if ((counts.get(folder) ?? 0) > (best ? counts.get(best) ?? 0 : 0)) best = folder;
  return best;
}

async function offer(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, folder: vscode.WorkspaceFolder, templates: vscode.Uri[]): Promise<void> {
  const inFolder = templates.filter((uri) => vscode.workspace.getWorkspaceFolder(uri) === folder);
  const files = await readTemplates(folder, inFolder);
  const guess = guessConfig(files);
  const detected = describeGuess(guess);
  const where = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? ` in ${folder.name}` : '';
  const message = `Candor found message templates${where} but no ${CONFIG_FILE}. Create one${detected ? ` (${detected})` : ''}?`;
  output.info(`First run: offering to create ${CONFIG_FILE} in ${folder.uri.fsPath}${detected ? ` with ${detected}` : ''}.`);
  const choice = await vscode.window.showInformationMessage(message, CREATE, NEVER);
  const answer: Answer = choice === CREATE ? 'created' : choice === NEVER ? 'never' : 'dismissed';
  await context.workspaceState.update(FIRST_RUN_ANSWER_KEY, answer);
  if (choice !== CREATE) return;

  const target = vscode.Uri.joinPath(folder.uri, CONFIG_FILE);
  if (!(await exists(target))) {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(configText(guess)));
    output.info(`First run: created ${target.fsPath}.`);
  }
  await vscode.window.showTextDocument(target, { preview: false });
}

async function readTemplates(folder: vscode.WorkspaceFolder, uris: vscode.Uri[]): Promise<TemplateFile[]> {
  const decoder = new TextDecoder();
  // Partials are found by their paths; the templates that call them and test the case are what is read.
  const ordered = [...uris].sort((a, b) => Number(/\/partials?\//i.test(a.path)) - Number(/\/partials?\//i.test(b.path)));
  const toRead = new Set(ordered.slice(0, MAX_READ).map((uri) => uri.toString()));
  return Promise.all(
    uris.map(async (uri): Promise<TemplateFile> => {
      const path = relativePath(folder, uri);
      if (!toRead.has(uri.toString())) return { path };
      try {
        const bytes = await vscode.workspace.fs.readFile(uri);
        return { path, text: decoder.decode(bytes.subarray(0, MAX_TEXT)) };
      } catch {
        return { path };
      }
    }),
  );
}

function relativePath(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string {
  const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
  return uri.path.startsWith(base) ? uri.path.slice(base.length) : uri.path;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
