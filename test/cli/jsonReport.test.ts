// The JSON report is written member by member (format/json.ts) for speed; it must be, byte for byte, the document
// the plain way gives: ESLint's result objects built as objects and passed to JSON.stringify(…, null, 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatJson } from '../../server/src/cli/format/json.ts';
import { locate, type FileResult } from '../../server/src/cli/results.ts';
import { builtinRules, docsUrl } from '../../server/src/rules/registry.ts';
import type { Rule } from '../../server/src/rules/types.ts';
import { seededRandom } from '../helpers.ts';
import type { CaseState, Finding, Fix, Severity } from '../../server/src/engine/types.ts';

const SEVERITY = { error: 2, warning: 1, information: 1 } as const;

/** The report as the straightforward reading of its documented shape builds it. */
function expectedReport(results: FileResult[], rules: Rule[]): string {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  const merged = (text: string, fix: Fix) => {
    const sorted = [...fix.edits].sort((a, b) => a.range[0] - b.range[0]);
    const start = Math.min(...fix.edits.map((e) => e.range[0]));
    const end = Math.max(...fix.edits.map((e) => e.range[1]));
    let out = '';
    let at = start;
    for (const edit of sorted) {
      out += text.slice(at, edit.range[0]) + edit.text;
      at = edit.range[1];
    }
    return { range: [start, end], text: out + text.slice(at, end) };
  };
  const entries = results.map((result) => {
    const messages: Array<Record<string, unknown>> = locate(result).map(({ finding, line, column, endLine, endColumn }) => {
      const rule = byId.get(finding.ruleId);
      const message: Record<string, unknown> = {
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
      };
      if (rule) Object.assign(message, { why: rule.why, betterWording: rule.better, docsUrl: docsUrl(rule) });
      if (finding.partialChain.length) message.partialChain = finding.partialChain;
      if (finding.fix) message.fix = merged(result.text, finding.fix);
      if (finding.suggestions.length) message.suggestions = finding.suggestions.map((s) => ({ desc: s.description, fix: merged(result.text, s) }));
      if (finding.related.length) {
        message.relatedLocations = finding.related.map((r) => ({ filePath: r.path, line: r.start.line, column: r.start.column, endLine: r.end.line, endColumn: r.end.column, message: r.message }));
      }
      return message;
    });
    if (result.fatal) messages.unshift({ ruleId: null, severity: 2, candorSeverity: 'error', message: result.fatal, line: 1, column: 1, endLine: 1, endColumn: 1, caseState: 'unknown', conditions: [] });
    return {
      filePath: result.filePath,
      messages,
      errorCount: messages.filter((m) => m.severity === 2).length,
      warningCount: messages.filter((m) => m.severity === 1).length,
      fixableErrorCount: result.findings.filter((f) => f.fix && f.severity === 'error').length,
      fixableWarningCount: result.findings.filter((f) => f.fix && f.severity !== 'error').length,
    };
  });
  return JSON.stringify(entries, null, 2);
}

function random(seed: number) {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { pick, chance: (p: number) => next() < p, int: (n: number) => Math.floor(next() * n) };
}

const WORDS = ['We', 'apologise', 'for the', 'inconvenience', '“soon”', 'tab\there', 'line\nbreak', 'back\\slash', '"quoted"', '🎉', 'ß', '\u2028', '\u0001', 'é'];

function randomResults(seed: number): FileResult[] {
  const r = random(seed);
  const ruleIds = [...builtinRules.map((rule) => rule.id), 'user/custom-phrase', 'unknown-rule'];
  const phrase = (n: number) => Array.from({ length: 1 + r.int(n) }, () => r.pick(WORDS)).join(' ');
  const count = r.int(6);
  const results: FileResult[] = [];
  for (let f = 0; f < count; f++) {
    const text = Array.from({ length: 1 + r.int(8) }, () => phrase(6)).join(r.pick(['\n', '\r\n', ' ', '\n\n']));
    const offset = () => r.int(text.length + 1);
    const range = (): [number, number] => {
      const a = offset();
      const b = offset();
      return a <= b ? [a, b] : [b, a];
    };
    const fix = (): Fix => ({ description: phrase(3), edits: Array.from({ length: 1 + r.int(3) }, (_, i) => ({ range: [Math.min(text.length, i * 7), Math.min(text.length, i * 7 + r.int(4))] as [number, number], text: phrase(2) })) });
    const findings: Finding[] = Array.from({ length: r.int(7) }, () => {
      const at = range();
      return {
        ruleId: r.pick(ruleIds),
        severity: r.pick<Severity>(['error', 'warning', 'information']),
        message: phrase(5),
        range: at,
        excerpt: text.slice(...at),
        caseState: r.pick<CaseState>(['resolved', 'unresolved', 'unknown']),
        conditions: Array.from({ length: r.int(3) }, () => phrase(3)),
        partialChain: r.chance(0.3) ? Array.from({ length: 1 + r.int(2) }, () => r.pick(['greeting', 'sign/off', 'ünïcode'])) : [],
        fix: r.chance(0.4) ? fix() : undefined,
        suggestions: r.chance(0.3) ? Array.from({ length: 1 + r.int(2) }, fix) : [],
        related: r.chance(0.3)
          ? Array.from({ length: 1 + r.int(2) }, () => ({ path: `/repo/${r.pick(['a', 'b c', 'd"e'])}.hbs`, range: [0, 1] as [number, number], start: { line: 1 + r.int(9), column: 1 + r.int(9) }, end: { line: 1 + r.int(9), column: 1 + r.int(40) }, message: phrase(4) }))
          : [],
        tags: [],
      };
    });
    results.push({ filePath: `/repo/templates/${phrase(1).replace(/\s/g, '_')}-${f}.hbs`, text, findings, fatal: r.chance(0.15) ? `Parse error on line ${1 + r.int(9)}: ${phrase(4)}` : undefined });
  }
  return results;
}

test('the JSON report is the document JSON.stringify writes for ESLint-shaped results, for varied results', () => {
  const userRule: Rule = { ...builtinRules[0]!, id: 'user/custom-phrase', why: 'A team’s own “why”\nwith a line break.', better: ['Say what happens next.', 'Give a time.'], docsUrl: 'https://example.com/style#“own”' };
  const ruleSets: Rule[][] = [builtinRules, [...builtinRules, userRule], []];
  let findings = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const results = randomResults(seed);
    findings += results.reduce((sum, result) => sum + result.findings.length, 0);
    for (const rules of ruleSets) assert.equal(formatJson(results, rules), expectedReport(results, rules), `seed ${seed}`);
  }
  assert.ok(findings > 1000, `${findings} findings compared`);
  assert.equal(formatJson([], builtinRules), '[]');
});
