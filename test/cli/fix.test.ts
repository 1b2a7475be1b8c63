// `--fix` and `--fix-dry-run`: the greeting fix, line endings and mode kept, idempotent, dry runs write nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempTree } from '../helpers.ts';

const CRLF = 'Dear Customer,\r\n\r\nYour refund of {{amount}} was paid today.\r\n{{> signature}}\r\n';
const files = {
  '.candorrc.json': JSON.stringify({ partials: ['partials/**/*.hbs'] }),
  'partials/signature.hbs': 'Thanks,\nThe Support Team\n',
  'refund.hbs': '---\ncase: resolved\n---\n' + CRLF,
};

test('--fix applies the greeting fix, keeps CRLF and the file mode, and a second run changes nothing', () => {
  const cwd = tempTree(files);
  const file = join(cwd, 'refund.hbs');
  chmodSync(file, 0o640);
  const run = runCli(['check', '--fix', '--format', 'compact'], { cwd });
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stdout, /generic-greeting/, 'the fixed finding is not reported');
  const fixed = readFileSync(file, 'utf8');
  assert.equal(fixed, '---\ncase: resolved\n---\n' + CRLF.replace('Dear Customer,', 'Hi {{customer.firstName}},'));
  assert.equal(statSync(file).mode & 0o777, 0o640);
  assert.deepEqual(readdirSync(cwd).sort(), ['.candorrc.json', 'partials', 'refund.hbs'], 'no temporary file is left behind');

  const again = runCli(['check', '--fix'], { cwd });
  assert.equal(again.code, 0);
  assert.equal(readFileSync(file, 'utf8'), fixed);
  assert.equal(runCli(['check', '--fix-dry-run'], { cwd }).stdout, '');
});

test('--fix keeps CRLF everywhere in a file that uses it throughout', () => {
  const cwd = tempTree({ 'a.hbs': CRLF.replace('{{> signature}}\r\n', 'Thanks.\r\n') });
  runCli(['check', '--fix', '--no-config-lookup'], { cwd });
  const text = readFileSync(join(cwd, 'a.hbs'), 'utf8');
  assert.ok(text.startsWith('Hi {{customer.firstName}},\r\n'));
  assert.equal(text.match(/\n/g)!.length, text.match(/\r\n/g)!.length);
});

test('--fix-dry-run prints a unified diff and writes nothing', () => {
  const cwd = tempTree(files);
  const file = join(cwd, 'refund.hbs');
  const before = statSync(file).mtimeMs;
  const run = runCli(['check', '--fix-dry-run', '--format', 'compact'], { cwd });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(readFileSync(file, 'utf8'), files['refund.hbs']);
  assert.equal(statSync(file).mtimeMs, before);
  assert.ok(run.stdout.startsWith('--- a/refund.hbs\n+++ b/refund.hbs\n@@ -1,7 +1,7 @@\n'), run.stdout);
  assert.match(run.stdout, /^-Dear Customer,$/m);
  assert.match(run.stdout, /^\+Hi \{\{customer\.firstName\}\},$/m);
  assert.match(run.stdout, /^ Your refund of \{\{amount\}\} was paid today\.$/m);
  assert.doesNotMatch(run.stdout, /\[generic-greeting\]/, 'the report shows what would remain');
});

test('--fix-dry-run works on standard input; --fix refuses it', () => {
  const cwd = tempTree({});
  const run = runCli(['check', '--stdin', '--fix-dry-run', '--no-config-lookup'], { cwd, input: 'Dear Customer,\nThanks.\n' });
  assert.match(run.stdout, /^--- a\/stdin\.hbs\n\+\+\+ b\/stdin\.hbs\n@@ -1,2 \+1,2 @@\n-Dear Customer,\n\+Hi \{\{customer\.firstName\}\},\n Thanks\.\n/);
  assert.equal(runCli(['check', '--stdin', '--fix'], { cwd, input: 'x' }).code, 2);
});

test('--fix leaves a file untouched when the fixed text would not parse as Handlebars', () => {
  const cwd = tempTree({
    '.candorrc.json': JSON.stringify({ rules: { 'generic-greeting': ['warning', { greeting: 'Hi {{#if customer}}' }] } }),
    'a.hbs': 'Dear Customer,\nThanks.\n',
  });
  const run = runCli(['check', '--fix'], { cwd });
  assert.match(run.stderr, /a\.hbs: the fixed text would no longer parse as Handlebars/);
  assert.equal(readFileSync(join(cwd, 'a.hbs'), 'utf8'), 'Dear Customer,\nThanks.\n');
});
