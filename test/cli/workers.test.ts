// `candor check` on worker threads reports exactly what the inline run reports (CANDOR_WORKERS forces the pool).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { runCli, tempTree } from '../helpers.ts';
import { fixtureRepo } from './fixtureRepo.ts';

const SENTENCES = [
  'Your refund arrives within 3 business days.',
  'Refunds take 5-7 business days.',
  'Unfortunately due to circumstances beyond our control your order is delayed.',
  'We will get back to you soon.',
  'Kindly note that this is company policy.',
  'I have issued a replacement; it ships within 2 days.',
  'Thanks for your patience!',
];

/** The fixture repository plus enough templates (some sharing topics across folders) to give every worker tasks. */
function biggerRepo(): string {
  const extra: Record<string, string> = {};
  for (let i = 0; i < 60; i++) {
    const lines = [0, 1, 2].map((k) => SENTENCES[(i + k * 3) % SENTENCES.length]);
    const front = i % 3 === 0 ? '---\ncase: unresolved\n---\n' : '';
    extra[`folder${i % 4}/t${i}.hbs`] = `${front}Hi {{customer.firstName}},\n\n{{#if case.resolved}}${lines[0]}{{else}}${lines[1]}{{/if}}\n${lines[2]}\n{{> signature}}\n`;
  }
  extra['broken/mid-edit.hbs'] = 'Hi,\n{{#if case.resolved}}\nWe will fix it soon.\n';
  return fixtureRepo(extra);
}

function check(root: string, workers: string, args: string[] = [], env: Record<string, string> = {}) {
  return runCli(['check', '--format', 'json', ...args], { cwd: root, env: { CANDOR_WORKERS: workers, CANDOR_DEBUG: 'workers cache', ...env } });
}

test('worker threads give the same JSON report, byte for byte, as the inline run', () => {
  const root = biggerRepo();
  const inline = check(root, '1');
  const pooled = check(root, '2');
  assert.match(pooled.stderr, /workers: this thread and 1 worker, \d+ tasks, \d+ files/, pooled.stderr);
  assert.doesNotMatch(inline.stderr, /workers:/);
  assert.doesNotMatch(pooled.stderr, /pool failed/);
  assert.equal(pooled.code, inline.code);
  assert.ok(JSON.parse(inline.stdout).length > 60);
  assert.ok(inline.stdout.includes('conflicting-commitments'), 'the workspace-wide rule fires across files');
  assert.equal(pooled.stdout, inline.stdout);
  // More threads, other task boundaries, or every file on a worker: still the same report.
  const three = check(root, '3');
  assert.match(three.stderr, /workers: this thread and 2 workers,/);
  assert.equal(three.stdout, inline.stdout);
  const workersOnly = check(root, '2', [], { CANDOR_MAIN_LINTS: '0' });
  assert.match(workersOnly.stderr, /workers: 2 workers, \d+ tasks, \d+ files/, workersOnly.stderr);
  assert.equal(workersOnly.stdout, inline.stdout);
});

test('with --cache only the misses go to the workers, and warm, changed and cold reports agree', () => {
  const root = biggerRepo();
  const cold = check(root, '2', ['--cache']);
  assert.match(cold.stderr, /workers: this thread and 1 worker/);
  assert.match(cold.stderr, /cache: \d+ linted, 0 from cache/);
  const warm = check(root, '2', ['--cache']);
  assert.match(warm.stderr, /cache: 0 linted, \d+ from cache/);
  assert.doesNotMatch(warm.stderr, /workers:/, 'nothing left to dispatch');
  assert.equal(warm.stdout, cold.stdout);
  writeFileSync(join(root, 'folder1', 't1.hbs'), 'Hello,\n\nRefunds take 10 business days.\n');
  const changed = check(root, '2', ['--cache']);
  assert.match(changed.stderr, /cache: 1 linted, \d+ from cache/);
  assert.equal(changed.stdout, check(root, '1').stdout);
});

test('--stdin stays inline even when workers are forced', () => {
  const root = biggerRepo();
  const run = runCli(['check', '--format', 'json', '--stdin', '--stdin-filename', 'outages/new.hbs'], {
    cwd: root,
    input: 'We will get back to you soon.\n',
    env: { CANDOR_WORKERS: '2', CANDOR_DEBUG: 'workers' },
  });
  assert.doesNotMatch(run.stderr, /workers:/);
  assert.equal(JSON.parse(run.stdout).length, 1);
});

