// Parses a template with Handlebars (locations kept) and turns parse errors into plain words at an exact place.
import { jisonParserIfLoaded, parseWithoutProcessing } from './handlebarsParser.ts';
import { parseByDescent } from './descentParser.ts';
import { HandlebarsSyntaxError, NotHandled, parseWithTables, treeHelpers } from './tableParser.ts';
import type { LineIndex } from '../text.ts';

export type Program = hbs.AST.Program;

export interface ParseProblem {
  message: string;
  range: [number, number];
}

export interface ParsedTemplate {
  ast?: Program;
  problem?: ParseProblem;
}

const TOKEN_WORDS: Record<string, string> = {
  EOF: 'the end of the template',
  CLOSE: '`}}`',
  CLOSE_UNESCAPED: '`}}}`',
  CLOSE_RAW_BLOCK: '`}}}}`',
  OPEN: '`{{`',
  OPEN_BLOCK: '`{{#`',
  OPEN_ENDBLOCK: 'a closing `{{/…}}`',
  OPEN_INVERSE: '`{{^`',
  OPEN_INVERSE_CHAIN: '`{{else …}}`',
  INVERSE: '`{{else}}`',
  OPEN_PARTIAL: '`{{>`',
  OPEN_SEXPR: '`(`',
  CLOSE_SEXPR: '`)`',
  ID: 'a name',
  STRING: 'a string',
  NUMBER: 'a number',
  BOOLEAN: '`true` or `false`',
  INVALID: 'a character Handlebars does not allow here',
  CONTENT: 'text',
  EQUALS: '`=`',
  SEP: '`.` or `/`',
  DATA: 'an `@` variable',
  OPEN_BLOCK_PARAMS: '`as |…|`',
};

function words(token: string): string {
  return TOKEN_WORDS[token] ?? `\`${token.toLowerCase()}\``;
}

/**
 * `Handlebars.parse` without its whitespace-control pass: that pass only trims the `value` of content nodes
 * next to `~` and standalone tags, and Candor reads content through node locations, never values. Three parsers
 * give the same tree: `parseByDescent` reads what templates are written in (the fastest); what it leaves
 * (raw blocks, decorators, partial blocks, escaped mustaches) or stops on goes to `parseWithTables`, which runs
 * Handlebars' grammar; a template that stops too (a syntax error) is parsed by Handlebars itself, which throws the
 * error Candor reports.
 */
export function parseHandlebars(text: string): Program {
  if (!text.includes('{{') && !text.includes('\0')) return contentOnly(text);
  try {
    return parseByDescent(text);
  } catch {
    try {
      return parseWithTables(text);
    } catch (error) {
      // A syntax error as Handlebars reports it, or an error of Handlebars' own tree helpers (a block closed by
      // another name): Handlebars' parser would throw the same. Anything else it reads itself.
      if (!(error instanceof NotHandled)) throw error;
      return parseWithoutProcessing(text);
    }
  }
}

/**
 * The tree Handlebars gives a text with no `{{` (and no NUL, which its lexer refuses): the whole text as one
 * content statement, or an empty program for an empty text. Its lexer reads such a text as one token; the end
 * position is computed as the lexer computes it (lines counted at `\r\n`, `\r` and `\n`; the last column
 * measured with `.`, which stops at U+2028 and U+2029), so the locations are the parser's own.
 */
export function contentOnly(text: string): Program {
  if (text === '') return { type: 'Program', body: [], strip: {}, loc: undefined } as unknown as Program;
  const lines = text.match(/(?:\r\n?|\n).*/g);
  const last = lines?.[lines.length - 1];
  const end = { line: 1 + (lines?.length ?? 0), column: last === undefined ? text.length : last.length - /\r?\n?/.exec(last)![0].length };
  // The statement's location made as the parsers make theirs (Handlebars' `SourceLocation`): a plain object here
  // was a second shape of location for the code that reads them, which threw that code's optimised form away.
  const contentLoc = (treeHelpers() as { locInfo(loc: object): unknown }).locInfo({ first_line: 1, first_column: 0, last_line: end.line, last_column: end.column });
  const content = { type: 'ContentStatement', original: text, value: text, loc: contentLoc };
  const loc = { source: undefined, start: { line: 1, column: 0 }, end: { line: end.line, column: end.column } };
  return { type: 'Program', body: [content], strip: {}, loc } as unknown as Program;
}

/** The same text with front matter blanked (newlines kept), so Handlebars locations stay file offsets. */
export function blankRange(text: string, start: number, end: number): string {
  if (end <= start) return text;
  return text.slice(0, start) + text.slice(start, end).replace(/[^\r\n]/g, ' ') + text.slice(end);
}

/** Deeper block nesting is refused before parsing: Handlebars' parser slows quadratically and then overflows the stack. */
export const MAX_NESTING = 500;

export function parseTemplate(source: string, lines: LineIndex): ParsedTemplate {
  const deepAt = source.includes('{{') ? tooDeeplyNested(source) : undefined;
  if (deepAt) return { problem: { message: nestedTooDeeply(), range: deepAt } };
  // Handlebars cannot read NUL characters; report the first one exactly and read the rest of the template.
  const nul = source.indexOf('\0');
  const readable = nul < 0 ? source : source.replace(/\0/g, ' ');
  let ast: Program;
  try {
    ast = parseHandlebars(readable);
  } catch (error) {
    if (error instanceof RangeError) return { problem: { message: nestedTooDeeply(), range: [0, Math.min(source.length, Math.max(1, source.indexOf('}}') + 2))] } };
    return { problem: describeParseError(error, readable, lines) };
  }
  if (nul >= 0) return { ast, problem: { message: 'This template contains a NUL character (U+0000), which Handlebars cannot read: remove it.', range: [nul, nul + 1] } };
  return { ast };
}

