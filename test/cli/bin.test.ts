// bin/candor.js (the installed `candor` command) loads the bundle with V8's code cache when it has a valid one;
// with a valid, stale, corrupt or missing cache, and when it writes one, the output is that of dist/cli.js, and
// `CANDOR_DEBUG=startup` says which it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, lintText, repoRoot, tempFolder } from '../helpers.ts';
import { fixtureRepo } from './fixtureRepo.ts';

/** A copy of bin/ and dist/cli.js (with the YAML library it loads from next to it), so the test can put any cache next to the bundle. */
function install(): { bin: string; cache: string } {
  const dir = tempFolder('candor-bin-');
  mkdirSync(join(dir, 'dist'));
  cpSync(join(repoRoot, 'bin'), join(dir, 'bin'), { recursive: true });
  copyFileSync(cliPath, join(dir, 'dist', 'cli.js'));
  copyFileSync(join(repoRoot, 'dist', 'yaml.js'), join(dir, 'dist', 'yaml.js'));
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
  const startup = (env: NodeJS.ProcessEnv = {}) => {
    const told = run(bin, root, { CANDOR_DEBUG: 'startup', ...env });
    assert.equal(told.stdout, expected.stdout);
    const lines = told.stderr.split('\n').filter((line) => line.startsWith('candor: startup: '));
    assert.equal(lines.length, 1, told.stderr);
    return lines[0]!;
  };
  assert.match(startup(), /no code cache next to the bundle/);

  assert.deepEqual(run(bin, root, { CANDOR_PRODUCE_CODE_CACHE: '1' }), expected, 'while writing the cache');
  assert.ok(existsSync(cache), 'the cache is written');
  const made = readFileSync(cache);
  assert.match(made.toString('latin1', 0, 48), /^[0-9a-f]{40} candor\n$/);
  assert.deepEqual(run(bin, root), expected, 'with the cache');
  assert.match(startup(), /code cache used$/);
  assert.match(startup({ CANDOR_PRODUCE_CODE_CACHE: '1' }), /written when the run ends/);

  // A cache made for another bundle (its hash differs) is not used.
  writeFileSync(cache, Buffer.concat([Buffer.from('0'.repeat(40) + ' candor\n', 'latin1'), made.subarray(48)]));
  assert.deepEqual(run(bin, root), expected, 'stale cache');
  assert.match(startup(), /made for another bundle/);
  // Nor is one in the earlier layout (the hash and a line break, 41 bytes, before V8's data), even for this bundle.
  writeFileSync(cache, Buffer.concat([made.subarray(0, 40), Buffer.from('\n', 'latin1'), made.subarray(48)]));
  assert.deepEqual(run(bin, root), expected, 'cache in the earlier layout');
  assert.match(startup(), /made for another bundle/);
  // Data V8 rejects (right hash, damaged data) is ignored by V8 itself.
  writeFileSync(cache, Buffer.concat([made.subarray(0, 48), Buffer.alloc(made.length - 48, 7)]));
  assert.deepEqual(run(bin, root), expected, 'corrupt cache');
  assert.match(startup(), /V8 rejected the code cache/);
  writeFileSync(cache, 'x');
  assert.deepEqual(run(bin, root), expected, 'truncated cache');
  assert.match(startup(), /made for another bundle, or cannot be read/);
});

test("the build's code cache is the one V8 takes: the command sets its V8 flags before loading the bundle", () => {
  // V8 accepts a code cache only under the flags it was made with. The build makes dist/cli.js.cache by running
  // bin/candor.js; a V8 flag set later, by the bundle, would make every run reject the cache and compile the
  // whole bundle again (a one-template check took 30 ms longer).
  assert.ok(existsSync(`${cliPath}.cache`), 'the build wrote dist/cli.js.cache');
  const root = fixtureRepo();
  const told = run(join(repoRoot, 'bin', 'candor.js'), root, { CANDOR_DEBUG: 'startup' });
  assert.match(told.stderr, /^candor: startup: code cache used$/m);
  assert.ok(JSON.parse(told.stdout).length > 0);
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

test('the CLI bundle is ASCII, so Node reads it into a one-byte string, and its escapes read as the characters did', () => {
  const bundle = readFileSync(cliPath, 'utf8');
  assert.equal(/[^\x00-\x7f]/.exec(bundle)?.[0], undefined);
  // The build escaped the non-ASCII characters of expressions: after a dash or a bullet, "reply…" is a next step
  // the customer can take. On each text, and on it with an x for that character (which the findings tell apart),
  // the bundle reports what the engine's source reports.
  const unresolved = (body: string) => `---\ncase: unresolved\n---\n${body}`;
  const texts = ['Sorry about the delay \u2014 reply with your order number.\n', 'We are on it.\n\u2022 reply with a screenshot\n', 'Sorry about the delay \u2013 send us a screenshot.\n'].flatMap((body) => [
    unresolved(body),
    unresolved(body.replace(/[^\x00-\x7f]/, 'x')),
  ]);
  const root = tempFolder('candor-ascii-');
  texts.forEach((text, k) => writeFileSync(join(root, `reply-${k}.hbs`), text));
  const result = spawnSync(process.execPath, [cliPath, 'check', '--format', 'json', '.'], { cwd: root, encoding: 'utf8' });
  const report = JSON.parse(result.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; message: string }> }>;
  const fromBundle = texts.map((_, k) => report.find((file) => file.filePath.endsWith(`reply-${k}.hbs`))!.messages.map((m) => `${m.ruleId}: ${m.message}`).sort());
  texts.forEach((text, k) => {
    const fromSource = lintText(text, { path: join(root, `reply-${k}.hbs`) }).map((f) => `${f.ruleId}: ${f.message}`).sort();
    assert.deepEqual(fromBundle[k], fromSource, JSON.stringify(text));
  });
  for (let k = 0; k < texts.length; k += 2) assert.notDeepEqual(fromBundle[k], fromBundle[k + 1], JSON.stringify(texts[k]));
});

test('bin/candor.js reads a bundle that is not ASCII as UTF-8, with and without its code cache', () => {
  // The build makes the bundle ASCII and the command decodes it as such; a bundle with other characters (an
  // edited copy, say) must still read as written. This one throws if "é" reads as anything but one character.
  const root = fixtureRepo();
  const expected = run(cliPath, root);
  const { bin } = install();
  const bundle = join(bin, '..', '..', 'dist', 'cli.js');
  writeFileSync(bundle, `if ('\u00e9'.length !== 1) throw new Error('the bundle was misread');\n${readFileSync(bundle, 'utf8')}`);
  for (const env of [{ CANDOR_PRODUCE_CODE_CACHE: '1' }, {}]) {
    const told = run(bin, root, { CANDOR_DEBUG: 'startup', ...env });
    assert.equal(told.stdout, expected.stdout, told.stderr);
    assert.equal(told.code, expected.code);
  }
  assert.match(run(bin, root, { CANDOR_DEBUG: 'startup' }).stderr, /code cache used/);
});
