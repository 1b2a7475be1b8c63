// Inline suppression comments and the unused-disable rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText, flagged } from '../helpers.ts';
import { applyFixes } from '../../server/src/engine/index.ts';

const ids = (text: string) => lintText('---\ncase: unresolved\n---\n' + text).map((f) => f.ruleId);

test('disable-next-line silences the named rule on the next line only', () => {
  const found = ids('{{!-- candor-disable-next-line cheerful-sign-off -- signature is reviewed --}}\nHave a great day!\nEnjoy your weekend!');
  assert.equal(found.filter((id) => id === 'cheerful-sign-off').length, 1);
  assert.ok(!found.includes('unused-disable'));
});

test('disable … enable ranges and disable-file', () => {
  const ranged = ids('{{!-- candor-disable cheerful-sign-off --}}\nHave a great day!\n{{!-- candor-enable cheerful-sign-off --}}\nEnjoy your weekend!');
  assert.equal(ranged.filter((id) => id === 'cheerful-sign-off').length, 1);
  const file = ids('{{!-- candor-disable-file --}}\nHave a great day! Oops!');
  assert.deepEqual(file.filter((id) => id !== 'missing-next-update'), []);
});

test('a directive that suppresses nothing is reported and its fix removes the line', () => {
  const text = 'Hello.\n{{!-- candor-disable-next-line shifts-blame --}}\nYour parcel ships today.\n';
  const found = lintText(text).filter((f) => f.ruleId === 'unused-disable');
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]!.tags, ['unnecessary']);
  assert.equal(applyFixes(text, found).text, 'Hello.\nYour parcel ships today.\n');
});

test('a directive naming an unknown rule is reported', () => {
  const text = '{{!-- candor-disable-next-line no-such-rule --}}\nHello';
  const [finding] = lintText(text).filter((f) => f.ruleId === 'unused-disable');
  assert.match(finding!.message, /`no-such-rule` is not a rule/);
  assert.equal(flagged(text, finding!), '{{!-- candor-disable-next-line no-such-rule --}}');
});

test('applyFixes drops overlapping fixes', () => {
  const result = applyFixes('abcdef', [
    { fix: { description: 'a', edits: [{ range: [0, 3], text: 'X' }] } },
    { fix: { description: 'b', edits: [{ range: [2, 4], text: 'Y' }] } },
    { fix: { description: 'c', edits: [{ range: [4, 6], text: 'Z' }] } },
  ]);
  assert.deepEqual(result, { text: 'XdZ', applied: 2 });
});
