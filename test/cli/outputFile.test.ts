// `-o`: the report file is written through a temporary file renamed over it, so nothing half-written is left.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, runCli, tempTree } from '../helpers.ts';

const TEMPLATE = '---\ncase: unresolved\n---\nDear Valued Customer,\nWe will fix it soon. Have a great day!\n';

describe('candor check --output-file', () => {
  it('replaces an earlier report with exactly what stdout would show, leaving no temporary file', () => {
    const root = tempTree({ 'templates/a.hbs': TEMPLATE, 'reports/report.json': 'the previous report\n' });
    const toStdout = runCli(['check', 'templates', '--format', 'json'], { cwd: root });
    const toFile = runCli(['check', 'templates', '--format', 'json', '-o', 'reports/report.json'], { cwd: root });
    assert.equal(toFile.code, toStdout.code);
    assert.equal(toFile.stdout, '');
    assert.equal(readFileSync(join(root, 'reports/report.json'), 'utf8'), toStdout.stdout);
    assert.deepEqual(readdirSync(join(root, 'reports')), ['report.json']);
  });

  it('writes the same bytes to standard output as a file, a pipe or /dev/null, across many megabyte chunks', () => {
    // A report of several megabytes, with curly quotes in its messages, after a --fix-dry-run diff on the same stream.
    const files: Record<string, string> = {};
    for (let i = 0; i < 600; i++) files[`templates/t${String(i).padStart(3, '0')}.hbs`] = `${TEMPLATE}Ticket ${i}: as I already told you, we will look into it ASAP.\n`;
    const root = tempTree(files);
    const args = [cliPath, 'check', 'templates', '--format', 'json', '--fix-dry-run'];
    const toPipe = runCli(args.slice(1), { cwd: root });
    assert.ok(Buffer.byteLength(toPipe.stdout) > 2 * (1 << 20), 'the report spans several chunks');
    assert.match(toPipe.stdout, /^--- a\/templates\/t000\.hbs/);
    assert.match(toPipe.stdout, /“as I already told you”/);
    const target = join(root, 'redirected.json');
    const fd = openSync(target, 'w');
    let toFile;
    try {
      toFile = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', fd, 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    } finally {
      closeSync(fd);
    }
    assert.equal(toFile.status, toPipe.code);
    assert.equal(readFileSync(target, 'utf8'), toPipe.stdout);
    const nullFd = openSync('/dev/null', 'w');
    try {
      const toNull = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', nullFd, 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
      assert.equal(toNull.status, toPipe.code);
      assert.equal(toNull.stderr.toString(), toPipe.stderr);
    } finally {
      closeSync(nullFd);
    }
  });

  it('creates the report folder when it is missing', () => {
    const root = tempTree({ 'templates/a.hbs': TEMPLATE });
    runCli(['check', 'templates', '--format', 'sarif', '-o', 'out/deep/candor.sarif'], { cwd: root });
    assert.equal(JSON.parse(readFileSync(join(root, 'out/deep/candor.sarif'), 'utf8')).version, '2.1.0');
    assert.deepEqual(readdirSync(join(root, 'out/deep')), ['candor.sarif']);
  });
});
