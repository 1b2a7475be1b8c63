// `--changed-since`: findings only on lines a real git history says changed, renames followed, message paths honoured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempTree } from '../helpers.ts';
import { checkJson, findingKeys, git, gitRepo, write } from './gitRepo.ts';

const OUTAGE = '---\ncase: unresolved\n---\nHi {{name}},\n\nOops! The login page is down.\nWe will update you by 3pm today.\n\nThanks\n';
const REFUND = '---\ncase: resolved\n---\nHi {{name}},\n\nYour refund of {{amount}} is on its way.\n';

test('reports exactly the findings on lines changed since the ref, and new untracked files in full', () => {
  const root = gitRepo({ 'outages/login.hbs': OUTAGE, 'refunds/done.hbs': REFUND });
  git(root, 'checkout', '-q', '-b', 'feature');
  // Line 8 is new, with a vague timeline; line 6 keeps its old “Oops!”, which is not this branch's doing.
  write(root, 'outages/login.hbs', OUTAGE.replace('We will update you by 3pm today.', 'We will update you by 3pm today.\nThe fix will be live ASAP.'));
  write(root, 'outages/new.hbs', '---\ncase: unresolved\n---\nDear Customer,\nOops! We are looking into it.\n');
  git(root, 'add', 'outages/login.hbs');
  git(root, 'commit', '-q', '-m', 'edit');

  const all = findingKeys(root, checkJson(root, []).files);
  assert.ok(all.includes('outages/login.hbs:6 flippant-tone'), all.join('\n'));

  const changed = findingKeys(root, checkJson(root, ['--changed-since', 'main']).files);
  const expected = all.filter((k) => k.startsWith('outages/new.hbs:') || k.startsWith('outages/login.hbs:8 '));
  assert.deepEqual(changed, expected);
  assert.ok(changed.includes('outages/login.hbs:8 vague-timeline'));
  assert.ok(changed.some((k) => k.startsWith('outages/new.hbs:4 generic-greeting')));

  // Without a ref: the merge base with the default branch, here main.
  assert.deepEqual(findingKeys(root, checkJson(root, ['--changed-since']).files), expected);
  assert.deepEqual(findingKeys(root, checkJson(root, ['--changed-since=', '.']).files), expected);
});

test('a renamed and edited file reports only its edited lines', () => {
  const root = gitRepo({ 'outages/login.hbs': OUTAGE });
  git(root, 'checkout', '-q', '-b', 'feature');
  git(root, 'mv', 'outages/login.hbs', 'outages/sign-in.hbs');
  write(root, 'outages/sign-in.hbs', OUTAGE.replace('Hi {{name}},', 'Dear Customer,'));
  git(root, 'commit', '-q', '-am', 'rename and edit');
  const changed = findingKeys(root, checkJson(root, ['--changed-since', 'main']).files);
  assert.deepEqual(changed, ['outages/sign-in.hbs:4 generic-greeting']);

  // A rename with no edit changes no line.
  git(root, 'mv', 'outages/sign-in.hbs', 'outages/signin.hbs');
  git(root, 'commit', '-q', '-m', 'rename only');
  assert.deepEqual(findingKeys(root, checkJson(root, ['--changed-since', 'HEAD~1']).files), []);

  // A plain `mv` git has not seen yet: the file is untracked, so all of it counts as new.
  renameSync(join(root, 'outages/signin.hbs'), join(root, 'outages/moved.hbs'));
  const moved = findingKeys(root, checkJson(root, ['--changed-since', 'HEAD']).files);
  assert.ok(moved.length >= 2 && moved.every((k) => k.startsWith('outages/moved.hbs:')), moved.join('\n'));
});

