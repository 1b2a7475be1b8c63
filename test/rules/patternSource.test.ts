// The pattern language's contractions: a pattern that writes one form of a contraction ("we'll", "we will")
// matches every form of it, in any case, whichever passes of the rewrite run for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePatternSource } from '../../server/src/rules/phraseMatcher.ts';

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

test('a pattern written with ſ (which the u flag folds onto s) gets the contraction passes too', () => {
  // "it'ſ" reads as "it's" under the `iu` flags, so the pattern matches "it is" as a pattern written "it's" does.
  assert.ok(matches("it'\u017F fine", 'it is fine'));
  assert.ok(matches("it'\u017F fine", "it's fine"));
  assert.ok(matches("le\u017F't go", "les't go"));
});
