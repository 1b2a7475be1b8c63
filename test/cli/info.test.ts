// `--stdin`, `--explain`, `--list-rules` and `--print-config`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinRules } from '../../server/src/rules/registry.ts';
import { runCli, tempTree } from '../helpers.ts';
import { fixtureRepo } from './fixtureRepo.ts';

test('--stdin lints standard input as the named file, with that file\'s config', () => {
  const cwd = tempTree({ 'quiet/.candorrc.json': JSON.stringify({ rules: { 'generic-greeting': 'off' } }) });
  const input = 'Dear Customer,\n\nYou failed to attach the receipt.\n';
  const loud = runCli(['check', '--stdin', '--stdin-filename', 'loud/reply.hbs', '--format', 'compact'], { cwd, input });
  assert.equal(loud.code, 1);
  assert.match(loud.stdout, /^loud\/reply\.hbs:1:1: warning .* \[generic-greeting\]$/m);
  assert.match(loud.stdout, /^loud\/reply\.hbs:3:1: error .* \[blames-customer\]$/m);
  const quiet = runCli(['check', '--stdin', '--stdin-filename', 'quiet/reply.hbs', '--format', 'compact'], { cwd, input });
  assert.doesNotMatch(quiet.stdout, /generic-greeting/);
  assert.match(quiet.stdout, /blames-customer/);
});

test('--explain shows the why, better wording, examples, suppression and docs', () => {
  const run = runCli(['--explain', 'generic-greeting']);
  assert.equal(run.code, 0);
  assert.match(run.stdout, /^generic-greeting: Generic greeting/);
  assert.match(run.stdout, /Why:\n {4}The first words/);
  assert.match(run.stdout, /Better wording:\n {2}- Hi \{\{customer\.firstName\}\},/);
  assert.match(run.stdout, /Flagged:\n {4}Dear Customer,/);
  assert.match(run.stdout, /Fine:\n/);
  assert.match(run.stdout, /\{\{!-- candor-disable-next-line generic-greeting -- reason --\}\}/);
  assert.match(run.stdout, /Docs: https:\/\/\S+\/docs\/rules\/generic-greeting\.md/);
});

test('--explain an unknown rule exits 2 and suggests the closest ids', () => {
  const run = runCli(['--explain', 'generic-greting']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /`generic-greting` is not a rule Candor knows\. Did you mean `generic-greeting`/);
});

test('--list-rules prints a table, or JSON with --format json, including the team\'s rules', () => {
  const cwd = fixtureRepo();
  const table = runCli(['--list-rules'], { cwd });
  assert.equal(table.code, 0);
  const lines = table.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^RULE\s+DEFAULT\s+FIRES IN\s+FIX\s+DESCRIPTION$/);
  assert.match(table.stdout, /^cheerful-sign-off\s+warning\s+unresolved\s+no\s+\S/m);
  assert.match(table.stdout, /^generic-greeting\s+warning\s+any case\s+yes\s+\S/m);
  const json = JSON.parse(runCli(['--list-rules', '--format', 'json'], { cwd }).stdout) as Array<{ id: string; defaultSeverity: string; case: string; fixable: boolean; description: string }>;
  assert.deepEqual(json.map((r) => r.id), [...builtinRules.map((r) => r.id), 'acme/no-kindly']);
  assert.deepEqual(json.find((r) => r.id === 'blames-customer'), { ...json.find((r) => r.id === 'blames-customer'), defaultSeverity: 'error', case: 'any', fixable: false });
});

test('--print-config shows the merged config for a file', () => {
  const cwd = fixtureRepo();
  const run = runCli(['--print-config', 'outages/delay.hbs', '--rule', 'idiom:off'], { cwd });
  assert.equal(run.code, 0, run.stderr);
  const config = JSON.parse(run.stdout);
  assert.equal(config.case, 'unresolved');
  assert.equal(config.rules.idiom.severity, 'off');
  assert.equal(config.rules['acme/no-kindly'].severity, 'warning');
  assert.match(config.partials.signature, /partials\/signature\.hbs$/);
  assert.match(config.configFiles[0], /\.candorrc\.json$/);
});
