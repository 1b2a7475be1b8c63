// The combined prefilter (one pass per segment for every pattern of the built-in rules) must decide exactly what
// each pattern's own prefilter expression decides: a segment it wrongly skips for a pattern would silently lose
// that pattern's findings. Matching only the patterns it lets through must find what the whole rule finds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinRules } from '../../server/src/rules/registry.ts';
import type { PhraseRule } from '../../server/src/rules/types.ts';
import { CombinedPrefilter, hasSlot } from '../../server/src/rules/combinedPrefilter.ts';
import { PREFILTER_ALSO, PREFILTER_DATA, PREFILTER_TABLES } from '../../server/src/rules/prefilterData.ts';
import {
  combinedPrefilterOf,
  compilePatternSource,
  compilePhraseRule,
  matchPhrases,
  nextPatternMayMatch,
  patternMayMatch,
  piecesSource,
  prefilterPieces,
  prefilterSource,
  secondPrefilterPieces,
  segmentPrefilterMask,
  textKind,
  type CompiledPhraseRule,
  type PatternSlots,
  type RequiredWord,
} from '../../server/src/rules/phraseMatcher.ts';
import { seededRandom } from '../helpers.ts';

const phraseRules = builtinRules.filter((r): r is PhraseRule => r.kind === 'phrase');

interface Reference {
  id: string;
  slot: number;
  /** The pattern's prefilter expression derived afresh from it (not from the precomputed data); none: always. */
  expression: RegExp | undefined;
  pieces: RequiredWord[];
}

/** One reference per pattern of every built-in phrase rule. */
function references(): Reference[] {
  const out: Reference[] = [];
  for (const rule of phraseRules) {
    const bodies = rule.patterns.map((p) => compilePatternSource(typeof p === 'string' ? p : p.match));
    const source = prefilterSource(bodies);
    const compiled = compilePhraseRule(rule);
    // The rule's own prefilter (joined from the precomputed pieces) is the derived one (else run
    // node bench/prefilters.mjs --write).
    assert.equal(compiled.prefilter?.source, source === undefined ? undefined : new RegExp(source, 'i').source, `${rule.id}: prefilterData.ts is stale`);
    const slots = compiled.prefilterSlots;
    assert.ok(slots, `${rule.id} has slots in the combined prefilter`);
    assert.equal(slots.count, bodies.length);
    bodies.forEach((body, k) => {
      const own = prefilterSource([body]);
      out.push({ id: `${rule.id} pattern ${k}`, slot: slots.first + k, expression: own === undefined ? undefined : new RegExp(own, 'i'), pieces: prefilterPieces([body]) ?? [] });
      // The pattern's second set (another part of it), as derived afresh: its slot decides what its expression does.
      const also = own === undefined ? undefined : secondPrefilterPieces(body);
      assert.equal(slots.also[k]! >= 0, !!also, `${rule.id} pattern ${k}: prefilterData.ts is stale (second set)`);
      if (also) out.push({ id: `${rule.id} pattern ${k} (second set)`, slot: slots.also[k]!, expression: new RegExp(piecesSource(also), 'i'), pieces: also });
    });
  }
  return out;
}

/** Characters next to which a piece may or may not count as bounded, and characters `i` or `u` treat specially. */
const SEPARATORS = [
  ' ', '', '', '-', "'", '\u2019', '\u2018', '\u201C', '\uE000', '\uE001', '\uE002', '_', '.', ',', '!', '\n', '\t', '0', '7', 'x', 'S', 's', 'k', 'K',
  '\u00E9', '\u00C9', '\u0131', '\u0130', '\u017F', '\u212A', '\u00DF', '\u1E9E', '\uFF21', '\u00A0', '\u2014', '\uD83D\uDE02', '\uD83E\uDD37', '\uD83D', '\u0300', '\u00B5', '\u039C',
];

