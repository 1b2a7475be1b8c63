// The worker pool for `candor check`: results in task order, failures reported, workers only when they pay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMainThread, threadId, type Worker } from 'node:worker_threads';
import { findingSharer, isPoolWorker, planTasks, PoolFailure, poolData, reviveWorkspaceRecord, runPool, serveTasks, startPoolWorker, stopStartedWorker, taskPlanner, workerCount } from '../../server/src/cli/parallel.ts';
import { LineIndex } from '../../server/src/engine/text.ts';
import { lintWorkspace, buildModel, lintModel, workspaceRecord, type WorkspaceFile } from '../../server/src/engine/index.ts';
import { defaultEngineConfig } from '../../server/src/config/types.ts';
import { noHost } from '../../server/src/engine/types.ts';

// This file is its own worker script: in a pool worker it serves tasks instead of declaring tests.
if (isPoolWorker()) {
  const { factor } = poolData<{ factor: number }>();
  serveTasks((task: { n: number; fail?: boolean; spin?: number; who?: boolean }) => {
    if (task.fail) throw new Error(`task ${task.n} refused`);
    const until = Date.now() + (task.spin ?? 0);
    while (Date.now() < until) {
      /* busy */
    }
    return task.who ? { n: task.n, value: task.n * factor, thread: threadId } : { n: task.n, value: task.n * factor };
  });
} else if (isMainThread) {
  test('runPool returns every result in task order, whatever worker ran it', async () => {
    const tasks = Array.from({ length: 40 }, (_, n) => ({ n, spin: n % 7 === 0 ? 20 : 0 }));
    const results = await runPool<{ n: number }, { n: number; value: number }>(tasks, { script: __filename, workers: 3, data: { factor: 3 } });
    assert.deepEqual(results, tasks.map((t) => ({ n: t.n, value: t.n * 3 })));
  });

  /** Resolves once a started worker has exited (at once if it has). */
  const exitOf = (started: { worker: Worker; exited: boolean }) => new Promise<void>((resolve) => (started.exited ? resolve() : started.worker.once('exit', () => resolve())));

  test('a worker started before its pool runs the tasks, and started workers the pool does not need are ended', async () => {
    const data = { factor: 2 };
    const first = startPoolWorker(__filename, data);
    const spare = startPoolWorker(__filename, data);
    const tasks = Array.from({ length: 12 }, (_, n) => ({ n, who: true }));
    const results = await runPool<{ n: number }, { n: number; value: number; thread: number }>(tasks, { script: __filename, workers: 1, data, started: [first, spare] });
    assert.deepEqual(results.map((r) => r.value), tasks.map((t) => t.n * 2));
    assert.deepEqual(new Set(results.map((r) => r.thread)), new Set([first.worker.threadId]), 'every task ran on the first started worker');
    await Promise.all([exitOf(first), exitOf(spare)]);
    assert.ok(first.exited && spare.exited, 'both ended: the one the pool used, and the one it did not need');
  });

  test('a started worker that has exited is not used: the pool starts its own', async () => {
    const data = { factor: 3 };
    const gone = startPoolWorker(__filename, data);
    const goneId = gone.worker.threadId;
    stopStartedWorker(gone);
    await exitOf(gone);
    assert.equal(gone.exited, true);
    const tasks = Array.from({ length: 6 }, (_, n) => ({ n, who: true }));
    const results = await runPool<{ n: number }, { n: number; value: number; thread: number }>(tasks, { script: __filename, workers: 1, data, started: [gone] });
    assert.deepEqual(results.map((r) => r.value), tasks.map((t) => t.n * 3));
    assert.ok(results.every((r) => r.thread !== goneId && r.thread !== threadId), 'a new worker ran them');
  });

  test('runPool with no tasks resolves at once, and with fewer tasks than workers starts only what it needs', async () => {
    assert.deepEqual(await runPool([], { script: __filename, workers: 4 }), []);
    assert.deepEqual(await runPool([{ n: 2 }], { script: __filename, workers: 4, data: { factor: 5 } }), [{ n: 2, value: 10 }]);
  });

  test('a task that throws rejects the run with its message, and no worker is left running', async () => {
    const tasks = Array.from({ length: 10 }, (_, n) => ({ n, fail: n === 6 }));
    await assert.rejects(runPool(tasks, { script: __filename, workers: 2, data: { factor: 1 } }), /task 6 refused/);
  });

  test('with `local` this thread runs tasks too, as one of the workers, and the results are in task order', async () => {
    const tasks = Array.from({ length: 60 }, (_, n) => ({ n, spin: n % 5 === 0 ? 15 : 2 }));
    const ranHere: number[] = [];
    const local = (task: { n: number; spin: number }, index: number) => {
      assert.equal(index, task.n);
      ranHere.push(task.n);
      const until = Date.now() + task.spin;
      while (Date.now() < until) {
        /* busy */
      }
      return { n: task.n, value: task.n * 3 };
    };
    const arrived: number[] = [];
    const results = await runPool(tasks, { script: __filename, workers: 2, data: { factor: 3 }, local, batch: 3, onResult: (_r, index) => arrived.push(index) });
    assert.deepEqual(results, tasks.map((t) => ({ n: t.n, value: t.n * 3 })));
    assert.ok(ranHere.length > 0 && ranHere.length < tasks.length, `this thread ran ${ranHere.length} of ${tasks.length} tasks, the worker the rest`);
    assert.deepEqual([...arrived].sort((a, b) => a - b), tasks.map((t) => t.n), 'every result reported once');
    // One task, two threads: this thread alone (no worker needed).
    assert.deepEqual(await runPool([{ n: 4 }], { script: __filename, workers: 2, local: (task) => ({ n: task.n, value: -task.n }) }), [{ n: 4, value: -4 }]);
  });

  test('a task that throws on this thread fails the run like a worker task, with what was finished', async () => {
    const tasks = Array.from({ length: 30 }, (_, n) => ({ n, spin: 3 }));
    let calls = 0;
    const local = (task: { n: number }) => {
      if (++calls === 2) throw new Error(`local task ${task.n} refused`);
      return { n: task.n, value: task.n };
    };
    const failure = await runPool(tasks, { script: __filename, workers: 2, data: { factor: 1 }, local, batch: 3 }).then(
      () => assert.fail('the run should fail'),
      (error: PoolFailure<{ n: number; value: number }>) => error,
    );
    assert.ok(failure instanceof PoolFailure);
    assert.match(failure.message, /local task \d+ refused/);
    assert.ok(failure.finishedCount < tasks.length);
    failure.finished.forEach((done, i) => done && assert.equal(failure.results[i]!.n, i));
  });

  test('runPool takes tasks from a function as threads ask for them, results in the order it gave them', async () => {
    let given = 0;
    const source = () => (given < 25 ? { n: given++, spin: given % 6 === 0 ? 10 : 1 } : undefined);
    const ranHere: number[] = [];
    const local = (task: { n: number }) => (ranHere.push(task.n), { n: task.n, value: task.n * 2 });
    const results = await runPool(source, { script: __filename, workers: 2, data: { factor: 2 }, local, batch: 3 });
    assert.equal(given, 25);
    assert.deepEqual(results, Array.from({ length: 25 }, (_, n) => ({ n, value: n * 2 })));
    assert.ok(ranHere.length > 0, 'this thread took tasks from the source too');
    // A source with nothing in it resolves at once, without a worker.
    assert.deepEqual(await runPool(() => undefined, { script: __filename, workers: 2 }), []);
  });

  test('after a failure the source is not asked again, and what it gave but the pool had not finished is marked so', async () => {
    let given = 0;
    const source = () => (given < 200 ? { n: given++, fail: given === 4, spin: 2 } : undefined);
    const failure = await runPool(source, { script: __filename, workers: 2, data: { factor: 1 } }).then(
      () => assert.fail('the run should fail'),
      (error: PoolFailure<{ n: number; value: number }>) => error,
    );
    assert.match(failure.message, /task 3 refused/);
    const askedAtFailure = given;
    assert.ok(askedAtFailure < 200, `the source was asked ${askedAtFailure} times, not drained`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(given, askedAtFailure, 'nothing asks the source after the failure');
    assert.ok(failure.finished.length <= given && failure.finished[3] === false);
    failure.finished.forEach((done, i) => done && assert.equal(failure.results[i]!.n, i));
  });

  test('workerCount stays on one thread for small runs and single cores, else one worker per core', () => {
    assert.equal(workerCount(10, 20_000, { cores: 2 }), 1);
    assert.equal(workerCount(1000, 1_600_000, { cores: 1 }), 1);
    assert.equal(workerCount(1000, 1_600_000, { cores: 2 }), 2);
    assert.equal(workerCount(10_000, 14_000_000, { cores: 16, max: 8 }), 8);
    assert.equal(workerCount(5, 900_000, { cores: 4 }), 1, 'a few big files: one task each at most');
  });

  test('planTasks keeps input order, cuts by size and count, and gives a huge file its own task', () => {
    const files = ['a', 'b', 'c', 'big', 'd', 'e'];
    const tasks = planTasks(files, [10, 10, 10, 1000, 10, 10], 25, 64);
    assert.deepEqual(tasks, [['a', 'b'], ['c'], ['big'], ['d', 'e']]);
    assert.deepEqual(tasks.flat(), files);
    assert.deepEqual(planTasks(['x', 'y', 'z'], [1, 1, 1], 1000, 2), [['x', 'y'], ['z']]);
  });

  test('taskPlanner plans the tasks planTasks plans, one at a time, asking each size only when the file is taken', () => {
    const sizes: Record<string, number> = { a: 10, b: 10, c: 10, big: 1000, d: 10, e: 10 };
    const files = Object.keys(sizes);
    let next = 0;
    const asked: string[] = [];
    const plan = taskPlanner(
      () => (next < files.length ? files[next++] : undefined),
      (file) => (asked.push(file), sizes[file]!),
      25,
      64,
    );
    assert.deepEqual(plan(), ['a', 'b']);
    assert.deepEqual(asked, ['a', 'b', 'c'], 'c was taken to learn that it does not fit');
    const rest: string[][] = [];
    for (let task = plan(); task; task = plan()) rest.push(task);
    assert.deepEqual([['a', 'b'], ...rest], planTasks(files, files.map((f) => sizes[f]!), 25, 64));
    assert.deepEqual(asked, files, 'each size asked once');
    assert.equal(plan(), undefined);
  });

  test('workspace records survive structured cloning and give the same cross-file findings as full models', () => {
    const config = defaultEngineConfig;
    const texts = { '/w/a.hbs': 'Your refund arrives within 3 business days.', '/w/b.hbs': 'Refunds take 5-7 business days.' };
    const full: WorkspaceFile[] = Object.entries(texts).map(([path, text]) => {
      const model = buildModel(text, path, config, noHost);
      return { model, findings: lintModel(model) };
    });
    const compact: WorkspaceFile[] = Object.entries(texts).map(([path, text]) => {
      const model = buildModel(text, path, config, noHost);
      const record = reviveWorkspaceRecord(structuredClone(workspaceRecord(model)));
      assert.ok(record.lines instanceof LineIndex);
      return { model: record, findings: lintModel(model) };
    });
    lintWorkspace(full);
    lintWorkspace(compact);
    assert.deepEqual(compact.map((f) => f.findings), full.map((f) => f.findings));
    assert.ok(full[0]!.findings.some((f) => f.ruleId === 'conflicting-commitments'));
  });
  test('findingSharer keeps every finding as it was, sharing strings and empty lists between findings', () => {
    const template = 'Hi,\nAs I already told you, we will get back to you soon.\nAs I already told you, it ships soon.\n';
    const findings = lintModel(buildModel(template, '/repo/a.hbs', defaultEngineConfig, noHost));
    assert.ok(findings.length >= 4);
    const before = structuredClone(findings);
    const share = findingSharer();
    for (const finding of findings) share(finding);
    for (const finding of structuredClone(findings)) share(finding);
    assert.deepEqual(findings, before);
    assert.ok(findings.every((f) => f.tags.length || Object.isFrozen(f.tags)), 'an empty list is the shared frozen one');
  });
}
