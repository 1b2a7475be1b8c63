// `--format github-review`: a review payload with comments on changed lines only and one-click suggestions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers.ts';
import { git, gitRepo, write } from './gitRepo.ts';
import type { ReviewPayload } from '../../server/src/cli/format/githubReview.ts';

const BASE = '---\ncase: unresolved\n---\nHi {{name}},\n\nOops! The login page is down.\nI will update you by 3pm today.\n';

test('comments only on changed lines, with a suggestion block holding the fixed line', () => {
  const root = gitRepo({ 'outages/login.hbs': BASE });
  git(root, 'checkout', '-q', '-b', 'feature');
  write(root, 'outages/login.hbs', BASE.replace('Hi {{name}},', 'Dear Customer,').replace('3pm today.', '3pm today.\nWe will fix it ASAP.'));
  git(root, 'commit', '-q', '-am', 'edit');
  const run = runCli(['check', '-f', 'github-review', '--changed-since', 'main'], { cwd: root });
  assert.equal(run.code, 0, run.stderr);
  const payload = JSON.parse(run.stdout) as ReviewPayload;
  assert.equal(payload.event, 'COMMENT');
  assert.match(payload.body, /^Candor found 2 findings on the lines this pull request changes/);
  assert.deepEqual(payload.comments.map((c) => [c.path, c.line, c.side]), [['outages/login.hbs', 4, 'RIGHT'], ['outages/login.hbs', 8, 'RIGHT']]);
  const greeting = payload.comments[0]!;
  assert.match(greeting.body, /\[`generic-greeting`\]\(https:\/\/github\.com\/candor-lint\/candor\/blob\/main\/docs\/rules\/generic-greeting\.md\)/);
  assert.ok(greeting.body.endsWith('\n```suggestion\nHi {{customer.firstName}},\n```'), greeting.body);
  assert.equal(greeting.start_line, undefined);
  assert.doesNotMatch(payload.comments[1]!.body, /```suggestion/, 'no safe fix, no suggestion');
  // “Oops!” on line 6 was there before the branch: not commented on.
  assert.ok(!payload.comments.some((c) => c.body.includes('flippant-tone')));
});

test('without --changed-since the payload covers the changes since the default branch', () => {
  const root = gitRepo({ 'a.hbs': BASE });
  git(root, 'checkout', '-q', '-b', 'feature');
  write(root, 'a.hbs', BASE + '{{!-- candor-disable-next-line idiom --}}\nThanks.\n');
  const payload = JSON.parse(runCli(['check', '-f', 'github-review'], { cwd: root }).stdout) as ReviewPayload;
  const unused = payload.comments.find((c) => c.body.includes('unused-disable'))!;
  assert.equal(unused.line, 8);
  // The fix removes the whole comment line: the suggestion replaces the line with nothing.
  assert.ok(unused.body.endsWith('```suggestion\n\n```'), unused.body);
});

test('suggestions cover whole lines: a fix that joins two lines replaces both', async () => {
  const { suggestedLines } = await import('../../server/src/cli/format/githubReview.ts');
  const { LineIndex } = await import('../../server/src/engine/text.ts');
  const text = 'Hi there,\nDear\nCustomer, thanks.\nBye\n';
  const at = text.indexOf('Dear');
  const finding = { range: [at, at + 'Dear\nCustomer'.length] as [number, number], fix: { description: 'x', edits: [{ range: [at, at + 'Dear\nCustomer'.length] as [number, number], text: 'Hi Sam' }] } };
  assert.deepEqual(suggestedLines(text, new LineIndex(text), finding as never), { first: 2, last: 3, text: 'Hi Sam, thanks.' });
  const crlf = 'A\r\nDear Customer,\r\nB\r\n';
  const c = crlf.indexOf('Dear Customer');
  const crlfFinding = { range: [c, c + 13] as [number, number], fix: { description: 'x', edits: [{ range: [c, c + 13] as [number, number], text: 'Hi Sam' }] } };
  assert.deepEqual(suggestedLines(crlf, new LineIndex(crlf), crlfFinding as never), { first: 2, last: 2, text: 'Hi Sam,' });
});
