// The fast phrase matching (prefilter, expressions without `u`, ASCII shadows) finds exactly what the rules'
// `u` expressions find, and the generated Unicode ranges match the property escapes code unit by code unit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinRules } from '../../server/src/rules/registry.ts';
import type { PhraseRule } from '../../server/src/rules/types.ts';
import { asciiShadow, compilePatternSource, compilePhraseRule, foldCase, lowerCased, matchPhrases, requiredWords, shadowOf, textKind, twoByte, UnicodeRegExp, withoutUnicodeFlag } from '../../server/src/rules/phraseMatcher.ts';
import { UNICODE_CLASS_RANGES } from '../../server/src/rules/unicodeClasses.ts';

const phraseRules = builtinRules.filter((r): r is PhraseRule => r.kind === 'phrase');

test('the generated ranges match each property escape exactly on every BMP code unit (rerun scripts/gen-unicode-classes.mjs if not)', () => {
  for (const [property, ranges] of Object.entries(UNICODE_CLASS_RANGES)) {
    const original = new RegExp(`[${property}]`, 'iu');
    const generated = new RegExp(`[${ranges}]`, 'iu');
    const bad: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCharCode(c);
      if (original.test(ch) !== generated.test(ch)) bad.push(c.toString(16));
    }
    assert.deepEqual(bad.slice(0, 10), [], property);
  }
});

test("a shadow character stands for exactly the property escapes its letter is in, on every BMP code unit", () => {
  const properties: Array<[RegExp, number]> = [
    [/\p{L}/iu, 1],
    [/\p{N}/iu, 2],
    [/\p{Lu}/iu, 4],
    [/\p{Ll}/iu, 8],
  ];
  const bad: string[] = [];
  for (let c = 0x80; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    let bits = 0;
    for (const [property, bit] of properties) if (property.test(ch)) bits |= bit;
    const expected = bits ? String.fromCharCode(0xe002 + bits - 1) : ch;
    if (shadowOf(ch) !== expected) bad.push(c.toString(16));
  }
  assert.deepEqual(bad.slice(0, 10), []);
  // Under `iu`, \p{Lu} and \p{Ll} each match both cases of a cased letter.
  assert.equal(shadowOf('\u00e9'), String.fromCharCode(0xe002 + (1 | 4 | 8) - 1));
  assert.equal(shadowOf('\u00c9'), shadowOf('\u00e9'));
  assert.equal(shadowOf('\u0663'), String.fromCharCode(0xe002 + 2 - 1));
  assert.equal(shadowOf('\u2014'), '\u2014');
});

/** Sentences around every rule's examples, with letters and symbols the fast paths must read like `u` does. */
function samples(): string[] {
  const out: string[] = [];
  const decorations = [(s: string) => s, (s: string) => `Café — ${s} … naïve`, (s: string) => `Ωμέγα ${s} Привет`, (s: string) => `${s} 😅`, (s: string) => s.replace(/s/g, 'ſ'), (s: string) => s.replace(/k/g, '\u212A'), (s: string) => `é${s}é`, (s: string) => s.toUpperCase(), (s: string) => `日本 ${s}`];
  for (const rule of builtinRules) {
    for (const example of [...rule.examples.bad, ...rule.examples.good]) {
      const body = example.replace(/^---[\s\S]*?---\n/, '').replace(/\{\{[^}]*\}\}/g, '\uE000');
      for (const decorate of decorations) out.push(decorate(body));
    }
  }
  out.push('We will be back soon, promise. Dear customer, sorry for any inconvenience this may have caused.');
  return out;
}

test('every phrase rule finds the same matches on the fast paths as with its `u` expression alone', () => {
  const texts = samples();
  let compared = 0;
  for (const rule of phraseRules) {
    const compiled = compilePhraseRule(rule);
    for (const text of texts) {
      const reference = matchPhrases(compiled, text, 2, text);
      const kind = textKind(text);
      const fast = matchPhrases(compiled, text, kind, kind === 1 ? asciiShadow(text) : text);
      assert.deepEqual(fast, reference, `${rule.id} on ${JSON.stringify(text)}`);
      compared++;
    }
  }
  assert.ok(compared > 1000);
});

test('twoByte keeps the text as it is (only its storage may change)', () => {
  for (const text of ['', 'a', 'short', 'We will get back to you shortly, thanks.', 'café \u00e9t\u00e9 ÿ', 'a \uE000 b', 'x\u{1F600}y', 'long '.repeat(40)]) {
    const copy = twoByte(text);
    assert.equal(copy, text);
    assert.equal(copy.length, text.length);
    assert.deepEqual(copy.match(/\w+/g), text.match(/\w+/g));
  }
});

test('text kinds: ASCII, other BMP text, and text that needs `u`', () => {
  assert.equal(textKind('Plain \uE000 text.'), 0);
  assert.equal(textKind('Café'), 1);
  assert.equal(textKind('Oops 😅'), 2);
  assert.equal(textKind('ſorry'), 2);
  assert.equal(textKind('\uE003'), 2);
  assert.equal(asciiShadow('Café'), 'Caf\uE00E');
  assert.equal(asciiShadow('a—b'), 'a—b');
});

