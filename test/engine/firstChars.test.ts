// The first-code-unit reading of regular expressions that the table parser's lexer dispatches on: exact where it
// can be, and never missing a code unit a match can begin with (checked by brute force on Handlebars' own lexer
// rules and on sources written to reach every construct the reading knows).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Handlebars from 'handlebars';
import { BUCKETS, END, firstChars, OTHER } from '../../server/src/engine/parse/firstChars.ts';

const bucketOf = (code: number) => (code < 128 ? code : OTHER);

/** The buckets that are set, as characters (OTHER as "…", END as "$"), for readable assertions. */
function shown(source: string): string {
  const first = firstChars(source);
  let out = '';
  for (let b = 0; b < BUCKETS; b++) if (first[b]) out += b === OTHER ? '…' : b === END ? '$' : String.fromCharCode(b);
  return out;
}

test('literal, escaped, class and grouped beginnings are read exactly', () => {
  assert.equal(shown('\\{\\{(?:~)?>'), '{');
  assert.equal(shown('(?:~)?\\}\\}'), '}~');
  assert.equal(shown('-?[0-9]+(?:\\.[0-9]+)?(?=(?:[~}\\s)]))'), '-0123456789');
  assert.equal(shown('true(?=(?:[~}\\s)]))|false'), 'ft');
  assert.equal(shown('[a-c\\x41]x'), 'Aabc');
  assert.equal(shown('\\s+'), '\t\n\x0b\x0c\r …');
  assert.equal(shown('$'), '$');
  assert.equal(shown('(?=a)b'), 'b', 'a lookahead is read as matching nothing, which can only widen the answer');
  assert.equal(shown('a*b'), 'ab');
  assert.equal(shown('a{0,2}?b?'), 'ab$');
});

test('negated classes, dots and non-ASCII members reach the "any other" bucket', () => {
  const notNul = firstChars('[^\\x00]*?(?=(?:\\{\\{))');
  assert.equal(notNul[0], 0);
  assert.equal(notNul[65], 1);
  assert.equal(notNul[OTHER], 1);
  assert.equal(notNul[END], 1, 'a lazy star can match nothing');
  const dot = firstChars('.');
  assert.equal(dot[10], 0);
  assert.equal(dot[13], 0);
  assert.equal(dot[OTHER], 1);
  assert.equal(firstChars('[\\u2028-\\u2029]')[OTHER], 1);
  assert.equal(firstChars('[a-z]')[OTHER], 0);
  const any = firstChars('[^]');
  assert.ok(any.subarray(0, END).every((b) => b === 1) && any[END] === 0, 'as JavaScript reads it, `[^]` is any one code unit');
  assert.equal(shown('[]|b'), 'b', 'and `[]` matches nothing');
});

test('what the reading does not know makes every bucket possible', () => {
  for (const source of ['(a)\\1', '\\p{L}', '(?<name>a)', 'a{', '\\k<x>', '[a']) assert.equal(shown(source).length, BUCKETS, source);
  assert.equal(firstChars('a', 'i').every((b) => b === 1), true, 'flags other than g and y are not read');
});

/** Texts that begin with `code`: every continuation a lexer rule could need to match. */
const CONTINUATIONS = ['', 'a', 'Z', '0', ' ', '\n', '{', '{{', '}', '}}', '}}}}', '~}}', '--}}', '-}}', '"', "'", ')', '|', '.', '/', '=', ']', 'x y}}', 'ue ', 'alse}', 'ndefined)', 'ull~', 's |x|', '\\', '\x00'];
const CODES = [...Array.from({ length: 0x180 }, (_, i) => i), 0x2028, 0x2029, 0xa0, 0xfeff, 0x3000, 0xd83c, 0xdf89, 0xffff];

/** Brute force: where the reading says a match cannot begin, no text beginning there matches. */
function assertSound(source: string): number {
  const first = firstChars(source);
  const sticky = new RegExp(source, 'y');
  let checked = 0;
  for (const code of CODES) {
    if (first[bucketOf(code)] || first[END]) continue;
    for (const rest of CONTINUATIONS) {
      sticky.lastIndex = 0;
      assert.ok(!sticky.test(String.fromCharCode(code) + rest), `${source} matches ${JSON.stringify(String.fromCharCode(code) + rest)}, which the reading excluded`);
      checked++;
    }
  }
  if (!first[END]) {
    for (const text of ['', 'ab']) {
      sticky.lastIndex = text.length;
      assert.ok(!sticky.test(text), `${source} matches the empty string, which the reading excluded`);
    }
  }
  return checked;
}

test('every lexer rule Handlebars ships: no excluded code unit begins a match', () => {
  const lexer = (Handlebars as unknown as { Parser: { lexer: { rules: RegExp[] } } }).Parser.lexer;
  let checked = 0;
  for (const rule of lexer.rules) checked += assertSound(rule.source.replace(/^\^/, ''));
  assert.ok(checked > 100_000, `only ${checked} texts checked`);
});

test('sources written to reach every construct: no excluded code unit begins a match', () => {
  const sources = [
    '(?:a|b)?c', '(?:x*|y)+z', '[^a-y]', '[\\s\\d]', '[\\S]', '[\\w-]', '[\\W]', '\\D', '\\w+', '[\\b]', '\\bq', '\\Bq', '(?!a)\\w', '(?<=a)b', '(?<!a)b',
    '\\t\\n', '\\x7f|\\u00e9', '[\\x00-\\x1f]', '[--/]', '[a-]', '[-a]', '[]a]', '[^]a', '[]|b', '\\.', '\\/', '^x', 'x$|$', '(?:)', 'a{2,}', 'a{3}b', '(a|)+b', '\\0',
  ];
  for (const source of sources) assertSound(source);
});