function nestedTooDeeply(): string {
  return `Blocks are nested too deeply (more than ${MAX_NESTING} levels) for Handlebars to read this template: flatten the \`{{#…}}\` blocks.`;
}

/**
 * The opening tag where block nesting passes MAX_NESTING, found by a linear scan of `{{` tags that skips
 * comments, raw blocks and escaped `\\{{`. Unbalanced tags only make the count rougher, never the scan slower.
 */
export function tooDeeplyNested(source: string): [number, number] | undefined {
  let depth = 0;
  let i = 0;
  for (;;) {
    i = source.indexOf('{{', i);
    if (i < 0) return undefined;
    if (source[i - 1] === '\\') {
      i += 2;
      continue;
    }
    if (source.startsWith('{{{{', i)) {
      const openEnd = source.indexOf('}}}}', i + 4);
      if (openEnd < 0) return undefined;
      const name = source.slice(i + 4, openEnd).trim().split(/\s/)[0] ?? '';
      if (name.startsWith('/')) {
        i = openEnd + 4;
        continue;
      }
      const close = source.indexOf(`{{{{/${name}}}}}`, openEnd + 4);
      if (close < 0) return undefined;
      i = close + name.length + 9;
      continue;
    }
    let j = i + 2;
    if (source[j] === '~') j++;
    const c = source[j];
    if (c === '!') {
      const end = source.startsWith('!--', j) ? /--~?\}\}/g : /\}\}/g;
      end.lastIndex = j + 1;
      if (!end.exec(source)) return undefined;
      i = end.lastIndex;
      continue;
    }
    const isInverse = c === '^' && !/^\^\s*~?\}\}/.test(source.slice(j, j + 8));
    if (c === '#' || isInverse) {
      if (++depth > MAX_NESTING) {
        const close = source.indexOf('}}', j);
        return [i, close < 0 ? source.length : close + 2];
      }
    } else if (c === '/') depth = Math.max(0, depth - 1);
    i = j;
  }
}

function describeParseError(error: unknown, source: string, lines: LineIndex): ParseProblem {
  const err = error as { message?: string; lineNumber?: number; column?: number; endLineNumber?: number; endColumn?: number };
  const raw = String(err.message ?? error);
  if (typeof err.lineNumber === 'number' && typeof err.column === 'number') {
    // Handlebars' own semantic errors ("if doesn't match each") carry a location.
    const start = lines.offsetOf(err.lineNumber, err.column);
    const end = typeof err.endLineNumber === 'number' && typeof err.endColumn === 'number' ? lines.offsetOf(err.endLineNumber, err.endColumn) : start + 1;
    const mismatch = /^(\S+) doesn't match (\S+)/.exec(raw);
    const message = mismatch
      ? `\`{{#${mismatch[1]}}}\` is closed by \`{{/${mismatch[2]}}}\`: close it with \`{{/${mismatch[1]}}}\`.`
      : `Handlebars cannot read this template: ${raw.replace(/ - \d+:\d+$/, '')}.`;
    return { message, range: [start, Math.max(end, start + 1)] };
  }
  // Where the lexer stood: carried by the table parser's error, left in its lexer by Handlebars' parser.
  const parser = jisonParserIfLoaded() as { lexer: { yylloc?: { first_line: number; first_column: number; last_line: number; last_column: number } } } | undefined;
  const loc = error instanceof HandlebarsSyntaxError ? error.lexerLoc : parser?.lexer.yylloc;
  const expecting = /Expecting (.*), got '([^']+)'/.exec(raw);
  let start = loc ? lines.offsetOf(loc.first_line, loc.first_column) : 0;
  let end = loc ? lines.offsetOf(loc.last_line, loc.last_column) : source.length;
  if (!expecting) return { message: `Handlebars cannot read this template: ${raw.split('\n')[0]}`, range: [start, Math.max(end, start + 1)] };
  const got = expecting[2]!;
  const expected = [...expecting[1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
  if (got === 'EOF' && expected.includes('OPEN_ENDBLOCK')) {
    const open = lastUnclosedBlock(source);
    if (open) return { message: `\`{{#${open.name}}}\` is never closed: add \`{{/${open.name}}}\` where the block ends.`, range: open.range };
    return { message: 'A block is never closed: add its `{{/…}}`.', range: [Math.max(0, source.length - 1), source.length] };
  }
  if (got === 'EOF') {
    start = Math.max(0, source.lastIndexOf('{{'));
    end = source.length;
    return { message: 'The template ends inside `{{ … }}`: close it with `}}`.', range: [start, Math.max(end, start + 1)] };
  }
  const list = [...new Set(expected.map(words))];
  const shown = list.length > 4 ? `${list.slice(0, 4).join(', ')} or similar` : list.join(' or ');
  return { message: `Handlebars expected ${shown} here, but found ${words(got)}.`, range: [start, Math.max(end, start + 1)] };
}

/** The innermost block opened and never closed, found by a light scan of block tags. */
function lastUnclosedBlock(source: string): { name: string; range: [number, number] } | undefined {
  const stack: Array<{ name: string; range: [number, number] }> = [];
  // No two adjacent quantifiers can share characters, and a tag stops at the next brace: linear on any input.
  const tag = /\{\{~?\s*([#^/])(?:\s*>)?\s*([^\s{}~]+)(?:[\s~][^{}]*)?\}\}/g;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(source))) {
    if (m[1] === '/') {
      let at = stack.length - 1;
      while (at >= 0 && stack[at]!.name !== m[2]) at--;
      if (at >= 0) stack.length = at;
    } else stack.push({ name: m[2]!, range: [m.index, m.index + m[0].length] });
  }
  return stack.at(-1);
}
