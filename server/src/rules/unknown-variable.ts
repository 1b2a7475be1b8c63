// unknown-variable: a variable the configured sample data or JSON Schema does not have.
import type { StructuralFinding, StructuralRule } from './types.ts';
import type { DataDescription } from '../config/types.ts';

export const unknownVariable: StructuralRule = {
  kind: 'structural',
  id: 'unknown-variable',
  name: 'Unknown variable',
  defaultSeverity: 'warning',
  when: 'any',
  fixable: false,
  description: 'A variable that the configured sample data or schema does not have (only when `data` is configured).',
  why:
    'A misspelt variable renders as nothing, so the customer reads "Hi ," or "your refund of  is on its way". Checking names against ' +
    'the data your helpdesk really sends catches these before a customer does.',
  better: ['Use a name from the sample data, e.g. {{customer.firstName}}.'],
  examples: {
    bad: ['Hi {{customer.fristName}},'],
    good: ['Hi {{customer.firstName}},'],
  },
  check(model) {
    // One list, pushed into: the engine reads every rule's list, and lists from `filter`/`map` or a second
    // literal have other hidden classes, which sends its optimised code back to the interpreter.
    const found: StructuralFinding[] = [];
    const data = model.config.data;
    if (!data) return found;
    for (const v of model.variables) {
      if (hasPath(data, v.path)) continue;
      const near = suggest(data, v.path);
      found.push({
        range: v.range,
        message: `\`${v.path}\` is not in the configured data (${data.path})${near ? `: did you mean \`${near}\`?` : '.'}`,
        excerpt: v.path,
        state: model.fileState,
        conditions: [],
        suggestions: near ? [{ description: `Change to \`${near}\``, edits: [{ range: v.range, text: near }] }] : [],
      });
    }
    return found;
  },
};

function segments(path: string): string[] {
  return path.replace(/^@root\./, '').split(/[./]/).filter(Boolean);
}

/** Child keys of a value in sample data or a JSON Schema. */
export function childKeys(data: DataDescription, prefix: string[]): string[] | undefined {
  let node: unknown = data.value;
  for (const part of prefix) {
    node = child(data.kind, node, part);
    if (node === undefined) return undefined;
  }
  if (data.kind === 'schema') {
    const props = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
    return props ? Object.keys(props) : [];
  }
  return node && typeof node === 'object' && !Array.isArray(node) ? Object.keys(node) : [];
}

function child(kind: DataDescription['kind'], node: unknown, key: string): unknown {
  if (!node || typeof node !== 'object') return undefined;
  if (kind === 'schema') {
    const schema = node as { properties?: Record<string, unknown>; additionalProperties?: unknown; items?: unknown };
    if (schema.properties && key in schema.properties) return schema.properties[key];
    if (/^\d+$/.test(key) && schema.items) return schema.items;
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object') return schema.additionalProperties;
    return undefined;
  }
  if (Array.isArray(node)) return /^\d+$/.test(key) ? node[Number(key)] ?? node[0] : key === 'length' ? node.length : undefined;
  return Object.prototype.hasOwnProperty.call(node, key) ? (node as Record<string, unknown>)[key] : undefined;
}

/** Answers per configured data, by variable path: templates of one repository use the same variables again and again. */
const pathsKnown = new WeakMap<DataDescription, Map<string, boolean>>();

export function hasPath(data: DataDescription, path: string): boolean {
  let known = pathsKnown.get(data);
  if (!known) pathsKnown.set(data, (known = new Map()));
  let has = known.get(path);
  if (has === undefined) known.set(path, (has = lookUp(data, path)));
  return has;
}

function lookUp(data: DataDescription, path: string): boolean {
  let node: unknown = data.value;
  for (const part of segments(path)) {
    node = child(data.kind, node, part);
    if (node === undefined) return false;
  }
  return true;
}

function suggest(data: DataDescription, path: string): string | undefined {
  const parts = segments(path);
  const last = parts.pop()!;
  const keys = childKeys(data, parts);
  if (!keys?.length) return undefined;
  let best: string | undefined;
  let bestScore = Infinity;
  for (const key of keys) {
    const d = distance(key.toLowerCase(), last.toLowerCase());
    if (d < bestScore) [best, bestScore] = [key, d];
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(last.length / 3)) ? [...parts, best].join('.') : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
