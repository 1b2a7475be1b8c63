// Candor's two Handlebars parsers against Handlebars itself. The table-driven one: the same tree (every field and
// location) wherever Handlebars parses, and wherever Handlebars throws, its error: the same message, and the same
// place for its lexer (or `NotHandled`, leaving the text to Handlebars). The recursive-descent one: the same
// tree or `NotHandled` (it declines what it does not read) wherever Handlebars parses, and no tree wherever Handlebars
// throws; it must read nearly all of what real templates are made of.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Handlebars from 'handlebars';
import { HandlebarsSyntaxError, NotHandled, parseWithTables } from '../../server/src/engine/parse/tableParser.ts';
import { parseByDescent } from '../../server/src/engine/parse/descentParser.ts';
import { parseHandlebars, blankRange } from '../../server/src/engine/parse/template.ts';
import { repoRoot as repo, seededRandom, templatesIn } from '../helpers.ts';

/** Handlebars' tree as JSON, or why it throws and where its lexer stood then. */
function handlebars(text: string): { tree: string } | { error: string; lexerLoc: unknown } {
  try {
    return { tree: JSON.stringify(Handlebars.parseWithoutProcessing(text)) };
  } catch (error) {
    const lexer = (Handlebars as unknown as { Parser: { lexer: { yylloc: object } } }).Parser.lexer;
    return { error: String((error as Error).message), lexerLoc: { ...lexer.yylloc } };
  }
}

/** Texts Handlebars throws on: how many the table parser reported as Handlebars does, and how many it left to it. */
const errors = { same: 0, left: 0 };

function tables(text: string): { tree: string } | { error: unknown } {
  try {
    return { tree: JSON.stringify(parseWithTables(text)) };
  } catch (error) {
    return { error };
  }
}

function descent(text: string): { tree: string } | { error: unknown } {
  try {
    return { tree: JSON.stringify(parseByDescent(text)) };
  } catch (error) {
    return { error };
  }
}

