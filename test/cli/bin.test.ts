// bin/candor.js (the installed `candor` command) loads the bundle with V8's code cache when it has a valid one;
// with a valid, stale, corrupt or missing cache, and when it writes one, the output is that of dist/cli.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, repoRoot } from '../helpers.ts';
import { fixtureRepo } from './fixtureRepo.ts';

/** A copy of bin/ and dist/cli.js, so the test can put any cache next to the bundle. */
function install(): { bin: string; cache: string } {
  const dir = mkdtempSync(join(tmpdir(), 'candor-bin-'));
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'dist'));
  copyFileSync(join(repoRoot, 'bin', 'candor.js'), join(dir, 'bin', 'candor.js'));
  copyFileSync(cliPath, join(dir, 'dist', 'cli.js'));
  return { bin: join(dir, 'bin', 'candor.js'), cache: join(dir, 'dist', 'cli.js.cache') };
}

function run(script: string, cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [script, 'check', '--format', 'json', '.'], { cwd, encoding: 'utf8', env: { ...process.env, CANDOR_PRODUCE_CODE_CACHE: '', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('bin/candor.js reports what dist/cli.js reports, with no cache, a fresh one, a stale one and a corrupt one', () => {
  const root = fixtureRepo();
  const expected = run(cliPath, root);
  assert.ok(JSON.parse(expected.stdout).length > 0);
  const { bin, cache } = install();

  assert.deepEqual(run(bin, root), expected, 'no cache');
  assert.ok(!existsSync(cache));

  assert.deepEqual(run(bin, root, { CANDOR_PRODUCE_CODE_CACHE: '1' }), expected, 'while writing the cache');
  assert.ok(existsSync(cache), 'the cache is written');
  const made = readFileSync(cache);
  assert.match(made.toString('latin1', 0, 41), /^[0-9a-f]{40}\n$/);
  assert.deepEqual(run(bin, root), expected, 'with the cache');

  // A cache made for another bundle (its hash differs) is not used.
  writeFileSync(cache, Buffer.concat([Buffer.from('0'.repeat(40) + '\n', 'latin1'), made.subarray(41)]));
  assert.deepEqual(run(bin, root), expected, 'stale cache');
  // Data V8 rejects (right hash, damaged data) is ignored by V8 itself.
  writeFileSync(cache, Buffer.concat([made.subarray(0, 41), Buffer.alloc(made.length - 41, 7)]));
  assert.deepEqual(run(bin, root), expected, 'corrupt cache');
  writeFileSync(cache, 'x');
  assert.deepEqual(run(bin, root), expected, 'truncated cache');
});

test('bin/candor.js runs large checks on worker threads too', () => {
  const extra: Record<string, string> = {};
  for (let i = 0; i < 40; i++) extra[`many/t${i}.hbs`] = `Hi,\n\nWe will get back to you soon. Refunds take ${3 + (i % 3)} business days.\n`;
  const root = fixtureRepo(extra);
  const { bin } = install();
  run(bin, root, { CANDOR_PRODUCE_CODE_CACHE: '1' });
  const inline = run(cliPath, root, { CANDOR_WORKERS: '1' });
  const pooled = run(bin, root, { CANDOR_WORKERS: '2', CANDOR_DEBUG: 'workers' });
  assert.match(pooled.stderr, /workers: this thread and 1 worker,/);
  assert.doesNotMatch(pooled.stderr, /pool failed/);
  assert.equal(pooled.stdout, inline.stdout);
  assert.equal(pooled.code, inline.code);
});