test('a message-path finding counts as changed when any line of prose on its path changed', () => {
  const template = '{{#if case.resolved}}\nAll fixed, thanks for waiting.\n{{else}}\nWe are aware of the problem.\nOur engineers are on it.\n{{/if}}\n';
  const root = gitRepo({ 'status.hbs': template });
  const before = findingKeys(root, checkJson(root, []).files);
  const anchor = before.find((k) => k.endsWith(' missing-next-update'));
  assert.ok(anchor, before.join('\n'));
  git(root, 'checkout', '-q', '-b', 'feature');

  // Another line of the same (unresolved) message: the finding's own line is untouched, yet it counts.
  write(root, 'status.hbs', template.replace('We are aware of the problem.', 'We know about the problem.'));
  const samePath = findingKeys(root, checkJson(root, ['--changed-since', 'main']).files);
  assert.ok(samePath.some((k) => k.endsWith(' missing-next-update')), samePath.join('\n'));

  // A line of the resolved branch only: a different message, so the finding is not this change's.
  write(root, 'status.hbs', template.replace('All fixed, thanks', 'All fixed now, thanks'));
  assert.deepEqual(findingKeys(root, checkJson(root, ['--changed-since', 'main']).files), []);

  // Deleting the line that gave the next step makes the finding this change's too.
  const withUpdate = template.replace('Our engineers are on it.', 'Our engineers are on it.\nI will update you by 3pm today.');
  write(root, 'status.hbs', withUpdate);
  git(root, 'commit', '-q', '-am', 'add next update');
  assert.equal(findingKeys(root, checkJson(root, []).files).filter((k) => k.endsWith(' missing-next-update')).length, 0);
  write(root, 'status.hbs', template);
  const removed = findingKeys(root, checkJson(root, ['--changed-since', 'HEAD']).files);
  assert.ok(removed.some((k) => k.endsWith(' missing-next-update')), removed.join('\n'));
});

test('a finding inside a partial counts as changed at its call site when the partial line changed', () => {
  const root = gitRepo({
    '.candorrc.json': JSON.stringify({ partials: ['partials/**/*.hbs'] }),
    'partials/signature.hbs': 'Thanks,\nThe Support Team\n',
    'outages/down.hbs': '---\ncase: unresolved\n---\nHi {{name}},\nThe site is down. I will update you by 3pm today.\n{{> signature}}\n',
  });
  git(root, 'checkout', '-q', '-b', 'feature');
  write(root, 'partials/signature.hbs', 'Thanks,\nThe Support Team\nHave a great day!\n');
  const changed = findingKeys(root, checkJson(root, ['--changed-since', 'main']).files);
  assert.deepEqual(changed, ['outages/down.hbs:6 cheerful-sign-off']);
});

test('--changed-since outside a git repository, or with an unknown ref, is a usage error', () => {
  const plain = tempTree({ 'a.hbs': 'Dear Customer,\n' });
  const outside = runCli(['check', '--changed-since', 'main'], { cwd: plain, env: { GIT_CEILING_DIRECTORIES: plain } });
  assert.equal(outside.code, 2);
  assert.match(outside.stderr, /needs a git repository/);
  const root = gitRepo({ 'a.hbs': 'Dear Customer,\n' });
  const unknown = runCli(['check', '--changed-since', 'no-such-branch'], { cwd: root });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /`no-such-branch` is not a commit/);
});

test('the diff reader handles new, deleted, quoted and renamed paths', async () => {
  const { parseUnifiedDiff } = await import('../../server/src/cli/changed.ts');
  const diff = [
    'diff --git a/old name.hbs b/new name.hbs',
    'similarity index 90%',
    'rename from old name.hbs',
    'rename to new name.hbs',
    '--- a/old name.hbs',
    '+++ b/new name.hbs',
    '@@ -3 +3,2 @@',
    '-x',
    '+y',
    '+z',
    '@@ -9,2 +10,0 @@',
    'diff --git "a/t\\303\\251\\"st.hbs" "b/t\\303\\251\\"st.hbs"',
    '--- "a/t\\303\\251\\"st.hbs"',
    '+++ "b/t\\303\\251\\"st.hbs"',
    '@@ -1 +1 @@',
    'diff --git a/gone.hbs b/gone.hbs',
    'deleted file mode 100644',
    '--- a/gone.hbs',
    '+++ /dev/null',
    '@@ -1,2 +0,0 @@',
    '',
  ].join('\n');
  const files = parseUnifiedDiff(diff);
  assert.deepEqual([...files.keys()], ['new name.hbs', 'té"st.hbs']);
  const renamed = files.get('new name.hbs')!;
  assert.deepEqual([...renamed.lines], [3, 4]);
  assert.deepEqual([...renamed.deletedAfter], [10]);
  assert.equal(renamed.renamedFrom, 'old name.hbs');
  assert.deepEqual([...files.get('té"st.hbs')!.lines], [1]);
});
