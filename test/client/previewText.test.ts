// The message preview shows HTML messages as readable text; highlights move with the words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { looksLikeHtml, shownText } from '../../client/src/previewText.ts';

test('plain text is shown as it is', () => {
  const shown = shownText('Hi Ada,\n\nWe will write by <Friday> & soon.');
  assert.equal(shown.text, 'Hi Ada,\n\nWe will write by <Friday> & soon.');
  assert.equal(shown.map[5], 5);
});

test('HTML is shown as readable text: tags dropped, blocks on their own lines, entities decoded, scripts gone', () => {
  const raw = '<!DOCTYPE html><html><head><title>x</title><style>p{}</style></head><body><p>Hi Ada,</p>\n  <p>We&rsquo;ll fix it <b>soon</b>.<br>Thanks</p><script>alert(1)</script><ul><li>One</li><li>Two</li></ul><!-- note --></body></html>';
  assert.ok(looksLikeHtml(raw));
  const shown = shownText(raw);
  assert.equal(shown.text, 'Hi Ada,\n\nWe’ll fix it soon.\nThanks\n\n• One\n• Two');
  const start = raw.indexOf('soon');
  assert.equal(shown.text.slice(shown.map[start], shown.map[start + 4]), 'soon', 'a highlight on “soon” still covers “soon”');
  const blame = raw.indexOf('We&rsquo;ll');
  assert.equal(shown.text.slice(shown.map[blame], shown.map[raw.indexOf(' fix')]), 'We’ll');
  assert.equal(shown.map[raw.length], shown.text.length);
});
