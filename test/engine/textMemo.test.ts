// TextMemo: answers per text in two bounded generations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rememberRepeatsOnly, TextMemo } from '../../server/src/engine/textMemo.ts';

test('a memo keeps two generations: a text asked about again survives, an old one is dropped', () => {
  const memo = new TextMemo<number>({ texts: 2, chars: 1_000 });
  let made = 0;
  const ask = (text: string) => memo.getOrMake(text, (key) => (made++, key.length));
  ask('a'); ask('bb');        // generation 1: a, bb
  ask('ccc');                 // full: generation 1 becomes the older one; current: ccc
  assert.equal(made, 3);
  assert.equal(ask('a'), 1);  // found in the older generation, moved to the current one (now full: ccc, a)
  assert.equal(made, 3);
  ask('dddd');                // rotates: older = {ccc, a}; current = {dddd}
  ask('eeeee');               // current = {dddd, eeeee}
  ask('ffffff');              // rotates: older = {dddd, eeeee}: bb, ccc and a are gone
  assert.equal(made, 6);
  ask('bb');
  ask('a');
  assert.equal(made, 8, 'texts two generations old are computed again');
});

test('a memo bounds its characters as well as its entries', () => {
  const memo = new TextMemo<string>({ texts: 1_000, chars: 10 });
  let made = 0;
  const ask = (text: string) => memo.getOrMake(text, (key) => (made++, key));
  ask('x'.repeat(8));
  ask('y'.repeat(8)); // would pass 10 characters: rotates
  ask('z'.repeat(8)); // rotates again: the x text is dropped
  ask('x'.repeat(8));
  assert.equal(made, 4);
});

test('set replaces an answer; get finds it; keys are copies that do not keep a larger text alive', () => {
  const memo = new TextMemo<number>({ texts: 10, chars: 1_000 });
  const template = `${'lorem ipsum '.repeat(100)}the segment text we keep`;
  const segment = template.slice(-24);
  memo.set(segment, 1);
  memo.set(segment, 3);
  assert.equal(memo.get('the segment text we keep'), 3);
  assert.equal(memo.get('another text'), undefined);
  memo.clear();
  assert.equal(memo.get(segment), undefined);
});

test('remembering repeats only: an answer is kept from a text\'s second meeting, and set is held back the same way', () => {
  const memo = new TextMemo<number>({ texts: 100, chars: 10_000 });
  rememberRepeatsOnly(true);
  try {
    let made = 0;
    const ask = (text: string) => memo.getOrMake(text, (key) => (made++, key.length));
    assert.equal(ask('once'), 4);
    assert.equal(ask('twice'), 5);
    assert.equal(made, 2);
    assert.equal(memo.get('once'), undefined, 'a text met once is not kept');
    assert.equal(ask('twice'), 5);
    assert.equal(made, 3, 'the second meeting computes it again and keeps it');
    assert.equal(ask('twice'), 5);
    assert.equal(made, 3, 'the third finds it');
    memo.set('flag', 1);
    assert.equal(memo.get('flag'), undefined);
    memo.set('flag', 2);
    assert.equal(memo.get('flag'), 2);
    memo.clear();
    assert.equal(ask('twice'), 5);
    assert.equal(memo.get('twice'), undefined, 'clearing forgets the texts met once too');
  } finally {
    rememberRepeatsOnly(false);
  }
  // The editor's setting: every answer is kept at once.
  memo.set('flag', 3);
  assert.equal(memo.get('flag'), 3);
});

test('a text\'s owner keeps its hash for every memo: one memo works it out, the others take it', () => {
  rememberRepeatsOnly(true);
  try {
    const first = new TextMemo<number>({ texts: 100, chars: 10_000 });
    const second = new TextMemo<number>({ texts: 100, chars: 10_000 });
    let made = 0;
    const make = (key: string) => (made++, key.length);
    const segment = { textHash: -1 };
    first.getOrMake('Your refund is on its way.', make, segment);
    assert.ok(segment.textHash >= 0, 'the first memo to need the hash leaves it on the owner');
    const hash = segment.textHash;
    // The same text met again by another owner: the hash the first owner kept is the one it works out.
    const again = { textHash: -1 };
    first.getOrMake('Your refund is on its way.', make, again);
    assert.equal(again.textHash, hash);
    assert.equal(first.get('Your refund is on its way.'), 26, 'met twice: kept');
    // A memo takes the owner's hash as it is: a text whose owner holds the hash of a text met before counts as
    // met before, and is kept at its first meeting.
    second.getOrMake('Text one', make, { textHash: 12345 });
    assert.equal(second.get('Text one'), undefined);
    second.getOrMake('Text two', make, { textHash: 12345 });
    assert.equal(second.get('Text two'), 8);
    second.set('A flag text', 1, { textHash: -1 });
    assert.equal(second.get('A flag text'), undefined, 'met once, with a hash of its own: not kept');
  } finally {
    rememberRepeatsOnly(false);
  }
});