function randomTexts(refs: Reference[], count: number): string[] {
  const next = seededRandom(0xc0ffee);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const words = [...new Set(refs.flatMap((r) => r.pieces.map((p) => p.word)))];
  const filler = ['the', 'we', 'will', 'a', 'order', 'sent', 'you', 'dears', 'ends', 'sends', 'apolog', 'xpolicy', 'us', '2024'];
  const token = (): string => {
    const r = next();
    let w = r < 0.55 ? pick(words) : pick(filler);
    const cut = next();
    // Parts of pieces: a prefix or suffix of a word must not count as the whole word.
    if (cut < 0.12 && w.length > 2) w = w.slice(0, 1 + Math.floor(next() * (w.length - 1)));
    else if (cut < 0.24 && w.length > 2) w = w.slice(1 + Math.floor(next() * (w.length - 1)));
    const c = next();
    if (c < 0.15) w = w.toUpperCase();
    else if (c < 0.3) w = w.replace(/./g, (ch) => (next() < 0.5 ? ch.toUpperCase() : ch));
    return w;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = 1 + Math.floor(next() * 7);
    let text = next() < 0.3 ? pick(SEPARATORS) : '';
    for (let k = 0; k < n; k++) text += token() + (k < n - 1 || next() < 0.3 ? pick(SEPARATORS) : '');
    out.push(text);
  }
  return out;
}