test('a worker that runs out of memory costs only the files it had not finished, and the report is the inline one', () => {
  const extra: Record<string, string> = {};
  // Enough small files for several tasks ahead of the big one, so that some are finished before it starts.
  // (Mostly without findings, so the report stays small: the helper reads at most 1 MB of output.)
  for (let i = 0; i < 320; i++) extra[`many/t${String(i).padStart(3, '0')}.hbs`] = `Hi {{customer.firstName}},\n\nYour parcel ${i} left our warehouse today.${i % 40 ? '' : ' We will get back to you soon.'}\n`;
  let big = '';
  // Plain lines with a variable each: a large model, few findings (the report stays small).
  for (let i = 0; i < 9000; i++) big += `Line ${i} of the order log lists item {{item.name}} as packed.\n`;
  extra['zz/big.hbs'] = big;
  const root = fixtureRepo(extra);
  const inline = check(root, '1');
  assert.ok(JSON.parse(inline.stdout).length > 320, 'the whole report was read');
  // Workers capped at 16 MB of old generation: the big template (a model of ~15 MB) runs its worker out of memory.
  // Every file on a worker (this thread lints none), so that the big one is certain to be a worker's.
  const run = runCli(['check', '--format', 'json'], { cwd: root, env: { CANDOR_WORKERS: '2', CANDOR_DEBUG: 'workers', CANDOR_WORKER_HEAP_MB: '16', CANDOR_MAIN_LINTS: '0' } });
  const total = Number(/workers: 2 workers, \d+ tasks, (\d+) files/.exec(run.stderr)?.[1]);
  const left = /the worker pool failed, linting the (\d+) files? it had not finished inline: .*memory/.exec(run.stderr);
  assert.ok(left, run.stderr);
  assert.ok(Number(left[1]) >= 1 && Number(left[1]) < total - 64, `${left[1]} of ${total} files linted again`);
  assert.equal(run.code, inline.code);
  assert.equal(run.stdout, inline.stdout);
});

test('a file too large for the heap the workers were given is linted on this thread, with the same report', () => {
  // With CANDOR_WORKERS set, the pool starts before any file is read, so its workers get the heap for files up to
  // 1 MB; the 1.2 MB template is read while tasks are planned and kept for this thread.
  let big = '';
  for (let i = 0; big.length < 1_200_000; i++) big += `Line ${i} of the order log lists item {{item.name}} as packed, and we will write again soon.\n`;
  const root = fixtureRepo({ 'zz/big.hbs': big, 'aa/small.hbs': 'Hi {{customer.firstName}}, your parcel left today.\n' });
  const inline = check(root, '1');
  const run = check(root, '2', [], { CANDOR_MAIN_LINTS: '0' });
  assert.match(run.stderr, /linting 1 file too large for a worker's heap on this thread/, run.stderr);
  assert.doesNotMatch(run.stderr, /pool failed/);
  assert.ok(JSON.parse(inline.stdout).some((file: { filePath: string; messages: unknown[] }) => file.filePath.endsWith('big.hbs') && file.messages.length > 0));
  assert.equal(run.code, inline.code);
  assert.equal(run.stdout, inline.stdout);
});

test('CANDOR_DEBUG=timing reports each phase of a check, in order, on standard error only', () => {
  const root = biggerRepo();
  const plain = check(root, '2');
  const timed = runCli(['check', '--format', 'json'], { cwd: root, env: { CANDOR_WORKERS: '2', CANDOR_DEBUG: 'timing' } });
  assert.equal(timed.stdout, plain.stdout);
  assert.equal(timed.code, plain.code);
  const phases = [...timed.stderr.matchAll(/^candor: timing: (\w+) (\d+\.\d) ms \(at (\d+\.\d) ms\)$/gm)];
  assert.deepEqual(phases.map((m) => m[1]), ['discovery', 'lint', 'report'], timed.stderr);
  const ats = phases.map((m) => Number(m[3]));
  assert.ok(ats[0]! <= ats[1]! && ats[1]! <= ats[2]!, timed.stderr);
  assert.doesNotMatch(plain.stderr, /timing:/);
});

test('from 3,000 discovered templates a worker starts during discovery, and the report is the inline one', { skip: availableParallelism() < 2 && 'one core: no workers' }, () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 3000; i++) files[`f${i % 30}/t${i}.hbs`] = `Hi {{customer.firstName}},\n${SENTENCES[i % SENTENCES.length]}\n`;
  const root = tempTree(files);
  const env = { CANDOR_WORKERS: '', CANDOR_DEBUG: 'workers' };
  const early = runCli(['check', '--format', 'json', '.'], { cwd: root, env });
  assert.match(early.stderr, /workers: this thread and \d+ workers? \(one started during discovery\), \d+ tasks, 3000 files/, early.stderr);
  const inline = runCli(['check', '--format', 'json', '.'], { cwd: root, env: { CANDOR_WORKERS: '1' } });
  assert.equal(early.code, inline.code);
  assert.equal(early.stdout, inline.stdout);
  // With --cache the hits need no worker: none starts early.
  const cached = runCli(['check', '--format', 'json', '--cache', '--cache-location', join(root, '.cache'), '.'], { cwd: root, env });
  assert.doesNotMatch(cached.stderr, /started during discovery/);
  assert.equal(cached.stdout, inline.stdout);
});
