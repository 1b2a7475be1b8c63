// `-o`: the report file is written through a temporary file renamed over it, so nothing half-written is left.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempTree } from '../helpers.ts';

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

  it('creates the report folder when it is missing', () => {
    const root = tempTree({ 'templates/a.hbs': TEMPLATE });
    runCli(['check', 'templates', '--format', 'sarif', '-o', 'out/deep/candor.sarif'], { cwd: root });
    assert.equal(JSON.parse(readFileSync(join(root, 'out/deep/candor.sarif'), 'utf8')).version, '2.1.0');
    assert.deepEqual(readdirSync(join(root, 'out/deep')), ['candor.sarif']);
  });
});
