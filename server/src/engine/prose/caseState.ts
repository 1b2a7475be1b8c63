// Decides which `{{#if}}` conditions speak about the case being resolved, and prints conditions canonically.

export type CaseMeaning = 'resolved' | 'unresolved';

export interface CaseStateSettings {
  /** Canonical expressions that are true when the case is resolved. */
  resolved: string[];
  /** Canonical expressions that are true when the case is still open. */
  unresolved: string[];
  /** Also recognise the built-in names and status comparisons. */
  builtins: boolean;
}

const RESOLVED_NAMES = /^(?:is_?)?(?:resolved|solved|closed|fixed|completed|done)$/i;
const UNRESOLVED_NAMES = /^(?:is_?)?(?:unresolved|unsolved|open|pending|ongoing|delayed|in_?progress|on_?hold|outstanding)$/i;
const RESOLVED_STATUS = /^(?:resolved|solved|closed|fixed|completed|complete|done|delivered|refunded)$/i;
const UNRESOLVED_STATUS = /^(?:open|new|pending|on[-_ ]?hold|hold|in[-_ ]?progress|investigating|delayed|escalated|waiting|awaiting[-_ ]?\w*|unresolved|ongoing|identified|monitoring)$/i;
const EQUALS = new Set(['eq', 'is', 'equals', 'equal', '==', '===', 'isEqual', 'ifEquals', 'ifeq']);
const NOT_EQUALS = new Set(['ne', 'neq', 'not-eq', 'notEq', 'isnt', 'isNot', '!=', '!==', 'unlessEquals']);
const NOT = new Set(['not', '!']);
const STATUS_FIELD = /(?:^|\.)(?:status|state|stage)$/i;

type Node = hbs.AST.Node;

/** `this.a.b` → `a.b`; any other path as it is. */
export function withoutThis(path: string): string {
  return path.startsWith('this.') ? path.slice(5) : path;
}

/** Prints an expression the same way whatever its spacing or quoting, so config strings can match it. */
export function printExpression(node: Node | undefined): string {
  if (!node) return '';
  switch (node.type) {
    case 'PathExpression':
      return withoutThis((node as hbs.AST.PathExpression).original);
    case 'StringLiteral':
      return JSON.stringify((node as hbs.AST.StringLiteral).value);
    case 'NumberLiteral':
    case 'BooleanLiteral':
      return String((node as hbs.AST.NumberLiteral).value);
    case 'UndefinedLiteral':
      return 'undefined';
    case 'NullLiteral':
      return 'null';
    case 'SubExpression': {
      const sub = node as hbs.AST.SubExpression;
      let text = `(${printExpression(sub.path)}`;
      if (sub.params.length) text += ` ${printExpressions(sub.params)}`;
      for (const pair of sub.hash?.pairs ?? []) text += ` ${pair.key}=${printExpression(pair.value)}`;
      return `${text})`;
    }
    default:
      return node.type;
  }
}

/** The expressions printed and joined by spaces (as `map(printExpression).join(' ')`, without the arrays). */
export function printExpressions(nodes: readonly Node[]): string {
  let text = '';
  for (let i = 0; i < nodes.length; i++) text += (i ? ' ' : '') + printExpression(nodes[i]);
  return text;
}

function pathName(node: Node): string | undefined {
  return node.type === 'PathExpression' ? withoutThis((node as hbs.AST.PathExpression).original) : undefined;
}

/** What a condition being true says about the case, if anything. */
export function caseMeaningOf(node: Node | undefined, settings: CaseStateSettings): CaseMeaning | undefined {
  if (!node) return undefined;
  const printed = printExpression(node);
  if (settings.resolved.includes(printed)) return 'resolved';
  if (settings.unresolved.includes(printed)) return 'unresolved';
  if (!settings.builtins) return undefined;
  const name = pathName(node);
  if (name !== undefined) {
    const last = name.split(/[./]/).at(-1) ?? name;
    if (RESOLVED_NAMES.test(last)) return 'resolved';
    if (UNRESOLVED_NAMES.test(last)) return 'unresolved';
    return undefined;
  }
  if (node.type !== 'SubExpression') return undefined;
  const sub = node as hbs.AST.SubExpression;
  const helper = pathName(sub.path) ?? '';
  if (NOT.has(helper) && sub.params.length === 1) return flip(caseMeaningOf(sub.params[0], settings));
  if ((EQUALS.has(helper) || NOT_EQUALS.has(helper)) && sub.params.length === 2) {
    const meaning = statusComparison(sub.params[0]!, sub.params[1]!) ?? statusComparison(sub.params[1]!, sub.params[0]!);
    return NOT_EQUALS.has(helper) ? flip(meaning) : meaning;
  }
  return undefined;
}

function statusComparison(field: Node, value: Node): CaseMeaning | undefined {
  const name = pathName(field);
  if (!name || !STATUS_FIELD.test(name) || value.type !== 'StringLiteral') return undefined;
  const literal = (value as hbs.AST.StringLiteral).value.trim();
  if (RESOLVED_STATUS.test(literal)) return 'resolved';
  if (UNRESOLVED_STATUS.test(literal)) return 'unresolved';
  return undefined;
}

function flip(meaning: CaseMeaning | undefined): CaseMeaning | undefined {
  return meaning === 'resolved' ? 'unresolved' : meaning === 'unresolved' ? 'resolved' : undefined;
}

export function opposite(meaning: CaseMeaning): CaseMeaning {
  return meaning === 'resolved' ? 'unresolved' : 'resolved';
}
