// `--shard i/n`: the shards partition the files and the findings exactly; `candor merge-sarif` joins their logs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { repoRoot, runCli, tempTree } from '../helpers.ts';
import { shardOf } from '../../server/src/cli/shard.ts';

function repo(): string {
  const files: Record<string, string> = { '.git/HEAD': 'ref: refs/heads/main\n' };
  for (let i = 0; i < 14; i++) files[`templates/t${i}.hbs`] = `---\ncase: unresolved\n---\nOops! Problem ${i}. I will update you by 3pm today.\nYour refund arrives within ${i % 2 ? 3 : 5} business days.\n`;
  return tempTree(files);
}

function findings(root: string, args: string[]): string[] {
  const run = runCli(['check', '-f', 'json', ...args], { cwd: root });
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  const report = JSON.parse(run.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; line: number; message: string }> }>;
  return report.flatMap((f) => f.messages.map((m) => `${f.filePath}:${m.line} ${m.ruleId} ${m.message}`));
}

test('three shards: every file in exactly one, the union of findings equals the unsharded run', () => {
  const root = repo();
  const all = findings(root, []).sort();
  assert.ok(all.some((f) => f.includes('conflicting-commitments')));
  const shards = [1, 2, 3].map((i) => findings(root, ['--shard', `${i}/3`]));
  const union = shards.flat().sort();
  assert.deepEqual(union, all, 'workspace-wide findings are the same as in one run');
  const filesOf = (list: string[]) => new Set(list.map((f) => f.split(':')[0]));
  const sets = shards.map(filesOf);
  for (let a = 0; a < 3; a++) for (let b = a + 1; b < 3; b++) for (const file of sets[a]!) assert.ok(!sets[b]!.has(file), `${file} in two shards`);
  assert.ok(sets.every((s) => s.size > 0), 'fourteen files spread over every shard');
  // Deterministic: the same split again, and a file's shard depends only on its path.
  assert.deepEqual(findings(root, ['--shard', '2/3']), shards[1]);
  assert.equal(shardOf('templates/t3.hbs', 3), shardOf('templates/t3.hbs', 3));
});

test('bad --shard values are usage errors', () => {
  const root = repo();
  for (const spec of ['0/3', '4/3', '1/0', 'x', '1-3']) assert.equal(runCli(['check', '--shard', spec], { cwd: root }).code, 2, spec);
});

test('merge-sarif joins the shards into one log with the same results and fingerprints as one run', (t) => {
  const root = repo();
  const one = JSON.parse(runCli(['check', '-f', 'sarif'], { cwd: root }).stdout) as Sarif.Log;
  for (const i of [1, 2, 3]) runCli(['check', '-f', 'sarif', '--shard', `${i}/3`, '-o', `shard-${i}.sarif`], { cwd: root });
  const merge = runCli(['merge-sarif', 'shard-1.sarif', 'shard-2.sarif', 'shard-3.sarif', '-o', 'all.sarif'], { cwd: root });
  assert.equal(merge.code, 0, merge.stderr);
  const merged = JSON.parse(readFileSync(join(root, 'all.sarif'), 'utf8')) as Sarif.Log;
  assert.equal(merged.runs.length, 1);
  const prints = (log: Sarif.Log) => log.runs[0]!.results!.map((r) => r.partialFingerprints!['candorFingerprint/v1']).sort();
  assert.deepEqual(prints(merged), prints(one));
  const rules = merged.runs[0]!.tool.driver.rules!;
  for (const result of merged.runs[0]!.results!) assert.equal(rules[result.ruleIndex!]!.id, result.ruleId);

  const validator = join(repoRoot, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');
  if (!existsSync(validator)) return t.skip('SARIF validator not installed');
  const out = join(root, 'validation.sarif');
  const validation = spawnSync(validator, ['validate', join(root, 'all.sarif'), '--output', out], { encoding: 'utf8', env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } });
  if (validation.error || !existsSync(out)) return t.skip('SARIF validator could not run here');
  const errors = (JSON.parse(readFileSync(out, 'utf8')) as Sarif.Log).runs[0]!.results!.filter((r) => r.level === 'error');
  assert.deepEqual(errors, []);
});