test('required words are what every match must contain', () => {
  assert.deepEqual(requiredWords('sorry'), ['sorry']);
  assert.deepEqual(requiredWords('(?:we|i) apologi[sz]e'.replace(' ', '\\s+')), ['apologi']);
  assert.equal(requiredWords('\\S+'), undefined);
  assert.deepEqual(requiredWords('xq(?:bc|de)?zyw'), ['zyw']);
  assert.deepEqual(requiredWords('polic(?:y|ies)'), ['polic']);
});

test('withoutUnicodeFlag refuses what only `u` reads, and UnicodeRegExp answers like the original', () => {
  assert.equal(withoutUnicodeFlag('\\p{Script=Greek}'), undefined);
  assert.equal(withoutUnicodeFlag('\\u{1F600}'), undefined);
  assert.equal(withoutUnicodeFlag('café'), undefined);
  assert.equal(withoutUnicodeFlag('a\\p{L}b'), `a[${withoutUnicodeFlag('[\\p{L}]')!.slice(1, -1)}]b`);
  const sources = [String.raw`\b(?:sorry|apologi[sz]e)\b`, String.raw`(?<![\p{L}\p{N}])(?:by|until) \d+ ?(?:am|pm)(?![\p{L}\p{N}])`, String.raw`\bwe\s+\p{L}+ing\b`];
  for (const source of sources) {
    const fast = new UnicodeRegExp(source, 'iu');
    const original = new RegExp(source, 'iu');
    for (const text of samples().concat(['ſorry', 'Sorry we are fixing it', 'We are lookingé', 'by 5pm', 'by 5pmé', 'éby 5pm', 'we trying'])) {
      assert.equal(fast.test(text), original.test(text), `${source} on ${JSON.stringify(text)}`);
      const a = fast.exec(text);
      const b = original.exec(text);
      assert.deepEqual(a && [a.index, a[0]], b && [b.index, b[0]], `${source} exec on ${JSON.stringify(text)}`);
    }
  }
});

test('class ranges with a non-ASCII end keep the `u` expression (they may span letters)', () => {
  assert.equal(withoutUnicodeFlag('[\u00D7-\u00F7]'), undefined);
  assert.equal(withoutUnicodeFlag('[!-\\u2000]'), undefined);
  assert.ok(withoutUnicodeFlag('[-–—]') !== undefined);
  assert.ok(withoutUnicodeFlag('[—–•*]') !== undefined);
});

