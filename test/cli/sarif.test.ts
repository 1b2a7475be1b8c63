// `--format sarif`: valid per Microsoft's SARIF validator, root-relative URIs, related locations, fingerprints, fixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { findingWith, repoRoot, runCli, tempTree } from '../helpers.ts';
import { formatSarif } from '../../server/src/cli/format/sarif.ts';
import { builtinRules } from '../../server/src/rules/registry.ts';
import { DELAY, fixtureRepo } from './fixtureRepo.ts';
import type { Finding } from '../../server/src/engine/types.ts';
import type { FileResult } from '../../server/src/cli/results.ts';

const validator = join(repoRoot, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');

function sarifOf(cwd: string, args: string[] = ['..']): Sarif.Log {
  const run = runCli(['check', '--format', 'sarif', ...args], { cwd });
  assert.equal(run.stderr, '');
  return JSON.parse(run.stdout) as Sarif.Log;
}

test('SARIF passes the SARIF validator with zero errors', (t) => {
  const root = fixtureRepo();
  const file = join(root, 'report.sarif');
  const run = runCli(['check', '--format', 'sarif', '--output-file', file, '..'], { cwd: join(root, 'refunds') });
  assert.equal(run.code, 0, run.stderr);
  if (!existsSync(validator)) return t.skip(`SARIF validator not installed at ${validator}`);
  const out = join(root, 'validation.sarif');
  const validation = spawnSync(validator, ['validate', file, '--output', out, '--level', 'Error;Warning'], {
    encoding: 'utf8',
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
  });
  if (validation.error || !existsSync(out)) return t.skip(`SARIF validator could not run here: ${validation.error?.message ?? validation.stderr}`);
  assert.equal(validation.status, 0, validation.stdout + validation.stderr);
  assert.deepEqual(validationErrors(out), []);

  // The validator exits 0 even on invalid logs, so make sure reading its output would catch a broken one.
  const broken = join(root, 'broken.sarif');
  writeFileSync(broken, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }));
  const brokenOut = join(root, 'broken-validation.sarif');
  spawnSync(validator, ['validate', broken, '--output', brokenOut], { env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } });
  assert.notDeepEqual(validationErrors(brokenOut), []);
});

test('a file that could not be read becomes a tool notification, and the log stays valid', (t) => {
  const root = tempTree({});
  const log = formatSarif([{ filePath: join(root, 'gone.hbs'), text: '', findings: [], fatal: 'Cannot read this file (ENOENT).' }], { root, rules: builtinRules, version: '0.1.0' });
  const parsed = JSON.parse(log) as Sarif.Log;
  assert.equal(parsed.runs[0]!.invocations![0]!.executionSuccessful, false);
  assert.equal(parsed.runs[0]!.invocations![0]!.toolExecutionNotifications![0]!.message.text, 'Cannot read this file (ENOENT).');
  const file = join(root, 'fatal.sarif');
  writeFileSync(file, log);
  const out = join(root, 'fatal-validation.sarif');
  const validation = spawnSync(validator, ['validate', file, '--output', out], { env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } });
  if (validation.error || !existsSync(out)) return t.skip('SARIF validator could not run here');
  assert.deepEqual(validationErrors(out), []);
});

function validationErrors(validationLog: string): string[] {
  const log = JSON.parse(readFileSync(validationLog, 'utf8')) as Sarif.Log;
  return (log.runs[0]!.results ?? []).filter((r) => r.level === 'error').map((r) => `${r.ruleId}: ${JSON.stringify(r.message)}`);
}

test('SARIF describes the tool and rules, with URIs relative to the git root', () => {
  const root = fixtureRepo();
  const log = sarifOf(join(root, 'refunds'));
  const run = log.runs[0]!;
  const driver = run.tool.driver;
  assert.equal(log.version, '2.1.0');
  assert.equal(driver.name, 'Candor');
  assert.match(driver.version!, /^\d+\.\d+\.\d+/);
  assert.ok(driver.informationUri);
  const greeting = driver.rules!.find((r) => r.id === 'generic-greeting')!;
  assert.ok(greeting.shortDescription?.text && greeting.fullDescription?.text && greeting.help?.text && greeting.help.markdown);
  assert.match(greeting.helpUri!, /docs\/rules\/generic-greeting\.md$/);
  assert.equal(greeting.defaultConfiguration?.level, 'warning');
  assert.ok(driver.rules!.some((r) => r.id === 'acme/no-kindly'), 'user phrase rules are described too');
  assert.equal(run.originalUriBaseIds!['%SRCROOT%']!.uri, `file://${root}/`);

  const results = run.results!;
  for (const result of results) {
    assert.equal(driver.rules![result.ruleIndex!]!.id, result.ruleId);
    const location = result.locations![0]!.physicalLocation!;
    assert.equal(location.artifactLocation!.uriBaseId, '%SRCROOT%');
    assert.ok(!location.artifactLocation!.uri!.startsWith('/'));
  }
  const greetingResult = results.find((r) => r.ruleId === 'generic-greeting')!;
  assert.equal(greetingResult.locations![0]!.physicalLocation!.artifactLocation!.uri, 'outages/delay.hbs');
  assert.deepEqual(
    { ...greetingResult.locations![0]!.physicalLocation!.region, snippet: undefined },
    { startLine: 1, startColumn: 1, endLine: 1, endColumn: 14, charOffset: 0, charLength: 13, snippet: undefined },
  );
  const replacement = greetingResult.fixes![0]!.artifactChanges[0]!.replacements[0]!;
  assert.equal(replacement.deletedRegion.charOffset, 0);
  assert.equal(replacement.deletedRegion.charLength, 13);
  assert.equal(replacement.insertedContent!.text, 'Hi {{customer.firstName}}');

  const signOff = results.find((r) => r.ruleId === 'cheerful-sign-off')!;
  assert.equal(signOff.relatedLocations![0]!.physicalLocation!.artifactLocation!.uri, 'partials/signature.hbs');
  assert.equal(signOff.relatedLocations![0]!.physicalLocation!.region!.startLine, 3);
  const conflicts = results.filter((r) => r.ruleId === 'conflicting-commitments');
  assert.equal(conflicts.length, 2);
  assert.deepEqual(conflicts.map((c) => c.relatedLocations![0]!.physicalLocation!.artifactLocation!.uri).sort(), ['outages/delay.hbs', 'refunds/standard.hbs']);
});

