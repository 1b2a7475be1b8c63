// The pattern language's contractions: a pattern that writes one form of a contraction ("we'll", "we will")
// matches every form of it, in any case, whichever passes of the rewrite run for it, and two contractions that
// share a word ("we will not") match each way of writing them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePatternSource, CONTRACTIONS, OVERLAPPING_CONTRACTIONS } from '../../server/src/rules/phraseMatcher.ts';

const matches = (pattern: string, text: string) => new RegExp(`^(?:${compilePatternSource(pattern)})$`, 'iu').test(text);

const FORMS: string[][] = [
  ["we'll", 'we will'],
  ["i'm", 'i am'],
  ["it's", 'it is'],
  ["don't", 'do not'],
  ["won't", 'will not'],
  ["can't", 'cannot', 'can not'],
  ["let's", 'let us'],
];

test('a pattern with one form of a contraction matches each of its forms, in any case', () => {
  for (const forms of FORMS) {
    for (const written of forms) {
      for (const pattern of [written, written.toUpperCase(), `${written[0]!.toUpperCase()}${written.slice(1)}`]) {
        for (const text of forms.flatMap((f) => [f, f.toUpperCase()])) assert.ok(matches(`${pattern} go`, `${text} go`), `${pattern} go / ${text} go`);
      }
    }
  }
});

test('several contractions in one pattern, next to each other and inside alternatives, are each rewritten', () => {
  assert.ok(matches("we'll make sure it's done", 'we will make sure it is done'));
  assert.ok(matches("we'll make sure it's done", "we'll make sure it is done"));
  assert.ok(matches('(?:i am|we will) sorry', "i'm sorry"));
  assert.ok(matches('(?:i am|we will) sorry', "we'll sorry"));
  assert.ok(matches("we won't", 'we will not'));
  // A word that only contains a contraction's letters is not one.
  assert.ok(!matches('swell', "s'well"));
  assert.ok(matches('dont worry', 'dont \n worry'));
  assert.ok(!matches('dont worry', "don't worry"));
});

test('two contractions sharing a word match every way of writing the three words, whichever the pattern writes', () => {
  const ways: string[][] = [
    ['we will not', "we'll not", "we won't"],
    ['they are not', "they're not", "they aren't"],
    ['it is not', "it's not", "it isn't"],
    ['you have not', "you've not", "you haven't"],
    ['i would not', "i'd not", "i wouldn't"],
  ];
  for (const forms of ways) {
    for (const written of forms) {
      for (const pattern of [written, written.toUpperCase()]) {
        for (const text of forms) assert.ok(matches(`${pattern} refund`, `${text} refund`), `${pattern} refund / ${text} refund`);
      }
    }
  }
  // Inside an alternative and next to another contraction, and not across a word that only ends like one.
  assert.ok(matches("(?:sorry, )?we will not refund; it's final", "we won't refund; it is final"));
  assert.ok(matches('(?:yes|we will not) refund', "we'll not refund"));
  assert.ok(!matches('we will not refund', "we'll won't refund"));
  // "sit is" is no contraction: only "is not" is rewritten there.
  assert.ok(matches('sit is not', "sit isn't"));
  assert.ok(!matches('sit is not', "sit's not"));
  // A second spelling that only the `u` flag reads as one of the ways (ſ for s) is left to the passes.
  assert.ok(matches("it's not so; it'\u017F not", "it isn't so; it is not"));
});

test('the listed overlapping contractions are every pair of two-word forms that share a word', () => {
  const twoWord = CONTRACTIONS.flatMap(([short, long]) => long.split('|').filter((form) => form.includes(' ')).map((form) => ({ short, words: form.split(' ') })));
  const derived = twoWord.flatMap((a) =>
    twoWord.filter((b) => b.words[0] === a.words[1]).map((b) => [`${a.words.join(' ')} ${b.words[1]}`, `${a.short} ${b.words[1]}`, `${a.words[0]} ${b.short}`].join(' | ')),
  );
  assert.deepEqual(OVERLAPPING_CONTRACTIONS.map((ways) => ways.join(' | ')).sort(), derived.sort());
  // No chain of three: the second form of each pair ends with a word that begins no form.
  for (const ways of OVERLAPPING_CONTRACTIONS) assert.ok(!twoWord.some((f) => f.words[0] === ways[0].split(' ')[2]), ways[0]);
});

test('a pattern written with ſ (which the u flag folds onto s) gets the contraction passes too', () => {
  // "it'ſ" reads as "it's" under the `iu` flags, so the pattern matches "it is" as a pattern written "it's" does.
  assert.ok(matches("it'\u017F fine", 'it is fine'));
  assert.ok(matches("it'\u017F fine", "it's fine"));
  assert.ok(matches("le\u017F't go", "les't go"));
});
