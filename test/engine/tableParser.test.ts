// The table-driven Handlebars parser against Handlebars itself: the same tree (every field and location) wherever
// Handlebars parses, and no tree wherever Handlebars throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Handlebars from 'handlebars';
import { NotHandled, parseWithTables } from '../../server/src/engine/parse/tableParser.ts';
import { parseHandlebars, blankRange } from '../../server/src/engine/parse/template.ts';
import { repoRoot as repo, seededRandom, templatesIn } from '../helpers.ts';

/** Handlebars' tree as JSON, or why it throws. */
function handlebars(text: string): { tree: string } | { error: string } {
  try {
    return { tree: JSON.stringify(Handlebars.parseWithoutProcessing(text)) };
  } catch (error) {
    return { error: String((error as Error).message) };
  }
}

function tables(text: string): { tree: string } | { error: unknown } {
  try {
    return { tree: JSON.stringify(parseWithTables(text)) };
  } catch (error) {
    return { error };
  }
}

/** Asserts the two parsers agree on `text`; says whether Handlebars parsed it. */
function agree(text: string): boolean {
  const expected = handlebars(text);
  const actual = tables(text);
  if ('tree' in expected) {
    assert.ok('tree' in actual, `Handlebars parses ${JSON.stringify(text)} but the table parser threw ${String((actual as { error: unknown }).error)}`);
    assert.equal(actual.tree, expected.tree, JSON.stringify(text));
    return true;
  }
  assert.ok('error' in actual, `Handlebars throws on ${JSON.stringify(text)} (${expected.error}) but the table parser gave a tree`);
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
  let links = 0;
  for (let block = tree.body[0] as hbs.AST.BlockStatement | undefined; block; block = block.inverse?.body[0] as hbs.AST.BlockStatement | undefined) links++;
  assert.equal(links, 20001);
});

test('where Handlebars throws, the table parser says so and parseHandlebars throws Handlebars’ own error', () => {
  for (const text of ['{{#if a}}x', '{{#if a}}x{{/each}}', 'Hello {{ }} there', '{{!-- open', '{{foo bar=}}', '{{{{raw}}}}x']) {
    const expected = handlebars(text);
    assert.ok('error' in expected, text);
    assert.throws(() => parseWithTables(text));
    assert.throws(() => parseHandlebars(text), (error: Error) => error.message === expected.error);
  }
  // A lexical or grammar error is the table parser's own signal; a helper's error (wrong close) is Handlebars'.
  assert.throws(() => parseWithTables('Hello {{ }} there'), NotHandled);
  assert.throws(() => parseWithTables('{{#if a}}x{{/each}}'), /doesn't match/);
});
