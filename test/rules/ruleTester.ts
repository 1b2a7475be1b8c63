// Table-driven rule tests (after ember-template-lint's generateRuleTests): good templates must not trigger a rule,
// bad ones must flag exactly the listed source text and, where the rule can fix it, produce the listed fixed text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFixes, type Finding } from '../../server/src/engine/index.ts';
import { flagged, lintText } from '../helpers.ts';

export type LintOptions = Parameters<typeof lintText>[1];

export interface GoodCase {
  /** Shown in the test name; defaults to the template text. */
  name?: string;
  text: string;
  options?: LintOptions;
}

export interface BadCase extends GoodCase {
  /** The source text each finding of the rule covers, in document order. */
  flagged: string[];
  /** The text after applying every safe fix of the rule's findings. */
  fixed?: string;
  /** Expected severity of every finding of the rule. */
  severity?: Finding['severity'];
}

/** Front matter that marks the whole template unresolved. */
export function unresolved(text: string): string {
  return `---\ncase: unresolved\n---\n${text}`;
}

/** Front matter that marks the whole template resolved. */
export function resolved(text: string): string {
  return `---\ncase: resolved\n---\n${text}`;
}

export function findingsOf(ruleId: string, text: string, options?: LintOptions): Finding[] {
  return lintText(text, options).filter((f) => f.ruleId === ruleId);
}

function label(item: GoodCase): string {
  const text = item.name ?? item.text.replace(/^---\ncase: (\w+)\n---\n/, '[$1] ');
  return JSON.stringify(text.length > 90 ? `${text.slice(0, 87)}...` : text);
}

export function ruleTests(ruleId: string, table: { good: Array<string | GoodCase>; bad: BadCase[] }): void {
  for (const entry of table.good) {
    const item = typeof entry === 'string' ? { text: entry } : entry;
    test(`${ruleId} accepts ${label(item)}`, () => {
      const found = findingsOf(ruleId, item.text, item.options);
      assert.deepEqual(found.map((f) => flagged(item.text, f)), [], `expected no ${ruleId} finding`);
    });
  }
  for (const item of table.bad) {
    test(`${ruleId} flags ${label(item)}`, () => {
      const found = findingsOf(ruleId, item.text, item.options);
      assert.deepEqual(found.map((f) => flagged(item.text, f)), item.flagged);
      if (item.severity) for (const f of found) assert.equal(f.severity, item.severity);
      if (item.fixed !== undefined) assert.equal(applyFixes(item.text, found).text, item.fixed);
    });
  }
}