test('fingerprints survive lines inserted above a finding', () => {
  const root = fixtureRepo();
  const fingerprints = (log: Sarif.Log) =>
    log.runs[0]!.results!.filter((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri === 'outages/delay.hbs' && r.ruleId !== 'conflicting-commitments').map((r) => ({
      rule: r.ruleId,
      line: r.locations![0]!.physicalLocation!.region!.startLine!,
      print: r.partialFingerprints!['candorFingerprint/v1'],
    }));
  const before = fingerprints(sarifOf(root, []));
  writeFileSync(join(root, 'outages', 'delay.hbs'), `{{!-- reviewed --}}\n\n${DELAY}`);
  const after = fingerprints(sarifOf(root, []));
  assert.ok(before.length >= 3);
  assert.deepEqual(after.map((f) => f.print), before.map((f) => f.print));
  assert.deepEqual(after.map((f) => f.line), before.map((f) => f.line + 2));
  assert.equal(new Set(before.map((f) => f.print)).size, before.length, 'fingerprints are distinct');
});

test('the same phrase twice in one file gets two fingerprints', () => {
  const root = fixtureRepo({ 'outages/twice.hbs': 'Kindly wait.\n\nKindly wait. I will email you by {{update_date}}.\n' });
  const prints = sarifOf(root, ['outages/twice.hbs']).runs[0]!.results!.filter((r) => r.ruleId === 'acme/no-kindly').map((r) => r.partialFingerprints!['candorFingerprint/v1']);
  assert.equal(prints.length, 2);
  assert.notEqual(prints[0], prints[1]);
});

test('the SARIF text is the log as JSON.stringify(…, null, 2) writes it, for every shape a result takes', () => {
  const root = tempTree({});
  const inside = join(root, 'replies', 'a “quoted” name.hbs');
  const outside = '/elsewhere/outside.hbs';
  const text = 'Hi there,\nWe will fix it “soon”.\nHave a great day!\n';
  const finding = (extra: Partial<Finding>): Finding => findingWith({ message: '“soon” gives no time', range: [25, 31], excerpt: '“soon”', caseState: 'unresolved', ...extra });
  const results: FileResult[] = [
    {
      filePath: inside,
      text,
      findings: [
        finding({}),
        finding({ ruleId: 'team/unknown-rule', severity: 'error', message: 'A rule the log does not list.' }),
        finding({ ruleId: 'generic-greeting', range: [0, 8], excerpt: 'Hi there', fix: { description: 'Replace it', edits: [{ range: [0, 8], text: 'Hi {{customer.firstName}}' }] } }),
        finding({
          ruleId: 'cheerful-sign-off',
          severity: 'information',
          range: [33, 50],
          related: [{ path: outside, range: [1, 4], start: { line: 1, column: 2 }, end: { line: 1, column: 5 }, message: 'Also written here' }],
        }),
      ],
    },
    { filePath: outside, text, findings: [finding({ range: [0, text.length] })] },
    { filePath: join(root, 'gone.hbs'), text: '', findings: [], fatal: 'Cannot read this file (ENOENT).' },
    { filePath: join(root, 'clean.hbs'), text: 'Fine.\n', findings: [] },
  ];
  const log = formatSarif(results, { root, rules: builtinRules, version: '0.1.0' });
  assert.equal(log, JSON.stringify(JSON.parse(log), null, 2));
  const parsed = (JSON.parse(log) as Sarif.Log).runs[0]!.results!;
  assert.equal(parsed.length, 5);
  assert.equal(parsed[1]!.ruleIndex, undefined, 'no index for a rule the log does not describe');
  assert.equal(typeof parsed[0]!.ruleIndex, 'number');
  assert.deepEqual(parsed[0]!.locations![0]!.physicalLocation!.artifactLocation, { uri: 'replies/a%20%E2%80%9Cquoted%E2%80%9D%20name.hbs', uriBaseId: '%SRCROOT%' });
  assert.deepEqual(parsed[4]!.locations![0]!.physicalLocation!.artifactLocation, { uri: 'file:///elsewhere/outside.hbs' });
  assert.equal(parsed[0]!.locations![0]!.physicalLocation!.region!.snippet!.text, '“soon”');
  assert.equal(parsed[2]!.fixes![0]!.artifactChanges[0]!.replacements[0]!.insertedContent!.text, 'Hi {{customer.firstName}}');
  assert.equal(parsed[3]!.level, 'note');
  assert.equal(parsed[3]!.relatedLocations![0]!.physicalLocation!.artifactLocation!.uri, 'file:///elsewhere/outside.hbs');
});
