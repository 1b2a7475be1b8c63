// Exit codes: 0 clean or warnings within --max-warnings, 1 problems, 2 usage or config errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempTree } from '../helpers.ts';

const CLEAN = '---\ncase: resolved\n---\nHi {{customer.firstName}},\n\nYour refund of {{amount}} was paid today.\n';
const WARNING = '---\ncase: resolved\n---\nDear Customer,\n\nYour refund of {{amount}} was paid today.\n';
const ERROR = '---\ncase: resolved\n---\nHi {{customer.firstName}},\n\nYou failed to attach the receipt, so the refund was paid late.\n';
const config = JSON.stringify({ partials: ['partials/**/*.hbs'] });

test('a clean repository exits 0 and prints nothing', () => {
  const run = runCli(['check'], { cwd: tempTree({ '.candorrc.json': config, 'a.hbs': CLEAN }) });
  assert.deepEqual([run.code, run.stdout, run.stderr], [0, '', '']);
});

test('warnings alone exit 0, more than --max-warnings exit 1', () => {
  const cwd = tempTree({ '.candorrc.json': config, 'a.hbs': WARNING, 'b.hbs': WARNING });
  assert.equal(runCli(['check'], { cwd }).code, 0);
  assert.equal(runCli(['check', '--max-warnings', '2'], { cwd }).code, 0);
  const over = runCli(['check', '--max-warnings', '1'], { cwd });
  assert.equal(over.code, 1);
  assert.match(over.stderr, /too many warnings \(2\)/);
  assert.equal(runCli(['check', '--max-warnings', 'lots'], { cwd }).code, 2);
});

test('an error exits 1; --quiet hides warnings but keeps errors', () => {
  const cwd = tempTree({ '.candorrc.json': config, 'error.hbs': ERROR, 'warning.hbs': WARNING });
  const run = runCli(['check', '--format', 'compact'], { cwd });
  assert.equal(run.code, 1);
  assert.match(run.stdout, /\[blames-customer\]/);
  assert.match(run.stdout, /\[generic-greeting\]/);
  const quiet = runCli(['check', '--format', 'compact', '--quiet'], { cwd });
  assert.equal(quiet.code, 1);
  assert.match(quiet.stdout, /\[blames-customer\]/);
  assert.doesNotMatch(quiet.stdout, /warning/);
  assert.equal(runCli(['check', '--quiet'], { cwd: tempTree({ 'w.hbs': WARNING }) }).stdout, '');
});

test('a broken config exits 2 naming the file and the key', () => {
  const cwd = tempTree({ '.candorrc.json': '{ "rules": { "generic-greting": "off" } }', 'a.hbs': CLEAN });
  const run = runCli(['check'], { cwd });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /\.candorrc\.json:1:\d+/);
  assert.match(run.stderr, /rules\.generic-greting/);
  assert.equal(run.stdout, '');
});

test('an unknown format or flag exits 2 with usage help', () => {
  const cwd = tempTree({ 'a.hbs': CLEAN });
  const format = runCli(['check', '--format', 'xml'], { cwd });
  assert.equal(format.code, 2);
  assert.match(format.stderr, /unknown format `xml`\. Formats: stylish, json, sarif, github, junit, compact/);
  assert.equal(runCli(['check', '--no-such-flag'], { cwd }).code, 2);
  assert.equal(runCli(['check', '--fix', '--fix-dry-run'], { cwd }).code, 2);
});