/** What the descent parser leaves to the grammar: raw blocks, escaped mustaches, decorators, partial blocks, U+2028/9. */
const UNREAD = /\{\{\{\{|\\\{\{|\{\{~?\*|\{\{~?#[*>]|[\u2028\u2029]/;

/** How many texts Handlebars parsed that the descent parser declined (each must hold something it leaves unread). */
const declined = { count: 0 };

/** Asserts both parsers agree with Handlebars on `text`; says whether Handlebars parsed it. */
function agree(text: string): boolean {
  const expected = handlebars(text);
  const actual = tables(text);
  const fast = descent(text);
  if ('tree' in expected) {
    assert.ok('tree' in actual, `Handlebars parses ${JSON.stringify(text)} but the table parser threw ${String((actual as { error: unknown }).error)}`);
    assert.equal(actual.tree, expected.tree, JSON.stringify(text));
    if ('tree' in fast) assert.equal(fast.tree, expected.tree, `descent parser on ${JSON.stringify(text)}`);
    else {
      const error = (fast as { error: unknown }).error;
      assert.ok(error instanceof NotHandled, `Handlebars parses ${JSON.stringify(text)} but the descent parser threw ${String(error)}`);
      assert.match(text, UNREAD, `the descent parser declined ${JSON.stringify(text)} (${error.message}), which holds nothing it leaves to the grammar`);
      declined.count++;
    }
    return true;
  }
  assert.ok('error' in actual, `Handlebars throws on ${JSON.stringify(text)} (${expected.error}) but the table parser gave a tree`);
  assert.ok('error' in fast, `Handlebars throws on ${JSON.stringify(text)} (${expected.error}) but the descent parser gave a tree`);
  const error = actual.error;
  if (error instanceof NotHandled) errors.left++;
  else {
    assert.equal((error as Error).message, expected.error, `the table parser's error on ${JSON.stringify(text)}`);
    if (error instanceof HandlebarsSyntaxError) assert.deepEqual({ ...error.lexerLoc }, expected.lexerLoc, `where the lexer stood on ${JSON.stringify(text)}`);
    errors.same++;
  }
  return false;
}

const FRAGMENTS = [
  'Hi ', 'there. ', '\n', '\r\n', '\r', '\u2028', '\u2029', '🎉', '“q”', '\t', ' ', '{', '}', '{{', '}}', '\\', '\\\\',
  '{{name}}', '{{customer.firstName}}', '{{../parent}}', '{{this.x}}', '{{./y}}', '{{@index}}', '{{@root.a}}', '{{[weird key]}}',
  '{{[a\\]b]}}', '{{{triple}}}', '{{&amp}}', '{{~strip~}}', '{{ spaced }}', '{{foo bar baz}}', '{{foo "a \\"b\\" c"}}', "{{foo 'x \\'y'}}",
  '{{foo 12 -3.5 true false null undefined}}', '{{foo (bar baz) k=v n=1}}', '{{foo k=(sub a)}}', '{{#if a}}', '{{else}}', '{{else if b}}',
  '{{^}}', '{{/if}}', '{{#each xs as |x i|}}', '{{/each}}', '{{#unless c}}', '{{/unless}}', '{{^if d}}', '{{#with p as |q|}}', '{{/with}}',
  '{{> partial}}', '{{> (lookup . "p")}}', '{{> p a=1}}', '{{#> layout}}', '{{/layout}}', '{{#*inline "n"}}', '{{/inline}}',
  '{{!-- note --}}', '{{~!-- strip --~}}', '{{!--}}', '{{!---}}', '{{!-- holds }} --}}', '{{!-- a\r\nb\nc --}}', '{{! short }}',
  '{{!\nmulti\r\nline }}', '{{!-- unterminated', '--}}', '{{{{raw}}}}', '{{{{/raw}}}}', '{{{{raw}}}} {{not parsed}} {{{{/raw}}}}',
  '\\{{escaped}}', '\\\\{{not escaped}}', '{{foo bar=}}', '{{#if}}', '{{/each}}', '{{ }}', '{{foo.}}', '{{.}}', '{{..}}', '{{"s"}}',
  '{{foo ~}}', '{{#if a~}}', '{{~/if}}', '{{foo as |x|}}', '{{foo |}}', '{{^each xs}}', '{{*decorator}}', '{{#*decor}}', '{{/decor}}',
  'line one\nline two\r\n', '<p>Sorry!</p>', '&rsquo;', '{{foo\nbar\r\nbaz}}', '{{#if a}}\r\n  x\r\n{{else}}\n  y\n{{/if}}',
  // Edges of the lexer's rules (which rule wins where two could begin, lookaheads, whitespace as JavaScript reads it).
  '{{foo-bar}}', '{{else-x}}', '{{elsewhere}}', '{{ else }}', '{{~ else ~}}', '{{^ }}', '{{^~}}', '{{foo 1.5.3}}', '{{foo -}}', '{{foo 12a}}',
  '{{foo -7}}', '{{as |x|}}', '{{foo as|x|}}', '{{#each xs as | x |}}', '{{foo key = value}}', '{{foo a.b=c}}', '{{true}}', '{{truex}}',
  '{{true.x}}', '{{foo.[bar baz].qux}}', '{{foo/bar}}', '{{this/x}}', '{{foo/../bar}}', '{{@../x}}', '{{foo}}}', '{{{foo}}', '{{{foo}~}}',
  '{{foo}}}}', '{{!-- --~}}', '{{!-- a -- b --}}', '{{> foo.bar}}', '{{> "str"}}', '{{#if a}}{{else if b}}{{else}}{{/if}}',
  '{{foo\u00a0bar}}', '{{foo\ufeffbar}}', '{{foo\u3000}}', '{{#if a~}}\r\n', '{{foo (bar (baz q))}}', '{{foo k=(a b=c)}}',
  '{{foo "a" \'b\' 1 -2 null undefined true false}}', '{{null}}', '{{undefined}}', '{{foo null=1}}', '{{foo true=1}}', '{{foo @x}}',
  '{{[}}', '{{]}}', '{{ "x" }}', '{{#"x"}}', '{{/"x"}}', '{{foo .=1}}', '{{foo ..}}', '{{foo ...}}', '{{foo\x01}}', '{{é}}', '{{foo\r\n}}',
  '{{else if}}', '{{^if a}}{{else if b}}{{/if}}', '{{#if a}}{{else}}{{else}}{{/if}}', '{{foo bar=1 baz}}', '{{foo=bar}}', '{{@}}',
];

const LEAVES = FRAGMENTS.filter((f) => !/\{\{[#^/]|\{\{else|\{\{\{\{|--\}\}$|^\{\{$|^\{\{!--(?!.*--\}\})/.test(f) && handlebarsParses(f));
const BLOCKS: Array<[string, string, string[]]> = [
  ['{{#if a}}', '{{/if}}', ['{{else}}', '{{else if b}}', '{{^}}', '{{~else~}}']],
  ['{{#each xs as |x i|}}', '{{/each}}', ['{{else}}']],
  ['{{#unless c}}', '{{/unless}}', ['{{else}}']],
  ['{{^if d}}', '{{/if}}', []],
  ['{{#> layout}}', '{{/layout}}', []],
  ['{{#*inline "n"}}', '{{/inline}}', []],
  ['{{~#with p~}}', '{{~/with~}}', ['{{else}}']],
  ['{{{{raw}}}}', '{{{{/raw}}}}', []],
];

function handlebarsParses(text: string): boolean {
  return 'tree' in handlebars(text);
}

/** A well-formed template: leaves and blocks (with else branches) nested up to `depth`. */
function wellFormed(random: () => number, depth: number): string {
  let text = '';
  const count = 1 + Math.floor(random() * 6);
  for (let k = 0; k < count; k++) {
    if (depth > 0 && random() < 0.3) {
      const [open, close, elses] = BLOCKS[Math.floor(random() * BLOCKS.length)]!;
      text += open + wellFormed(random, depth - 1);
      if (elses.length && random() < 0.5) text += elses[Math.floor(random() * elses.length)]! + wellFormed(random, depth - 1);
      text += close;
    } else text += LEAVES[Math.floor(random() * LEAVES.length)];
  }
  return text;
}

test('random templates: the same tree as Handlebars, or an error where Handlebars errs', () => {
  declined.count = 0;
  const random = seededRandom(2026);
  let parsed = 0;
  let failed = 0;
  for (let n = 0; n < 6000; n++) {
    let text = '';
    if (n % 2) text = wellFormed(random, 3);
    else {
      const count = 1 + Math.floor(random() * 14);
      for (let k = 0; k < count; k++) text += FRAGMENTS[Math.floor(random() * FRAGMENTS.length)];
    }
    if (agree(text)) parsed++;
    else failed++;
  }
  // Both sides of the comparison must be well exercised for it to mean anything.
  assert.ok(parsed > 1000, `only ${parsed} random templates parsed`);
  assert.ok(failed > 1000, `only ${failed} random templates failed`);
  // Nearly every error is reported as Handlebars reports it (what is left: texts its driver does not follow).
  assert.ok(errors.same > 0.95 * failed, `the table parser reported ${errors.same} of ${failed} errors itself, and left ${errors.left}`);
  assert.ok(parsed - declined.count > 800, `the descent parser read only ${parsed - declined.count} of the ${parsed} random templates Handlebars parsed`);
});

test('every template in the examples, the test fixtures and the bench corpus: the same tree', async () => {
  const { template } = (await import(pathToFileURL(join(repo, 'bench', 'corpus.mjs')).href)) as { template: (index: number, target: number) => string };
  const texts: string[] = [];
  for (const dir of ['examples', 'test']) for (const file of templatesIn(join(repo, dir))) texts.push(readFileSync(file, 'utf8'));
  for (let i = 0; i < 400; i++) texts.push(template(i, 300 + ((i * 97) % 2700)));
  let parsed = 0;
  for (const text of texts) {
    // As the engine feeds Handlebars: front matter blanked, offsets kept.
    const end = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/.exec(text)?.[0].length ?? 0;
    if (agree(blankRange(text, 0, end))) parsed++;
  }
  assert.ok(parsed > 400, `only ${parsed} templates parsed`);
});

test('the eval messages: the same tree', () => {
  const file = join(repo, '..', 'shared', 'eval-dev', 'messages.jsonl');
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return; // The team's shared folder is beside every checkout and CI; without it there is nothing to compare.
  }
  let parsed = 0;
  for (const line of lines) {
    const { text } = JSON.parse(line) as { text: string };
    if (agree(text)) parsed++;
  }
  assert.ok(parsed > 100, `only ${parsed} messages parsed`);
});

test('long else-if chains and deep nesting: the same tree, in linear time', () => {
  const chain = Array.from({ length: 400 }, (_, i) => `{{else if c${i}}}{{!-- note ${i} --}}x`).join('');
  assert.ok(agree(`{{!-- first --}}{{#if a}}x${chain}{{/if}}{{!-- last --~}}`));
  const depth = 300;
  assert.ok(agree(`${'{{#if a}}x'.repeat(depth)}${'{{/if}}'.repeat(depth)}`));
  // A chain far longer than Handlebars' own driver reads in reasonable time (it copies its stacks per step).
  const long = `{{#if a}}x${Array.from({ length: 20000 }, (_, i) => `{{else if c${i}}}y`).join('')}{{/if}}`;
  const tree = parseWithTables(long) as hbs.AST.Program;
  // Too deep for JSON.stringify: the two chains are compared link by link (each without its inverse).
  const link = (block: hbs.AST.BlockStatement) => JSON.stringify({ ...block, inverse: { ...block.inverse, body: block.inverse?.body.length } });
  let other = parseByDescent(long).body[0] as hbs.AST.BlockStatement | undefined;
  for (let block = tree.body[0] as hbs.AST.BlockStatement | undefined; block || other; block = block?.inverse?.body[0] as hbs.AST.BlockStatement | undefined) {
    assert.ok(block && other, 'the chains have the same length');
    assert.equal(link(other), link(block));
    other = other.inverse?.body[0] as hbs.AST.BlockStatement | undefined;
  }
  let links = 0;
  for (let block = tree.body[0] as hbs.AST.BlockStatement | undefined; block; block = block.inverse?.body[0] as hbs.AST.BlockStatement | undefined) links++;
  assert.equal(links, 20001);
});

test('where Handlebars throws, the table parser says so and parseHandlebars throws Handlebars’ own error', () => {
  for (const text of ['{{#if a}}x', '{{#if a}}x{{/each}}', 'Hello {{ }} there', '{{!-- open', '{{foo bar=}}', '{{{{raw}}}}x']) {
    const expected = handlebars(text);
    assert.ok('error' in expected, text);
    assert.throws(() => parseWithTables(text));
    assert.throws(() => parseByDescent(text));
    assert.throws(() => parseHandlebars(text), (error: Error) => error.message === expected.error);
  }
  // A lexical or grammar error is reported as Handlebars' parser reports it; a helper's error (wrong close) is Handlebars' own.
  assert.throws(() => parseWithTables('Hello {{ }} there'), HandlebarsSyntaxError);
  assert.throws(() => parseWithTables('Hi.\n{{!-- open'), (error: Error) => error instanceof HandlebarsSyntaxError && /^Lexical error on line 2\./.test(error.message));
  assert.throws(() => parseWithTables('{{#if a}}x{{/each}}'), /doesn't match/);
});