/** Every rule's examples, as segments would read them, with decorations. */
function exampleTexts(): string[] {
  const out: string[] = [];
  for (const rule of builtinRules) {
    for (const example of [...rule.examples.bad, ...rule.examples.good]) {
      const body = example.replace(/^---[\s\S]*?---\n/, '').replace(/\{\{[^}]*\}\}/g, '\uE000');
      out.push(body, body.toUpperCase(), `Caf\u00E9 ${body}`, body.replace(/ /g, '\uE000'), body.replace(/'/g, '\u2019'), `${body} \uD83D\uDE05`, body.replace(/s/g, '\u017F'));
    }
  }
  return out;
}

function assertSameDecisions(refs: Reference[], texts: Iterable<string>): number {
  let compared = 0;
  for (const text of texts) {
    const mask = segmentPrefilterMask(text);
    for (const ref of refs) {
      const expected = ref.expression ? ref.expression.test(text) : true;
      if (hasSlot(mask, ref.slot) !== expected) assert.fail(`${ref.id}: combined prefilter says ${!expected}, its expression ${expected}, on ${JSON.stringify(text)}`);
      compared++;
    }
  }
  return compared;
}

test('the combined prefilter decides what each built-in pattern prefilter decides, on examples and random texts', () => {
  const refs = references();
  assert.ok(refs.length >= 150, `${refs.length} patterns`);
  assert.ok(refs.filter((r) => r.expression).length >= 150, 'patterns with a prefilter of their own');
  const compared = assertSameDecisions(refs, [...exampleTexts(), ...randomTexts(refs, 30000)]);
  assert.ok(compared > 4000000);
});

test('the generated prefilter tables are what the precomputed pieces build, and load to the same decisions', () => {
  const built = combinedPrefilterOf(PREFILTER_DATA, PREFILTER_ALSO, false);
  // Else prefilterData.ts is stale: node bench/prefilters.mjs --write.
  assert.deepEqual(built.prefilter.tables(), PREFILTER_TABLES);
  const numbered = combinedPrefilterOf(PREFILTER_DATA, PREFILTER_ALSO, true);
  assert.equal(numbered.count, PREFILTER_TABLES.slots);
  assert.deepEqual([...numbered.slots], [...built.slots]);
  // Loaded from its tables, a prefilter tests as the one they were taken from.
  const loaded = CombinedPrefilter.fromTables(built.prefilter.tables());
  const texts = [...exampleTexts(), ...randomTexts(references(), 3000)];
  let differing = 0;
  for (const text of texts) if (loaded.test(text).join() !== built.prefilter.test(text).join()) differing++;
  assert.equal(differing, 0, `of ${texts.length} texts`);
});

test('the combined prefilter reads every code unit next to a word as the expressions do', () => {
  const refs = references();
  const units: number[] = [];
  for (let c = 0; c < 0x300; c++) units.push(c);
  units.push(0x130, 0x131, 0x17f, 0x212a, 0x1e9e, 0xff21, 0xff41, 0x2018, 0x2019, 0x201c, 0x2028, 0x0345, 0x03c2, 0x1c80, 0xa7ae);
  for (let c = 0xe000; c <= 0xe011; c++) units.push(c);
  const next = seededRandom(7);
  for (let k = 0; k < 1500; k++) units.push(Math.floor(next() * 0x10000));
  // A whole word, a left-bounded word, a right-bounded word and an unbounded one of different rules.
  const texts: string[] = [];
  for (const c of units) {
    const ch = String.fromCharCode(c);
    texts.push(`${ch}dear${ch}`, `${ch}oops${ch}`, `ch${ch}customer`, `mis${ch}circumstances${ch}`, `${ch}polic${ch}`, `x${ch}sorry${ch}y`, `a${ch}inconvenience`);
  }
  assertSameDecisions(refs, texts);
});

test('pieces beyond letters and digits: indexOf with the same boundaries; other non-ASCII words are refused', () => {
  const pieces: RequiredWord[] = [
    { word: "don't", left: 1, right: 1 },
    { word: '24/7', left: 0, right: 1 },
    { word: 'e-mail', left: 1, right: 0 },
    { word: '\uD83D\uDE02', left: 1, right: 1 },
    { word: 'ab', left: 0, right: 0 },
  ];
  const combined = new CombinedPrefilter();
  const slots = pieces.map((p) => combined.add([p]));
  assert.deepEqual(slots, [0, 1, 2, 3, 4]);
  // Entries it cannot test exactly, or without pieces, are never skipped.
  const always = [combined.add([{ word: 'caf\u00E9', left: 1, right: 1 }]), combined.add([{ word: '\u2014', left: 0, right: 0 }]), combined.add([]), combined.add(undefined)];
  assert.deepEqual(always, [5, 6, 7, 8]);
  assert.ok(always.every((slot) => combined.isAlways(slot)) && !slots.some((slot) => combined.isAlways(slot)));
  // Slots past the first 32 bits of the mask.
  const far: number[] = [];
  for (let i = 0; i < 70; i++) far.push(combined.add([{ word: `w${i}x`, left: 1, right: 1 }]));
  const farMask = combined.test('W69X and w33x, not w1');
  assert.deepEqual(far.filter((slot) => hasSlot(farMask, slot)), [far[33], far[69]]);
  assert.ok(always.every((slot) => hasSlot(farMask, slot)));
  const expressions = pieces.map((p) => new RegExp(piecesSource([p]), 'i'));
  const next = seededRandom(99);
  const parts = ["don't", "DON'T", "xdon't", "don'ts", '24/7', '124/7', '24/70', 'E-MAIL', 'xe-mail', 'e-mails', '\uD83D\uDE02', 'a\uD83D\uDE02', '\uD83D', 'AB', 'aB', 'c'];
  for (let i = 0; i < 5000; i++) {
    let text = '';
    const n = 1 + Math.floor(next() * 4);
    for (let k = 0; k < n; k++) text += parts[Math.floor(next() * parts.length)]! + SEPARATORS[Math.floor(next() * SEPARATORS.length)]!;
    const mask = combined.test(text);
    expressions.forEach((e, slot) => assert.equal(hasSlot(mask, slot), e.test(text), `${e.source} on ${JSON.stringify(text)}`));
  }
});

test('a rule whose patterns differ from the built-in ones keeps its own prefilter, and still finds its matches', () => {
  const base = phraseRules.find((r) => r.id === 'vague-timeline')!;
  const user: PhraseRule = { ...base, id: 'team/vague', patterns: [...base.patterns, 'any day now'] };
  const compiled = compilePhraseRule(user);
  assert.equal(compiled.prefilterSlots, undefined);
  assert.ok(compiled.prefilter);
  const text = 'It should arrive any day now, we think.';
  assert.equal(textKind(text), 0);
  assert.equal(matchPhrases(compiled, text).length, 1);
  assert.equal(matchPhrases(compiled, 'Nothing to see here.').length, 0);
  // Same patterns as the built-in: the built-in's slots, the same decisions.
  assert.deepEqual(compilePhraseRule({ ...base, id: 'team/copy' }).prefilterSlots, compilePhraseRule(base).prefilterSlots);
});

test('matching only the patterns the prefilter lets through finds what the whole rule expression finds', () => {
  const examples = exampleTexts();
  const next = seededRandom(4242);
  // Several examples in one segment, so that many patterns of a rule are candidates and their matches interleave.
  const mixed: string[] = [];
  for (let i = 0; i < 1500; i++) {
    let text = '';
    const n = 2 + Math.floor(next() * 5);
    for (let k = 0; k < n; k++) text += `${examples[Math.floor(next() * examples.length)]!}${next() < 0.5 ? ' ' : '\n'}`;
    mixed.push(text);
  }
  let found = 0;
  let perPattern = 0;
  for (const rule of phraseRules) {
    const compiled = compilePhraseRule(rule);
    // The rule as one expression: the same compiled rule without its prefilter slots.
    const whole: CompiledPhraseRule = {
      rule,
      patterns: compiled.patterns,
      groupNames: compiled.groupNames,
      regex: compiled.regex,
      unlessSentence: compiled.unlessSentence,
      unlessParagraph: compiled.unlessParagraph,
      onlyIfSentence: compiled.onlyIfSentence,
      ascii: compiled.ascii,
      prefilter: compiled.prefilter,
    };
    for (const text of [...examples, ...mixed]) {
      const expected = matchPhrases(whole, text);
      const actual = matchPhrases(compiled, text);
      assert.deepEqual(actual, expected, `${rule.id} on ${JSON.stringify(text)}`);
      found += expected.length;
      if (textKind(text) !== 2 && expected.length) perPattern++;
    }
  }
  assert.ok(found > 4000, `${found} matches compared`);
  assert.ok(perPattern > 800, `${perPattern} segments matched pattern by pattern`);
});

test('the combined prefilter decides as the expressions do inside tokens hundreds of characters long', () => {
  // Words run together ("apologiesinconveniencepolicy…"): every position of such a token may begin an unbounded
  // word, far more of them than a short token has.
  const refs = references();
  const words = [...new Set(refs.flatMap((r) => r.pieces.map((p) => p.word)))].filter((w) => /^[a-z0-9]+$/i.test(w));
  const next = seededRandom(99);
  const texts: string[] = [];
  for (let k = 0; k < 60; k++) {
    let token = '';
    while (token.length < 300 + k * 40) token += words[Math.floor(next() * words.length)]!;
    texts.push(token, `We ${token} soon.`, `${token.toUpperCase()} ${token.slice(1)}`);
  }
  assertSameDecisions(refs, texts);
});

test('the patterns a mask lets through are found 32 bits at a time as one bit at a time finds them', () => {
  // Random slot layouts (first slots anywhere in the mask, across word boundaries, with and without second slots)
  // and masks from empty to full: the patterns listed are exactly those `patternMayMatch` lets through, in order.
  const random = seededRandom(23);
  for (let round = 0; round < 4000; round++) {
    const words = 1 + Math.floor(random() * 4);
    const count = Math.floor(random() * Math.min(70, words * 32));
    const first = Math.floor(random() * (words * 32 - count + 1));
    const density = [0, 0.02, 0.2, 0.6, 1][Math.floor(random() * 5)]!;
    const slots: PatternSlots = { first, count, also: Int32Array.from({ length: count }, () => (random() < 0.4 ? Math.floor(random() * words * 32) : -1)) };
    const mask = new Int32Array(words);
    for (let slot = 0; slot < words * 32; slot++) if (random() < density) mask[slot >>> 5]! |= 1 << (slot & 31);
    const expected: number[] = [];
    for (let k = 0; k < count; k++) if (patternMayMatch(mask, slots, k)) expected.push(k);
    const found: number[] = [];
    for (let k = nextPatternMayMatch(mask, slots, 0); k >= 0; k = nextPatternMayMatch(mask, slots, k + 1)) found.push(k);
    assert.deepEqual(found, expected, `round ${round}: ${count} patterns from slot ${first} of ${words * 32}`);
  }
});
