// Completion: variables from the configured data, partial names after `{{>`, helpers, rule ids in suppression comments.
import { CompletionItemKind, type CompletionItem, type CompletionParams } from 'vscode-languageserver';
import { rulesFor } from '../engine/index.ts';
import { childKeys } from '../rules/unknown-variable.ts';
import { toOffset } from './convert.ts';
import { lookupData } from './data.ts';
import type { LintedFile } from './linting.ts';

export const COMPLETION_TRIGGERS = ['{', '.', '>', ' ', '#'];

const HELPERS: Array<[name: string, detail: string, block: boolean]> = [
  ['if', 'Show the block when the value is truthy', true],
  ['unless', 'Show the block when the value is falsy', true],
  ['each', 'Repeat the block for every item', true],
  ['with', 'Read the block in the context of a value', true],
  ['else', 'The other branch of the enclosing block', false],
  ['lookup', 'Look up a key computed at render time', false],
  ['eq', 'Compare two values (e.g. `(eq ticket.status "solved")`)', false],
  ['log', 'Log a value while rendering', false],
];

export function completion(file: LintedFile, params: CompletionParams): CompletionItem[] {
  const { lines, text } = file.model;
  const offset = toOffset(lines, params.position);
  const before = text.slice(Math.max(0, offset - 400), offset);

  const directive = /\{\{!-{0,2}\s*candor-(?:disable-next-line|disable-file|disable|enable)\b(?:[\s,]+[\w/-]+)*[\s,]+([\w/-]*)$/.exec(before);
  if (directive) {
    return rulesFor(file.model.config).map((rule) => ({ label: rule.id, kind: CompletionItemKind.EnumMember, detail: rule.name, documentation: rule.description }));
  }
  if (/\{\{!/.test(before.slice(before.lastIndexOf('{{')))) return [];

  const partial = /\{\{#?>\s*([\w./-]*)$/.exec(before);
  if (partial) {
    // A partial may be reachable by two names (`signature.html` and `signature`): offer the shorter.
    const byPath = new Map<string, string>();
    for (const [name, path] of file.fileConfig.partialFiles) {
      const known = byPath.get(path);
      if (known === undefined || name.length < known.length) byPath.set(path, name);
    }
    return [...byPath].map(([path, name]) => ({ label: name, kind: CompletionItemKind.File, detail: path }));
  }

  const mustache = /\{\{~?(?:[#^/]|else\s+)?(?:[^{}]*\s)?(@root\.)?([\w.@-]*)$/.exec(before);
  if (!mustache) return [];
  const typed = mustache[2] ?? '';
  const parts = typed.split('.');
  parts.pop();
  const items: CompletionItem[] = [];
  const data = file.model.config.data;
  if (data) {
    const keys = childKeys(data, parts) ?? [];
    for (const key of keys) {
      const path = [...parts, key].join('.');
      const value = lookupData(data, path);
      const isObject = data.kind === 'sample' ? !!value && typeof value === 'object' && !Array.isArray(value) : !!(value as { properties?: unknown } | undefined)?.properties;
      items.push({
        label: key,
        kind: isObject ? CompletionItemKind.Module : CompletionItemKind.Variable,
        detail: data.kind === 'sample' && !isObject ? truncate(JSON.stringify(value) ?? '') : path,
      });
    }
  }
  if (parts.length === 0) {
    const blockOpener = /\{\{~?#\s*[\w]*$/.test(before);
    for (const [name, detail, block] of HELPERS) {
      if (blockOpener && !block) continue;
      items.push({ label: name, kind: CompletionItemKind.Function, detail, sortText: `~${name}` });
    }
  }
  return items;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
