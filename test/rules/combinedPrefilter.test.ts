// The combined prefilter (one pass per segment for all built-in rules) must decide exactly what each rule's own
// prefilter expression decides: a segment it wrongly skips for a rule would silently lose that rule's findings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinRules } from '../../server/src/rules/registry.ts';
import type { PhraseRule } from '../../server/src/rules/types.ts';
import { CombinedPrefilter } from '../../server/src/rules/combinedPrefilter.ts';
import {
  compilePatternSource,
  compilePhraseRule,
  matchPhrases,
  piecesSource,
  prefilterPieces,
  prefilterSource,
  segmentPrefilterMask,
  textKind,
  type RequiredWord,
} from '../../server/src/rules/phraseMatcher.ts';

const phraseRules = builtinRules.filter((r): r is PhraseRule => r.kind === 'phrase');

interface Reference {
  id: string;
  slot: number;
  /** The rule's prefilter expression derived afresh from its patterns (not from the precomputed data). */
  expression: RegExp;
  pieces: RequiredWord[];
}

function references(): Reference[] {
  const out: Reference[] = [];
  for (const rule of phraseRules) {
    const bodies = rule.patterns.map((p) => compilePatternSource(typeof p === 'string' ? p : p.match));
    const source = prefilterSource(bodies);
    const compiled = compilePhraseRule(rule);
    if (source === undefined) {
      assert.equal(compiled.prefilter, undefined, rule.id);
      continue;
    }
    // The precomputed pieces are the derived ones (else run node bench/prefilters.mjs --write).
    assert.equal(compiled.prefilter?.source, new RegExp(source, 'i').source, `${rule.id}: prefilterData.ts is stale`);
    assert.ok((compiled.prefilterSlot ?? -1) >= 0, `${rule.id} has a slot in the combined prefilter`);
    out.push({ id: rule.id, slot: compiled.prefilterSlot!, expression: new RegExp(source, 'i'), pieces: prefilterPieces(bodies)! });
  }
  return out;
}

/** A small deterministic generator (mulberry32), so a failure names a text that can be reproduced. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Characters next to which a piece may or may not count as bounded, and characters `i` or `u` treat specially. */
const SEPARATORS = [
  ' ', '', '', '-', "'", '\u2019', '\u2018', '\u201C', '\uE000', '\uE001', '\uE002', '_', '.', ',', '!', '\n', '\t', '0', '7', 'x', 'S', 's', 'k', 'K',
  '\u00E9', '\u00C9', '\u0131', '\u0130', '\u017F', '\u212A', '\u00DF', '\u1E9E', '\uFF21', '\u00A0', '\u2014', '\uD83D\uDE02', '\uD83E\uDD37', '\uD83D', '\u0300', '\u00B5', '\u039C',
];

function randomTexts(refs: Reference[], count: number): string[] {
  const next = random(0xc0ffee);
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
      const expected = ref.expression.test(text);
      if (((mask >>> ref.slot) & 1) !== (expected ? 1 : 0)) assert.fail(`${ref.id}: combined prefilter says ${!expected}, its expression ${expected}, on ${JSON.stringify(text)}`);
      compared++;
    }
  }
  return compared;
}

test('the combined prefilter decides what each built-in rule prefilter decides, on examples and random texts', () => {
  const refs = references();
  assert.ok(refs.length >= 15, `${refs.length} rules with a prefilter`);
  const compared = assertSameDecisions(refs, [...exampleTexts(), ...randomTexts(refs, 30000)]);
  assert.ok(compared > 400000);
});

test('the combined prefilter reads every code unit next to a word as the expressions do', () => {
  const refs = references();
  const units: number[] = [];
  for (let c = 0; c < 0x300; c++) units.push(c);
  units.push(0x130, 0x131, 0x17f, 0x212a, 0x1e9e, 0xff21, 0xff41, 0x2018, 0x2019, 0x201c, 0x2028, 0x0345, 0x03c2, 0x1c80, 0xa7ae);
  for (let c = 0xe000; c <= 0xe011; c++) units.push(c);
  const next = random(7);
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
  assert.equal(combined.add([{ word: 'caf\u00E9', left: 1, right: 1 }]), -1);
  assert.equal(combined.add([{ word: '\u2014', left: 0, right: 0 }]), -1);
  assert.equal(combined.add([]), -1);
  const expressions = pieces.map((p) => new RegExp(piecesSource([p]), 'i'));
  const next = random(99);
  const parts = ["don't", "DON'T", "xdon't", "don'ts", '24/7', '124/7', '24/70', 'E-MAIL', 'xe-mail', 'e-mails', '\uD83D\uDE02', 'a\uD83D\uDE02', '\uD83D', 'AB', 'aB', 'c'];
  for (let i = 0; i < 5000; i++) {
    let text = '';
    const n = 1 + Math.floor(next() * 4);
    for (let k = 0; k < n; k++) text += parts[Math.floor(next() * parts.length)]! + SEPARATORS[Math.floor(next() * SEPARATORS.length)]!;
    const mask = combined.test(text);
    expressions.forEach((e, slot) => assert.equal(((mask >>> slot) & 1) === 1, e.test(text), `${e.source} on ${JSON.stringify(text)}`));
  }
});

test('a rule whose patterns differ from the built-in ones keeps its own prefilter, and still finds its matches', () => {
  const base = phraseRules.find((r) => r.id === 'vague-timeline')!;
  const user: PhraseRule = { ...base, id: 'team/vague', patterns: [...base.patterns, 'any day now'] };
  const compiled = compilePhraseRule(user);
  assert.equal(compiled.prefilterSlot, -1);
  assert.ok(compiled.prefilter);
  const text = 'It should arrive any day now, we think.';
  assert.equal(textKind(text), 0);
  assert.equal(matchPhrases(compiled, text).length, 1);
  assert.equal(matchPhrases(compiled, 'Nothing to see here.').length, 0);
  // Same patterns as the built-in: the built-in's slot, the same decisions.
  assert.equal(compilePhraseRule({ ...base, id: 'team/copy' }).prefilterSlot, compilePhraseRule(base).prefilterSlot);
});
