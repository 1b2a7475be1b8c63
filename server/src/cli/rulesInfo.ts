// `--list-rules` and `--explain RULE`: the rule catalogue as a table, JSON, or one rule's full explanation.
import type { Rule } from '../rules/types.ts';
import { docsUrl } from '../rules/registry.ts';

export function listRulesJson(rules: Rule[]): string {
  return JSON.stringify(
    rules.map((rule) => ({ id: rule.id, name: rule.name, defaultSeverity: rule.defaultSeverity, case: rule.when, fixable: rule.fixable, description: rule.description, docs: docsUrl(rule) })),
    null,
    2,
  ) + '\n';
}

export function listRulesTable(rules: Rule[]): string {
  const rows = rules.map((rule) => [rule.id, rule.defaultSeverity, rule.when === 'any' ? 'any case' : 'unresolved', rule.fixable ? 'yes' : 'no', rule.description]);
  const header = ['RULE', 'DEFAULT', 'FIRES IN', 'FIX', 'DESCRIPTION'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export function explainRule(rule: Rule): string {
  const indent = (text: string) => text.split('\n').map((l) => `    ${l}`).join('\n');
  const out = [
    `${rule.id}: ${rule.name}`,
    '',
    `Default severity: ${rule.defaultSeverity}. Fires ${rule.when === 'any' ? 'in any case state' : 'only while the case is unresolved (at information level where the state is unknown)'}.${rule.fixable ? ' Has a safe automatic fix (candor check --fix).' : ''}`,
    '',
    'Why:',
    indent(rule.why),
  ];
  if (rule.better.length) out.push('', 'Better wording:', ...rule.better.map((b) => `  - ${b}`));
  if (rule.examples.bad.length) out.push('', 'Flagged:', ...rule.examples.bad.map((e) => indent(e) + '\n'));
  if (rule.examples.good.length) out.push(rule.examples.bad.length ? 'Fine:' : '\nFine:', ...rule.examples.good.map((e) => indent(e) + '\n'));
  out.push(
    rule.examples.good.length || rule.examples.bad.length ? 'How to suppress:' : '\nHow to suppress:',
    `    {{!-- candor-disable-next-line ${rule.id} -- reason --}}   (the next line)`,
    `    {{!-- candor-disable ${rule.id} --}} … {{!-- candor-enable ${rule.id} --}}   (a block)`,
    `    "rules": { "${rule.id}": "off" }   (in .candorrc.json, or per folder in "overrides")`,
    '',
    `Docs: ${docsUrl(rule)}`,
  );
  return out.join('\n') + '\n';
}

/** Rule ids close to a mistyped one, best first. */
export function similarIds(id: string, known: string[]): string[] {
  const scored = known.map((k) => ({ k, d: k.includes(id) || id.includes(k) ? 1 : editDistance(id, k) }));
  return scored.filter((s) => s.d <= Math.max(3, Math.floor(id.length / 3))).sort((a, b) => a.d - b.d || a.k.localeCompare(b.k)).slice(0, 3).map((s) => s.k);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
