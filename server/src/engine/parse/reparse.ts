// Re-parsing after a small edit: when the edit only changes the inside of one plain run of text (a content
// statement), the new tree is the old one with that text replaced and the locations after it moved, built in a
// fraction of what Handlebars' parser takes. Anything else is parsed from scratch.
import type { LineIndex } from '../text.ts';
import { detached } from '../text.ts';
import { parseTemplate, type ParsedTemplate, type Program } from './template.ts';

interface Position {
  line: number;
  column: number;
}

/**
 * Characters a content statement taken over from the old tree may not hold (old or new): `{`, `}`, `~` and `\`
 * could make or change a mustache, an escape or a strip mark; NUL is reported by the parse; `\r`, U+2028 and
 * U+2029 are where Handlebars' lexer counts lines and columns in ways the arithmetic below does not follow.
 */
const UNSAFE = /[{}~\\\0\r\u2028\u2029]/;

/**
 * The tree of `next`, from the tree of `previous` (parsed without problem), when the two texts differ inside one
 * content statement; undefined otherwise. Exact because Handlebars' lexer reads a content token from where the
 * previous token ended up to the first `{{` (or the end): when the old and new runs hold none of the `UNSAFE`
 * characters, both start at the same place, both end right before the same `{{` (or at the end), so every
 * token before is the same, every token after is the same text, and the parser builds the same tree but for this
 * statement's text and the positions after it: those on the run's last line move by the run's change of end
 * column, and all after it by its change of line count (the lexer counts each token's position from the last).
 */
export function reparseAfterEdit(previous: string, tree: Program, lines: LineIndex, next: string): Program | undefined {
  if (next.includes('{{{{')) return undefined; // raw blocks read their content in another lexer state
  const shorter = Math.min(previous.length, next.length);
  let from = 0;
  while (from < shorter && previous.charCodeAt(from) === next.charCodeAt(from)) from++;
  let tail = 0;
  while (tail < shorter - from && previous.charCodeAt(previous.length - 1 - tail) === next.charCodeAt(next.length - 1 - tail)) tail++;
  const oldTo = previous.length - tail;

  // The content statement holding the whole edit.
  let target: hbs.AST.ContentStatement | undefined;
  let start = 0;
  let end = 0;
  // Content statements are only ever in a program's body; programs hang off blocks (`program`, `inverse`).
  const programs: Array<hbs.AST.Program | undefined> = [tree];
  while (programs.length && !target) {
    const program = programs.pop();
    if (!program) continue;
    for (const statement of program.body) {
      if (statement.type === 'ContentStatement') {
        const loc = statement.loc;
        const s = lines.offsetOf(loc.start.line, loc.start.column);
        const e = lines.offsetOf(loc.end.line, loc.end.column);
        if (s <= from && oldTo <= e) {
          target = statement as hbs.AST.ContentStatement;
          start = s;
          end = e;
          break;
        }
      } else {
        const block = statement as Partial<hbs.AST.BlockStatement>;
        programs.push(block.program, block.inverse);
      }
    }
  }
  if (!target) return undefined;
  const oldText = previous.slice(start, end);
  const newEnd = end + next.length - previous.length;
  const newText = next.slice(start, newEnd);
  if (!newText || (target.original as unknown) !== oldText || target.value !== oldText || UNSAFE.test(oldText) || UNSAFE.test(newText)) return undefined;
  // Each run ends at the next `{{` or at the end of its text.
  if (end !== previous.length && !previous.startsWith('{{', end)) return undefined;
  if (newEnd !== next.length && !next.startsWith('{{', newEnd)) return undefined;

  const begin = target.loc.start;
  const oldEnd = endOf(begin, oldText);
  if (oldEnd.line !== target.loc.end.line || oldEnd.column !== target.loc.end.column) return undefined;
  const movedEnd = endOf(begin, newText);
  const lineShift = movedEnd.line - oldEnd.line;
  const columnShift = movedEnd.column - oldEnd.column;
  const value = detached(newText);

  const move = (p: Position): Position => {
    if (p.line < oldEnd.line || (p.line === oldEnd.line && p.column < oldEnd.column)) return { line: p.line, column: p.column };
    return { line: p.line + lineShift, column: p.line === oldEnd.line ? p.column + columnShift : p.column };
  };
  const before = (p: Position) => p.line < begin.line || (p.line === begin.line && p.column <= begin.column);
  const copy = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(copy);
    if (!node || typeof node !== 'object') return node;
    const loc = (node as { loc?: hbs.AST.SourceLocation }).loc;
    // Nodes wholly before the run are the same as before (the tree is never changed after parsing): shared.
    if (loc && before(loc.end) && node !== target) return node;
    const out = Object.create(Object.getPrototypeOf(node)) as Record<string, unknown>;
    // `for…in` over own keys: the same keys in the same order as `Object.keys`, without an array per node.
    for (const key in node) {
      if (!Object.prototype.hasOwnProperty.call(node, key)) continue;
      const v = (node as Record<string, unknown>)[key];
      if (key === 'loc' && v && typeof v === 'object') {
        const l = v as hbs.AST.SourceLocation;
        const moved = Object.create(Object.getPrototypeOf(l)) as Record<string, unknown>;
        for (const k in l) if (Object.prototype.hasOwnProperty.call(l, k)) moved[k] = k === 'start' || k === 'end' ? move((l as unknown as Record<string, Position>)[k]!) : (l as unknown as Record<string, unknown>)[k];
        out[key] = moved;
      } else out[key] = copy(v);
    }
    if (node === target) out.original = out.value = value;
    return out;
  };
  return copy(tree) as Program;
}

