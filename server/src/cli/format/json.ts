// `--format json`: ESLint's JSON shape, the contract other tools build on (lines and columns 1-based).
import type { FileResult } from '../results.ts';
import type { Rule } from '../../rules/types.ts';
import { docsUrl } from '../../rules/registry.ts';
import { locate } from '../results.ts';
import { collect, jsonMembers, quoter, SLOT, writeJsonWithStreamedArray, type Write } from './stream.ts';

const SEVERITY = { error: 2, warning: 1, information: 1 } as const;

/** `rules` (built-in and the team's own) give each message its why, better wording and doc link. */
export function formatJson(results: FileResult[], rules: Rule[] = []): string {
  return collect((write) => writeJson(write, results, rules));
}

/** The same text as `formatJson`, written one file at a time (no trailing line break). */
export function writeJson(write: Write, results: FileResult[], rules: Rule[] = []): void {
  writeJsonWithStreamedArray(write, [SLOT], results, results.length === 0, entryWriter(rules));
}

/**
 * Writes one file's element of the report (ESLint's result object) as `JSON.stringify(report, null, 2)` writes it
 * when it is `indent` deep. The members are written here one by one, in the order of ESLint's shape: a 10,000-
 * template report is 50 MB, and half of it is the why, better wording and doc link of each message's rule, the
 * same text for every message of that rule, so it is made once per rule and written as a `repeated` piece
 * (serialising every message as an object tree was most of the time the report took). What varies in shape
 * (fixes, suggestions, related locations) goes through `JSON.stringify` as before.
 */
function entryWriter(rules: Rule[]): (result: FileResult, indent: string, write: Write) => void {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  /** By rule id: `,\n` and the rule's explanation members at the indent `explainedAt` ('' for no such rule). */
  const explanations = new Map<string, string>();
  let explainedAt: string | undefined;
  const explained = (ruleId: string, item: string) => {
    if (item !== explainedAt) {
      explanations.clear();
      explainedAt = item;
    }
    let text = explanations.get(ruleId);
    if (text === undefined) {
      const members = jsonMembers(explanation(byId.get(ruleId)), item);
      text = members && `,\n${members}`;
      explanations.set(ruleId, text);
    }
    return text;
  };
  const quote = quoter();
  return (result, indent, write) => {
    const keys = `${indent}  `;
    const item = `${keys}  `;
    const memberIndent = `${item}  `;
    const located = locate(result);
    let errors = 0;
    let warnings = 0;
    write(`${indent}{\n${keys}"filePath": ${JSON.stringify(result.filePath)},\n${keys}"messages": `);
    if (!result.fatal && !located.length) write('[]');
    else {
      let separator = '[\n';
      if (result.fatal) {
        write(separator + fixedMembers(quote, item, memberIndent, null, 2, 'error', result.fatal, 1, 1, 1, 1, 'unknown', []) + `\n${item}}`);
        separator = ',\n';
        errors++;
      }
      for (const { finding, line, column, endLine, endColumn } of located) {
        const severity = SEVERITY[finding.severity];
        if (severity === 2) errors++;
        else warnings++;
        const optional =
          finding.partialChain.length || finding.fix || finding.suggestions.length || finding.related.length
            ? jsonMembers(
                {
                  partialChain: finding.partialChain.length ? finding.partialChain : undefined,
                  fix: finding.fix ? { range: mergedRange(finding.fix.edits), text: mergedText(result.text, finding.fix.edits) } : undefined,
                  suggestions: finding.suggestions.length ? finding.suggestions.map((s) => ({ desc: s.description, fix: { range: mergedRange(s.edits), text: mergedText(result.text, s.edits) } })) : undefined,
                  relatedLocations: finding.related.length ? finding.related.map((r) => ({ filePath: r.path, line: r.start.line, column: r.start.column, endLine: r.end.line, endColumn: r.end.column, message: r.message })) : undefined,
                },
                item,
              )
            : '';
        write(separator + fixedMembers(quote, item, memberIndent, finding.ruleId, severity, finding.severity, finding.message, line, column, endLine, endColumn, finding.caseState, finding.conditions));
        write(explained(finding.ruleId, item), true);
        write((optional && `,\n${optional}`) + `\n${item}}`);
        separator = ',\n';
      }
      write(`\n${keys}]`);
    }
    const fixableErrors = result.findings.filter((f) => f.fix && f.severity === 'error').length;
    const fixableWarnings = result.findings.filter((f) => f.fix && f.severity !== 'error').length;
    write(
      `,\n${keys}"errorCount": ${errors},\n${keys}"warningCount": ${warnings},\n` +
        `${keys}"fixableErrorCount": ${fixableErrors},\n${keys}"fixableWarningCount": ${fixableWarnings}\n${indent}}`,
    );
  };
}

/** A message's opening brace and its members up to `conditions`, which every message has. */
function fixedMembers(quote: (text: string | null) => string, item: string, at: string, ruleId: string | null, severity: number, candorSeverity: string, message: string, line: number, column: number, endLine: number, endColumn: number, caseState: string, conditions: readonly string[]): string {
  return (
    `${item}{\n${at}"ruleId": ${quote(ruleId)},\n${at}"severity": ${severity},\n${at}"candorSeverity": ${quote(candorSeverity)},\n` +
    `${at}"message": ${quote(message)},\n${at}"line": ${line},\n${at}"column": ${column},\n${at}"endLine": ${endLine},\n${at}"endColumn": ${endColumn},\n` +
    `${at}"caseState": ${quote(caseState)},\n${at}"conditions": ${stringList(quote, conditions, at)}`
  );
}

/** A list of strings as a member whose key is `at` deep. */
function stringList(quote: (text: string) => string, items: readonly string[], at: string): string {
  if (!items.length) return '[]';
  let text = '[';
  for (let i = 0; i < items.length; i++) text += `${i ? ',' : ''}\n${at}  ${quote(items[i]!)}`;
  return `${text}\n${at}]`;
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