test('withoutUnicodeFlag: sources with nothing to convert come back as they are; the rest are converted or refused as before', () => {
  const GAP = '(?:[\\s\uE000\uE001]+)';
  for (const source of ['refund', `we${GAP}will${GAP}fix`, "it's(?:\\s+)done", '[a-z]+\\b', '\\d{1,2}(?::\\d{2})?']) assert.equal(withoutUnicodeFlag(source), source);
  assert.equal(withoutUnicodeFlag('a\\u0041'), 'a\\u0041');
  assert.equal(withoutUnicodeFlag('x\u2014y'), 'x\u2014y');
  assert.match(withoutUnicodeFlag('\\p{L}+')!, /^\[A-Za-z\\uE002/);
  assert.match(withoutUnicodeFlag('[\\p{L}\\p{N}_]')!, /^\[A-Za-z\\uE002.*0-9.*_\]$/);
  // Refused: a non-ASCII letter (its shadow would not match it), an escape of one, a range with a non-ASCII end
  // (placeholders included), `\P` in a class, `\u{…}`, properties without a shadow.
  for (const source of ['caf\u00e9', 'caf\\u00e9', '[a-\uE000]', '[\uE000-\uE001]', '[^\\P{L}]', '\\u{1F600}', '\\p{Script=Greek}', 'x\u017Fy']) {
    assert.equal(withoutUnicodeFlag(source), undefined, source);
  }
});

test("each built-in pattern's expression without u is its source converted whole, and case-folded where it can be", () => {
  // The word boundaries the phrase matcher puts around a pattern (phraseMatcher.ts).
  const before = "(?<![\\p{L}\\p{N}_'])";
  const after = '(?![\\p{L}\\p{N}_])';
  let compared = 0;
  let caseFolded = 0;
  for (const rule of phraseRules) {
    const compiled = compilePhraseRule(rule);
    compiled.patterns.forEach((pattern, k) => {
      const whole = withoutUnicodeFlag(`${before}(?:${compilePatternSource(pattern.match)})${after}`);
      const built = compiled.patternExpression!(k, true);
      assert.equal(built.onText, whole === undefined, pattern.match);
      if (whole !== undefined) {
        const folded = foldCase(whole);
        if (folded !== undefined) caseFolded++;
        assert.equal(built.regex.source, new RegExp(folded ?? whole).source, pattern.match);
        assert.equal(built.regex.flags, folded === undefined ? 'gi' : 'g', pattern.match);
      }
      compared++;
    });
    const lists = compiled.asciiLists!();
    for (const [key, list] of [['unlessSentence', rule.unless?.sentence], ['unlessParagraph', rule.unless?.paragraph], ['onlyIfSentence', rule.onlyIf?.sentence]] as const) {
      if (!list?.length) continue;
      const whole = withoutUnicodeFlag(`${before}(?:${list.map((p) => `(?:${compilePatternSource(p)})`).join('|')})${after}`);
      const folded = whole === undefined ? undefined : foldCase(whole);
      assert.equal(lists?.[key]?.source, whole === undefined ? undefined : new RegExp(folded ?? whole).source, `${rule.id} ${key}`);
      assert.equal(lists?.[key]?.flags, whole === undefined ? undefined : folded === undefined ? 'i' : '', `${rule.id} ${key}`);
      compared++;
    }
  }
  assert.ok(compared > 150, `${compared}`);
  // Every built-in pattern can be compiled without `i`.
  assert.equal(caseFolded, phraseRules.reduce((n, rule) => n + rule.patterns.length, 0));
});

test('foldCase: the folded expression matches lower-cased text exactly where the expression with i matches the text', () => {
  assert.equal(foldCase('refund'), 'refund');
  assert.equal(foldCase('Dear (?:Customer|Sir)\\b\\S'), 'dear (?:customer|sir)\\b\\S');
  assert.equal(foldCase('[A-Z_]+'), '[A-Z_a-z]+');
  assert.equal(foldCase('[^A-Za-z0-9]'), '[^A-Za-z0-9a-z]');
  assert.equal(foldCase('(?<p0>Hi)'), '(?<p0>hi)');
  // Refused: letters written as escapes, \c and \k, a letter escape V8 reads as the letter, a range from an upper-case
  // letter to anything else, a class ending in `-` that would get members, an upper-case group name.
  assert.equal(foldCase("[A-Za-z'-]"), "[A-Za-z'a-z-]");
  assert.equal(foldCase('[A\\-]'), '[A\\-a]');
  assert.equal(foldCase('[A-]'), '[Aa-]');
  for (const source of ['\\x41', '\\u0061b', '\\101', '(a)\\1', '\\cJ', '(?<a>x)\\k<a>', '\\q', '[\\B]', '[0-Z]', '[A-z]', '(?<Word>x)']) assert.equal(foldCase(source), undefined, source);
  // Random expressions from pieces that matter to folding, on texts in both cases, with cased symbols (Ⓐ ⓐ),
  // placeholders and shadow characters.
  const pieces = ['a', 'B', 'Z', 'q', '-', '[', ']', '-]', '[B', '\\-]', '\\101', '\\0', '[^', '\\s', '\\S', '\\w', '\\W', '\\b', '\\B', '(?:', ')', '|', '*', '+', '?', '.', ' ', 'A-Z', 'a-z', '\\-', '\\]', '\\u0041', '\\x42', '\\uE002', '\\q', '(?=', '(?<!', '(?<gN>', '\\1', '\u2014', '\uE000', 'xY', '^', '$'];
  let seed = 11;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const alphabet = "aAbBqQzZxXyY-_ \n.,'\u2014\uE000\uE005\u24B6\u24D0019";
  const texts = Array.from({ length: 30 }, () => Array.from({ length: 5 + Math.floor(random() * 30) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
  texts.push('Hello World xY Xy', 'HELLO-WORLD', 'b-Z q_Q');
  const all = (re: RegExp, text: string) => {
    const found: string[] = [];
    re.lastIndex = 0;
    for (let m = re.exec(text), n = 0; m && n < 100; m = re.exec(text), n++) {
      found.push(`${m.index}:${m[0].length}`);
      if (m[0].length === 0) re.lastIndex++;
    }
    return found.join(',');
  };
  let folded = 0;
  for (let i = 0; i < 30000; i++) {
    const source = Array.from({ length: 1 + Math.floor(random() * 6) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
    let original: RegExp;
    try {
      original = new RegExp(source, 'gi');
    } catch {
      continue;
    }
    const f = foldCase(source);
    if (f === undefined) continue;
    folded++;
    const rewritten = new RegExp(f, 'g');
    for (const text of texts) assert.equal(all(rewritten, lowerCased(text)), all(original, text), `${JSON.stringify(source)} → ${JSON.stringify(f)} on ${JSON.stringify(text)}`);
  }
  assert.ok(folded > 5000, `${folded}`);
});

test('lowerCased keeps every character where it was', () => {
  for (const text of ['Hello WORLD', '\u24B6 \uE000 \uE007 \u2014 Q', 'x\u0130y']) assert.equal(lowerCased(text).length, text.length);
  assert.equal(lowerCased('x\u0130Y'), 'x\u0130y');
  assert.equal(lowerCased('Hi THERE'), 'hi there');
});