/** Where Handlebars' lexer ends a token of `text` (only `\n` breaks lines, see `UNSAFE`) starting at `start`. */
function endOf(start: Position, text: string): Position {
  let breaks = 0;
  let last = -1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
    breaks++;
    last = at;
  }
  return breaks ? { line: start.line + breaks, column: text.length - last - 1 } : { line: start.line, column: start.column + text.length };
}

interface Parsed {
  source: string;
  ast: Program;
  lines: LineIndex;
}

/**
 * The last tree parsed without problem for each of the few files linted most recently, by path: the path only
 * picks which old text to compare with (`reparseAfterEdit` checks the texts themselves), so a wrong or stale
 * entry can cost a comparison, never a wrong tree. Bounded by entries and characters: a tree takes about twenty
 * times its text in memory (3.5 MB for a 200 KB template), and only the files being edited need one.
 */
const lastParsed = new Map<string, Parsed>();
/** Files an editor's re-lints keep a tree for. */
const EDITOR_FILES = 4;
let maxFiles = EDITOR_FILES;
const MAX_CHARS = 2_000_000;
let chars = 0;

/**
 * How many files keep their last tree (by default as many as an editor needs). `candor check` parses each file once and
 * keeps none: a kept tree outlives the young generation, so every tree of a run was copied and promoted to the
 * old one, which then had to be collected as well.
 */
export function keepParsedTemplates(files = EDITOR_FILES): void {
  maxFiles = files;
  clearParsedTemplates();
}

/** `parseTemplate(source, lines)`, from the file's previous tree where an edit allows it (see `reparseAfterEdit`). */
export function parseTemplateOf(path: string, source: string, lines: LineIndex): ParsedTemplate {
  const previous = lastParsed.get(path);
  let parsed: ParsedTemplate | undefined;
  if (previous) {
    // The same text (an undo, a save) has the same tree; trees are never changed after parsing, so it is shared.
    const ast = previous.source === source ? previous.ast : reparseAfterEdit(previous.source, previous.ast, previous.lines, source);
    if (ast) parsed = { ast };
    lastParsed.delete(path);
    chars -= previous.source.length;
  }
  parsed ??= parseTemplate(source, lines);
  if (parsed.ast && !parsed.problem && source.length <= MAX_CHARS && maxFiles > 0) {
    lastParsed.set(path, { source, ast: parsed.ast, lines });
    chars += source.length;
    while (lastParsed.size > maxFiles || chars > MAX_CHARS) {
      const [oldest, entry] = lastParsed.entries().next().value as [string, Parsed];
      lastParsed.delete(oldest);
      chars -= entry.source.length;
    }
  }
  return parsed;
}

/** Forgets the remembered trees (tests compare warm and cold runs with it). */
export function clearParsedTemplates(): void {
  lastParsed.clear();
  chars = 0;
}
