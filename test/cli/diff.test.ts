// The unified diff `--fix-dry-run` prints: hunks, context, merged hunks and a missing final newline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unifiedDiff } from '../../server/src/cli/diff.ts';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

test('equal texts give no diff', () => {
  assert.equal(unifiedDiff('a\nb\n', 'a\nb\n', 'a/x', 'b/x'), '');
});

test('changes far apart make separate hunks with three lines of context', () => {
  const before = lines(20);
  const after = before.replace('line 2\n', 'line two\n').replace('line 18\n', 'line eighteen\n');
  assert.equal(
    unifiedDiff(before, after, 'a/x', 'b/x'),
    ['--- a/x', '+++ b/x', '@@ -1,5 +1,5 @@', ' line 1', '-line 2', '+line two', ' line 3', ' line 4', ' line 5',
      '@@ -15,6 +15,6 @@', ' line 15', ' line 16', ' line 17', '-line 18', '+line eighteen', ' line 19', ' line 20', ''].join('\n'),
  );
});

test('insertions and deletions count lines on each side', () => {
  const diff = unifiedDiff('a\nb\nc\n', 'a\nc\nd\ne\n', 'a/x', 'b/x');
  assert.equal(diff, ['--- a/x', '+++ b/x', '@@ -1,3 +1,4 @@', ' a', '-b', ' c', '+d', '+e', ''].join('\n'));
});

test('a missing final newline is marked', () => {
  assert.equal(unifiedDiff('Dear Customer,', 'Hi there,', 'a/x', 'b/x'), ['--- a/x', '+++ b/x', '@@ -1,1 +1,1 @@', '-Dear Customer,', '\\ No newline at end of file', '+Hi there,', '\\ No newline at end of file', ''].join('\n'));
});
