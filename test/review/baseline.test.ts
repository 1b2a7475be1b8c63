// `--baseline`: accepted findings stay hidden through unrelated edits, new ones fail, fixed ones drop out on update.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { runCli } from '../helpers.ts';
import { checkJson, findingKeys, gitRepo, write } from './gitRepo.ts';
import type { BaselineDocument } from '../../server/src/cli/baseline.ts';

const OLD = '---\ncase: unresolved\n---\nDear Customer,\n\nOops! Our system is down due to circumstances beyond our control.\nI will update you by 3pm today.\n';

function baselineOf(root: string): BaselineDocument {
  return JSON.parse(readFileSync(join(root, 'candor-baseline.json'), 'utf8')) as BaselineDocument;
}

test('a baseline hides old findings through edits above them, reports new ones, and drops fixed ones on update', () => {
  const root = gitRepo({ 'outages/down.hbs': OLD, 'refunds/late.hbs': '---\ncase: unresolved\n---\nHi {{name}},\nOops! Your refund is late. I will write by Friday noon.\n' });
  const before = findingKeys(root, checkJson(root, []).files);
  assert.ok(before.length >= 4, before.join('\n'));

  const created = runCli(['check', '--baseline', 'candor-baseline.json', '--update-baseline', '--max-warnings', '0'], { cwd: root });
  assert.equal(created.code, 0, created.stdout + created.stderr);
  assert.match(created.stderr, new RegExp(`updated: 0 kept, ${before.length} added, 0 dropped`));
  const doc = baselineOf(root);
  assert.deepEqual(Object.keys(doc.files), ['outages/down.hbs', 'refunds/late.hbs']);
  assert.doesNotMatch(JSON.stringify(doc), /"line"/, 'no line numbers in the baseline');

  // Unrelated lines added above the baselined findings: nothing comes back.
  write(root, 'outages/down.hbs', OLD.replace('Dear Customer,\n', 'Dear Customer,\n\nThis note is about your account.\nWe checked it twice.\n'));
  const edited = checkJson(root, ['--baseline', 'candor-baseline.json', '--max-warnings', '0']);
  assert.deepEqual(findingKeys(root, edited.files), []);
  assert.equal(edited.code, 0);

  // A new finding is reported, and fails the run.
  write(root, 'outages/down.hbs', OLD + 'Kindly note the fix will be live ASAP.\n');
  const added = checkJson(root, ['--baseline', 'candor-baseline.json', '--max-warnings', '0']);
  assert.deepEqual(findingKeys(root, added.files), ['outages/down.hbs:8 vague-timeline']);
  assert.equal(added.code, 1);

  // Fix one baselined finding (and drop the new one): --report-baseline counts it, --update-baseline drops it.
  write(root, 'outages/down.hbs', OLD.replace('Oops! ', ''));
  const report = runCli(['check', '--baseline', 'candor-baseline.json', '--report-baseline'], { cwd: root });
  assert.equal(report.code, 0, report.stderr);
  assert.match(report.stderr, new RegExp(`holds ${before.length} findings; ${before.length - 1} matched in this run, 1 no longer occur`));
  const update = runCli(['check', '--baseline', 'candor-baseline.json', '--update-baseline'], { cwd: root });
  assert.match(update.stderr, new RegExp(`updated: ${before.length - 1} kept, 0 added, 1 dropped`));
  const after = baselineOf(root);
  assert.ok(!Object.values(after.files['outages/down.hbs']!).some((e) => e.ruleId === 'flippant-tone'));
  assert.ok(Object.values(after.files['refunds/late.hbs']!).some((e) => e.ruleId === 'flippant-tone'));

  // Checking one folder does not forget the other folder's entries.
  runCli(['check', 'outages', '--baseline', 'candor-baseline.json', '--update-baseline'], { cwd: root });
  assert.deepEqual(baselineOf(root).files['refunds/late.hbs'], after.files['refunds/late.hbs']);
});

test('baseline keys are the SARIF fingerprints, taken before any filter', () => {
  const root = gitRepo({ 'outages/twice.hbs': '---\ncase: unresolved\n---\nOops! The app is down.\nOops! Payments are down too. I will update you by 3pm today.\n' });
  runCli(['check', '--baseline', 'b.json', '--update-baseline'], { cwd: root });
  const sarif = JSON.parse(runCli(['check', '-f', 'sarif'], { cwd: root }).stdout) as Sarif.Log;
  const prints = sarif.runs[0]!.results!.map((r) => r.partialFingerprints!['candorFingerprint/v1']).sort();
  const doc = JSON.parse(readFileSync(join(root, 'b.json'), 'utf8')) as BaselineDocument;
  assert.deepEqual(Object.keys(doc.files['outages/twice.hbs']!).sort(), prints);

  // Drop the first “Oops!” from the baseline: only it comes back, with its own fingerprint in SARIF.
  const first = sarif.runs[0]!.results!.find((r) => r.ruleId === 'flippant-tone' && r.locations![0]!.physicalLocation!.region!.startLine === 4)!;
  const firstPrint = first.partialFingerprints!['candorFingerprint/v1']!;
  delete doc.files['outages/twice.hbs']![firstPrint];
  write(root, 'b.json', JSON.stringify(doc));
  const filtered = JSON.parse(runCli(['check', '-f', 'sarif', '--baseline', 'b.json'], { cwd: root }).stdout) as Sarif.Log;
  assert.deepEqual(filtered.runs[0]!.results!.map((r) => r.partialFingerprints!['candorFingerprint/v1']), [firstPrint]);
});

test('a missing or broken baseline file is a usage error', () => {
  const root = gitRepo({ 'a.hbs': 'Dear Customer,\n' });
  const missing = runCli(['check', '--baseline', 'nope.json'], { cwd: root });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.json does not exist; create it with --update-baseline/);
  write(root, 'bad.json', '{"files": 3}');
  const broken = runCli(['check', '--baseline', 'bad.json'], { cwd: root });
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /is not a Candor baseline/);
  assert.equal(runCli(['check', '--update-baseline'], { cwd: root }).code, 2);
});
