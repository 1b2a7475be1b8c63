// Guards against catastrophic backtracking: every regular expression the engine runs over prose must stay fast
// on adversarial input. Deterministic inputs; the time bound is generous and catches only super-linear blow-ups.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinRules } from '../../server/src/rules/registry.ts';
import { compilePhraseRule, matchPhrases, sentenceAround } from '../../server/src/rules/phraseMatcher.ts';
import type { PhraseRule } from '../../server/src/rules/types.ts';
import { PLACEHOLDER, TIME_PLACEHOLDER } from '../../server/src/engine/prose/proseText.ts';
import { hasConcreteTime } from '../../server/src/rules/timeExpressions.ts';
import { hasActionOrRemedy, hasNextStep, NON_CONCRETE_FOLLOW_UP } from '../../server/src/rules/nextStep.ts';
import { lintText } from '../helpers.ts';

const SMALL = 2_000;
const LARGE = 32_000;
/** 32k characters through one expression must finish well under this; quadratic or exponential matching does not. */
const BOUND_MS = 2_000;

/** Repeats `unit` until the string is `length` long. */
function fill(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** The words a phrase rule's patterns are built from, to aim the adversarial strings at its expressions. */
function wordsOf(rule: PhraseRule): string[] {
  const sources = [
    ...rule.patterns.map((p) => (typeof p === 'string' ? p : p.match)),
    ...(rule.unless?.sentence ?? []),
    ...(rule.unless?.paragraph ?? []),
    ...(rule.onlyIf?.sentence ?? []),
  ];
  const words = new Set<string>();
  for (const source of sources) for (const word of source.toLowerCase().match(/[a-z']{2,}/g) ?? []) words.add(word);
  return [...words].slice(0, 12);
}

/** Strings designed against phrase patterns: long gaps, half-finished phrases, repeated words and punctuation. */
function adversarialUnits(rule: PhraseRule): string[] {
  const units = [
    ' ',
    `${PLACEHOLDER} `,
    `${TIME_PLACEHOLDER}${PLACEHOLDER}`,
    'we ',
    '!',
    '.',
    ' - ',
    '* ',
    '1',
    "'",
    '{a} ',
    '[',
    'a'.repeat(50) + ' ',
  ];
  for (const pattern of rule.patterns) {
    const words = (typeof pattern === 'string' ? pattern : pattern.match).toLowerCase().match(/[a-z']+/g) ?? [];
    if (words.length > 1) units.push(`${words.slice(0, -1).join(' ')} `, `${words.slice(0, -1).join(` ${PLACEHOLDER} `)} ${PLACEHOLDER} `);
  }
  for (const word of wordsOf(rule)) units.push(`${word} `, `${word}${' '.repeat(64)}`, `${word} ${PLACEHOLDER} `);
  return units;
}

function timed(run: () => unknown): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Runs `run` on SMALL and LARGE inputs of each unit and fails on the first that blows the bound. */
function assertLinear(label: string, units: string[], run: (text: string) => unknown): void {
  for (const unit of units) {
    // A long single run, and the same run after a sentence start (where "start of sentence" expressions anchor).
    for (const shape of [(n: number) => fill(unit, n), (n: number) => `Sorry. ${fill(unit, n - 7)}`]) {
      const small = timed(() => run(shape(SMALL)));
      const large = timed(() => run(shape(LARGE)));
      assert.ok(
        large < BOUND_MS,
        `${label}: ${LARGE} characters of ${JSON.stringify(unit.slice(0, 30))} took ${large.toFixed(0)} ms (${small.toFixed(1)} ms for ${SMALL}): the expression backtracks catastrophically.`,
      );
    }
  }
}

for (const rule of builtinRules) {
  if (rule.kind !== 'phrase') continue;
  test(`phrase rule ${rule.id}: matching stays linear on adversarial prose`, () => {
    const compiled = compilePhraseRule(rule);
    assertLinear(rule.id, adversarialUnits(rule), (text) => matchPhrases(compiled, text));
  });
}

test('shared prose expressions (times, next steps, sentences) stay linear on adversarial prose', () => {
  const units = [' ', '!', '.', ' - ', '* ', '—', '1', '12', '1:', '{', '[x', '%', 'if you ', 'we will ', 'please ', 'could you ', 'by ', 'in 2 ', 'a ', 'aa', `${PLACEHOLDER} `, '\n', ',', 'we have ', 'i '];
  assertLinear('hasConcreteTime', units, hasConcreteTime);
  assertLinear('hasNextStep', units, hasNextStep);
  assertLinear('hasActionOrRemedy', units, hasActionOrRemedy);
  assertLinear('NON_CONCRETE_FOLLOW_UP', units, (text) => NON_CONCRETE_FOLLOW_UP.test(text));
  assertLinear('sentenceAround', units, (text) => sentenceAround(text, text.length >> 1, (text.length >> 1) + 1));
});

test('a whole template of repeated phrases lints in roughly linear time', () => {
  // Every match in one endless sentence used to re-test that whole sentence: quadratic.
  for (const unit of ['soon ', 'we value your business and soon ', 'soon. ', '{{a}} ', '!!!!', '{{#if a}}x{{/if}} ']) {
    const small = timed(() => lintText(fill(unit, SMALL * 4)));
    const large = timed(() => lintText(fill(unit, LARGE * 4)));
    assert.ok(large < BOUND_MS * 2, `${JSON.stringify(unit)} ×${LARGE * 4}: ${large.toFixed(0)} ms (${small.toFixed(0)} ms for ${SMALL * 4})`);
  }
});

test('a user phrase rule runs through the same linear matcher', () => {
  const rule: PhraseRule = {
    kind: 'phrase', id: 'acme/kindly', name: 'kindly', defaultSeverity: 'warning', when: 'any', fixable: false, description: 'kindly',
    message: '{phrase}', why: 'why', better: [], patterns: ['kindly do the needful', 'at your earliest convenience'], examples: { bad: [], good: [] },
    unless: { sentence: ['thanks'] },
  };
  assertLinear(rule.id, adversarialUnits(rule), (text) => matchPhrases(compilePhraseRule(rule), text));
});
