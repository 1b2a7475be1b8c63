// Findings as LSP diagnostics (rule id as code, doc link, related locations, tags) and config errors on config files.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { Finding, Severity } from '../engine/types.ts';
import type { ConfigError } from '../config/load.ts';
import { rulesFor } from '../engine/index.ts';
import { docsUrl } from '../rules/registry.ts';
import type { Rule } from '../rules/types.ts';
import type { EngineConfig } from '../config/types.ts';
import { LineIndex } from '../engine/text.ts';
import { pathToUri, toRange } from './convert.ts';
import type { LintedFile } from './linting.ts';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

export function findingToDiagnostic(finding: Finding, file: LintedFile, uriFor: (path: string) => string = pathToUri): Diagnostic {
  const rule = rulesFor(file.record.config).find((candidate) => candidate.id === finding.ruleId);
  const diagnostic: Diagnostic = {
    range: toRange(file.record.lines, finding.range),
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    source: 'candor',
    message: finding.message,
  };
  const href = rule && ruleDocsUrl(rule, file.record.config);
  if (href) diagnostic.codeDescription = { href };
  const tags = finding.tags.map((tag) => (tag === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  if (tags.length) diagnostic.tags = tags;
  if (finding.related.length) {
    diagnostic.relatedInformation = finding.related.map(
      (related): DiagnosticRelatedInformation => ({
        location: {
          uri: related.path === file.key ? file.uri : uriFor(related.path),
          range: {
            start: { line: related.start.line - 1, character: related.start.column - 1 },
            end: { line: related.end.line - 1, character: related.end.column - 1 },
          },
        },
        message: related.message,
      }),
    );
  }
  return diagnostic;
}

/** A rule's doc link; user phrase rules without their own link get none, as a computed one would point nowhere. */
export function ruleDocsUrl(rule: Rule, config: EngineConfig): string | undefined {
  if (rule.kind === 'phrase' && config.userPhrases.includes(rule) && !rule.docsUrl) return undefined;
  return docsUrl(rule);
}

export function fileDiagnostics(file: LintedFile, uriFor?: (path: string) => string): Diagnostic[] {
  return file.findings.map((finding) => findingToDiagnostic(finding, file, uriFor));
}

/** A broken `.candorrc.json` as an error at the place the loader names. */
export function configErrorDiagnostic(error: ConfigError, configText: string | undefined): Diagnostic {
  const start = { line: Math.max(0, error.line - 1), character: Math.max(0, error.column - 1) };
  let end = { line: start.line, character: start.character + 1 };
  if (configText !== undefined && error.range[1] > error.range[0]) end = toRange(new LineIndex(configText), error.range).end;
  return {
    range: { start, end },
    severity: DiagnosticSeverity.Error,
    code: 'config',
    source: 'candor',
    message: `${error.key ? `\`${error.key}\`` : 'This config file'} ${error.detail} Candor keeps using the last configuration that worked until this is fixed.`,
  };
}
