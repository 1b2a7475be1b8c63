// `--format json`: ESLint's JSON shape, the contract other tools build on (lines and columns 1-based).
import type { FileResult } from '../results.ts';
import type { Rule } from '../../rules/types.ts';
import { docsUrl } from '../../rules/registry.ts';
import { locate } from '../results.ts';
import { collect, SLOT, writeJsonWithStreamedArray, type Write } from './stream.ts';

const SEVERITY = { error: 2, warning: 1, information: 1 } as const;

/** `rules` (built-in and the team's own) give each message its why, better wording and doc link. */
export function formatJson(results: FileResult[], rules: Rule[] = []): string {
  return collect((write) => writeJson(write, results, rules));
}

/** The same text as `formatJson`, written one file at a time (no trailing line break). */
export function writeJson(write: Write, results: FileResult[], rules: Rule[] = []): void {
  writeJsonWithStreamedArray(write, [SLOT], jsonEntries(results, rules), results.length === 0);
}

function* jsonEntries(results: FileResult[], rules: Rule[]) {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  for (const result of results) yield jsonEntry(result, byId);
}

/** One file's element of the report (ESLint's result object). */
function jsonEntry(result: FileResult, byId: Map<string, Rule>) {
  const messages = locate(result).map(({ finding, line, column, endLine, endColumn }) => ({
    ruleId: finding.ruleId,
    severity: SEVERITY[finding.severity],
    candorSeverity: finding.severity,
    message: finding.message,
    line,
    column,
    endLine,
    endColumn,
    caseState: finding.caseState,
    conditions: finding.conditions,
    ...explanation(byId.get(finding.ruleId)),
    ...(finding.partialChain.length ? { partialChain: finding.partialChain } : {}),
    ...(finding.fix ? { fix: { range: mergedRange(finding.fix.edits), text: mergedText(result.text, finding.fix.edits) } } : {}),
    ...(finding.suggestions.length ? { suggestions: finding.suggestions.map((s) => ({ desc: s.description, fix: { range: mergedRange(s.edits), text: mergedText(result.text, s.edits) } })) } : {}),
    ...(finding.related.length ? { relatedLocations: finding.related.map((r) => ({ filePath: r.path, line: r.start.line, column: r.start.column, endLine: r.end.line, endColumn: r.end.column, message: r.message })) } : {}),
  }));
  if (result.fatal) messages.unshift({ ruleId: null as unknown as string, severity: 2, candorSeverity: 'error', message: result.fatal, line: 1, column: 1, endLine: 1, endColumn: 1, caseState: 'unknown', conditions: [] });
  return {
    filePath: result.filePath,
    messages,
    errorCount: messages.filter((m) => m.severity === 2).length,
    warningCount: messages.filter((m) => m.severity === 1).length,
    fixableErrorCount: result.findings.filter((f) => f.fix && f.severity === 'error').length,
    fixableWarningCount: result.findings.filter((f) => f.fix && f.severity !== 'error').length,
  };
}

/** ESLint fixes are one range and one text: merge a multi-edit fix into the span it covers. */
function mergedRange(edits: Array<{ range: [number, number] }>): [number, number] {
  return [Math.min(...edits.map((e) => e.range[0])), Math.max(...edits.map((e) => e.range[1]))];
}

function mergedText(source: string, edits: Array<{ range: [number, number]; text: string }>): string {
  const [start, end] = mergedRange(edits);
  let out = '';
  let at = start;
  for (const edit of [...edits].sort((a, b) => a.range[0] - b.range[0])) {
    out += source.slice(at, edit.range[0]) + edit.text;
    at = edit.range[1];
  }
  return out + source.slice(at, end);
}

function explanation(rule: Rule | undefined): { why?: string; betterWording?: string[]; docsUrl?: string } {
  return rule ? { why: rule.why, betterWording: rule.better, docsUrl: docsUrl(rule) } : {};
}
