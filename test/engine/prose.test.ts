// Prose segments: exact source maps, placeholders inside phrases, HTML, entities, CRLF, BOM and astral text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText, flagged } from '../helpers.ts';
import { LineIndex } from '../../server/src/engine/text.ts';

const only = (text: string, ruleId: string) => lintText(text).filter((f) => f.ruleId === ruleId);

test('placeholders inside a phrase are transparent and the range spans them', () => {
  const text = 'Thank you for being a valued {{brand}} customer.';
  const found = only(text, 'impersonal-boilerplate');
  assert.equal(found.length, 1);
  assert.equal(flagged(text, found[0]!), 'Thank you for being a valued {{brand}} customer');
  // The finding quotes the placeholder as "…", in its excerpt and its message.
  assert.equal(found[0]!.excerpt, 'Thank you for being a valued … customer');
  assert.ok(found[0]!.message.includes('“Thank you for being a valued … customer”'), found[0]!.message);
});

test('phrases match across line breaks, curly quotes and HTML tags', () => {
  const text = '<p>Please <b>don’t\n  worry</b> about it.</p>';
  const found = only(text, 'false-reassurance');
  assert.equal(found.length, 1);
  assert.equal(flagged(text, found[0]!), 'Please <b>don’t\n  worry');
});

test('HTML entities decode and map back to the entity', () => {
  const text = 'We&rsquo;ll get back to you.';
  const found = only(text, 'vague-timeline');
  assert.ok(found.some((f) => flagged(text, f) === 'We&rsquo;ll get back to you'));
});

test('ranges stay exact with CRLF, a BOM, front matter and astral characters', () => {
  const text = '\uFEFF---\r\ncase: unresolved\r\n---\r\n🎉🎉 Hello,\r\nHave a great day!\r\n';
  const found = only(text, 'cheerful-sign-off');
  assert.equal(found.length, 1);
  assert.equal(flagged(text, found[0]!), 'Have a great day');
  const lines = new LineIndex(text);
  assert.deepEqual(lines.position(found[0]!.range[0]), { line: 5, column: 1 });
});

test('front matter is never read as prose', () => {
  const text = '---\ncase: unresolved\ntitle: Dear Customer\n---\nHi {{customer.firstName}}, your parcel ships today.';
  assert.equal(only(text, 'generic-greeting').length, 0);
});

test('script and style contents are skipped', () => {
  const text = '<style>.soon { color: red }</style><script>var soon = 1;</script><p>Your refund is on its way.</p>';
  assert.equal(only(text, 'vague-timeline').length, 0);
});

test('escaped mustaches read as literal text', () => {
  const text = 'Type \\{{name}} to see it. Have a great day!';
  assert.equal(only('---\ncase: unresolved\n---\n' + text, 'cheerful-sign-off').length, 1);
});
