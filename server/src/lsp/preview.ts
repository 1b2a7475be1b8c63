// The `candor/preview` request: a template rendered once per message path (server/src/preview/render.ts), with
// each highlight's finding spelled out and placed in the document, for the client's message preview.
import { readFileSync } from 'node:fs';
import type { CancellationToken, Connection, TextDocuments } from 'vscode-languageserver';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { rulesFor } from '../engine/index.ts';
import { renderPreview } from '../preview/render.ts';
import { toRange, uriToPath } from './convert.ts';
import type { LintedFile } from './linting.ts';
import type { CandorService } from './service.ts';

export { PREVIEW_REQUEST } from './protocol.ts';
export type { PreviewParams, PreviewFinding, PreviewHighlightInfo, PreviewMessageInfo, PreviewResult } from './protocol.ts';
import { PREVIEW_REQUEST, type PreviewParams, type PreviewFinding, type PreviewMessageInfo, type PreviewResult } from './protocol.ts';

/** Lets edits already received be applied before the preview is computed. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/** Partial texts by name for a file: open documents' unsaved text first, else the file on disk. */
function partialTexts(file: LintedFile, documents: TextDocuments<TextDocument>): Map<string, string> {
  const open = new Map<string, string>();
  for (const document of documents.all()) {
    const path = uriToPath(document.uri);
    if (path) open.set(path, document.getText());
  }
  const out = new Map<string, string>();
  for (const [name, path] of file.fileConfig.partialFiles) {
    const text = open.get(path) ?? readOrUndefined(path);
    if (text !== undefined) out.set(name, text);
  }
  return out;
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Computes the preview of a linted file. */
export function previewFile(file: LintedFile, documents: TextDocuments<TextDocument>, caseFilter?: 'resolved' | 'unresolved'): PreviewResult {
  const base = { uri: file.uri, version: file.version ?? null };
  if (file.deferred) return { ...base, messages: [], findings: [], notice: file.findings[0]?.message ?? 'This template is too large to preview as you type.' };
  const rules = rulesFor(file.model.config);
  const findings: PreviewFinding[] = file.findings.map((finding) => {
    const rule = rules.find((candidate) => candidate.id === finding.ruleId);
    return { ruleId: finding.ruleId, ruleName: rule?.name ?? finding.ruleId, severity: finding.severity, message: finding.message, why: rule?.why ?? '', range: toRange(file.model.lines, finding.range) };
  });
  const data = file.fileConfig.engine.data?.kind === 'sample' ? file.fileConfig.engine.data.value : undefined;
  const rendered = renderPreview(file.model, file.findings, { data, partials: partialTexts(file, documents), caseFilter });
  const messages = rendered.map(
    (message): PreviewMessageInfo => ({
      ...message,
      highlights: message.highlights.map((highlight) => ({ ...findings[highlight.finding]!, start: highlight.start, end: highlight.end, finding: highlight.finding })),
    }),
  );
  return { ...base, messages, findings };
}

/** Registers the `candor/preview` handler on the connection. */
export function registerPreview(connection: Connection, documents: TextDocuments<TextDocument>, service: CandorService): void {
  connection.onRequest(PREVIEW_REQUEST, async (params: PreviewParams, token: CancellationToken): Promise<PreviewResult | ResponseError<never>> => {
    const cancelled = () => new ResponseError<never>(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
    const empty = (notice: string): PreviewResult => ({ uri: params?.uri ?? '', version: documents.get(params?.uri ?? '')?.version ?? null, messages: [], findings: [], notice });
    if (!params || typeof params.uri !== 'string') return empty('No template to preview.');
    await settle();
    if (token?.isCancellationRequested) return cancelled();
    const result = service.guard('preview', () => {
      const file = service.fresh(params.uri);
      if (!file) return empty(service.settings.enable ? 'Candor does not check this file, so it has no preview (see the candor.lintHandlebars setting).' : 'Candor is turned off.');
      const caseFilter = params.caseFilter === 'resolved' || params.caseFilter === 'unresolved' ? params.caseFilter : undefined;
      return previewFile(file, documents, caseFilter);
    });
    if (token?.isCancellationRequested) return cancelled();
    return result ?? empty('The preview could not be computed; see the Candor output for why.');
  });
}
