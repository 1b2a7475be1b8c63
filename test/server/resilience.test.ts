// Protocol tests for a server that stays responsive: cancellation, superseded pulls and lints, huge documents,
// flat memory over 10,000 edits; and rule failures reported once per rule.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationTokenSource, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { TestClient } from './lspClient.ts';
import { fixtureWorkspace, outage } from './fixture.ts';
import { tempTree } from '../helpers.ts';
import { RuleErrorReporter } from '../../server/src/lsp/ruleErrors.ts';
import { buildModel, lintModel } from '../../server/src/engine/index.ts';
import { noHost } from '../../server/src/engine/types.ts';
import { defaultEngineConfig } from '../../server/src/config/types.ts';
import type { PhraseRule } from '../../server/src/rules/types.ts';

const LARGE_LIMIT = 2 * 1024 * 1024;

interface ErrorLike {
  code?: number;
  data?: unknown;
}

async function rejection(promise: Promise<unknown>): Promise<ErrorLike> {
  try {
    await promise;
  } catch (error) {
    return error as ErrorLike;
  }
  assert.fail('the request was answered instead of cancelled');
}

describe('requests are cancellable and lints superseded', { timeout: 60_000 }, () => {
  let client: TestClient;

  before(async () => {
    client = new TestClient({ root: fixtureWorkspace(), settings: { debounceMs: 150 } });
    await client.initialize();
  });
  after(async () => {
    await client?.stop();
  });

  it('answers RequestCancelled to hover, code action and completion requests cancelled before they ran', async () => {
    const uri = await client.open('templates/outage.hbs', outage);
    await client.pushed(uri, (d) => d.length > 0);
    const requests: Array<[string, unknown]> = [
      ['textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 5 } }],
      ['textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 6, character: 2 }, end: { line: 6, character: 5 } }, context: { diagnostics: [] } }],
      ['textDocument/completion', { textDocument: { uri }, position: { line: 7, character: 4 } }],
    ];
    // The server reads the requests and their cancellations together, as when it is busy: a server that answered
    // before looking at the cancellations would fail this.
    const pending = await client.paused(async () =>
      requests.map(([method, params]) => {
        const source = new CancellationTokenSource();
        const promise = client.connection.sendRequest(method, params, source.token);
        source.cancel();
        return promise;
      }),
    );
    for (const promise of pending) assert.equal((await rejection(promise)).code, -32800);
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 5 } });
    assert.match(hover.contents.value, /cheerful-sign-off/, 'an uncancelled request is answered as before');
  });

  it('publishes only the newest version after a burst of 50 edits', async () => {
    const uri = await client.open('templates/burst.hbs', 'Hi {{customer.firstName}},\nYour parcel left today.\n');
    await client.pushed(uri, () => true);
    const from = client.published.length;
    // The burst arrives at once, as fast typing does, whatever else the machine is doing.
    const last = await client.paused(async () => {
      let version = 1;
      for (let i = 1; i <= 50; i++) version = await client.change(uri, `Hi {{customer.firstName}},\nYour parcel left today.${i === 50 ? ' It will arrive soon.' : ` Edit ${i}.`}\n`);
      return version;
    });
    const diagnostics = await client.pushed(uri, (d) => d.some((x) => x.code === 'vague-timeline'));
    assert.ok(diagnostics.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const versions = client.published.slice(from).filter((p) => p.uri === uri).map((p) => p.version);
    assert.deepEqual(versions, [last], `only version ${last} is published (got ${versions.join(', ')})`);
  });
});

describe('pull diagnostics superseded by a newer version', { timeout: 60_000 }, () => {
  let client: TestClient;

  before(async () => {
    client = new TestClient({ root: fixtureWorkspace(), pull: true });
    await client.initialize();
  });
  after(async () => {
    await client?.stop();
  });

  it('answers ServerCancelled (retrigger) instead of stale findings, then the new version', async () => {
    const uri = await client.open('templates/outage.hbs', outage);
    // The pull and the edit that makes it stale reach the server together, however loaded the machine is.
    const { stale } = await client.paused(async () => {
      const stale = client.request('textDocument/diagnostic', { textDocument: { uri } });
      await client.change(uri, outage.replace(' soon', ' by 4pm today'));
      return { stale };
    });
    const error = await rejection(stale);
    assert.equal(error.code, -32802, 'ServerCancelled');
    assert.deepEqual(error.data, { retriggerRequest: true });
    const fresh = await client.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(fresh.kind, 'full');
    assert.ok(!fresh.items.some((d) => d.code === 'vague-timeline'), 'the answer is about the newest text');

    // A pull cancelled at once: the request and its cancellation reach the server together (else a quick server can
    // answer before it reads the cancellation).
    const { cancelled } = await client.paused(async () => {
      const source = new CancellationTokenSource();
      const cancelled = client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } }, source.token);
      source.cancel();
      return { cancelled };
    });
    assert.equal((await rejection(cancelled)).code, -32800);
  });
});

describe('documents too large to lint as you type', { timeout: 60_000 }, () => {
  let client: TestClient;

  before(async () => {
    client = new TestClient({ root: fixtureWorkspace() });
    await client.initialize();
  });
  after(async () => {
    await client?.stop();
  });

  it('get one information notice, and are linted on save and by lintAll', async () => {
    await client.waitFor('the start-up lint', () => client.logs.some((l) => l.startsWith('Candor: linted')));
    const line = 'We are aware of the outage. Rest assured, it will be fixed soon.\n';
    const huge = line.repeat(Math.ceil((LARGE_LIMIT + 1000) / line.length));
    const uri = await client.open('templates/huge.hbs', huge);
    const [notice, ...rest] = await client.pushed(uri, (d) => d.length > 0);
    assert.equal(rest.length, 0);
    assert.equal(notice!.severity, 3);
    assert.match(String(notice!.message), /too large to lint as you type; run Candor: Lint all templates/);
    const started = Date.now();
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
    assert.ok(Date.now() - started < 2000, 'the server still answers at once');

    await client.save(uri);
    const linted = await client.pushed(uri, (d) => d.some((x) => x.code === 'vague-timeline'), 'findings after the save', 30_000);
    assert.ok(linted.length > 1000);

    await client.change(uri, `${huge}Thanks.\n`);
    await client.pushed(uri, (d) => d.length === 1 && /too large/.test(String(d[0]!.message)), 'the notice again after an edit');
    await client.request('workspace/executeCommand', { command: 'candor.lintAll', arguments: [] });
    await client.pushed(uri, (d) => d.some((x) => x.code === 'vague-timeline'), 'findings after lintAll', 30_000);
    assert.ok(client.alive);
  });
});

describe('memory stays flat over 10,000 edits', { timeout: 60_000 }, () => {
  let client: TestClient;

  before(async () => {
    client = new TestClient({ root: tempTree({ 'templates/.keep': '' }), execArgv: ['--expose-gc'], settings: { debounceMs: 5 } });
    await client.initialize();
  });
  after(async () => {
    await client?.stop();
  });

  interface Stats {
    memory: NodeJS.MemoryUsage;
    gcExposed: boolean;
    documents: number;
    files: number;
    models: number;
    pendingLints: number;
  }

  it('holds one document and one model, and the heap does not grow', async () => {
    const uri = await client.open('templates/soak.hbs', 'Hi {{customer.firstName}},\nYour parcel left today.\n');
    await client.pushed(uri, () => true);
    // Warm up, so lazily built caches count as the baseline.
    for (let i = 0; i < 200; i++) await client.change(uri, `Hi there,\nYour parcel left today (warm-up ${i}). It will arrive soon.\n`);
    await client.waitFor('the warm-up lint', () => client.diagnostics.get(uri)?.version === 201);
    const before = await client.request<Stats>('candor/debugStats', { gc: true });
    assert.equal(before.gcExposed, true);

    let version = 0;
    for (let i = 0; i < 10_000; i++) {
      version = await client.change(uri, `Hi there,\nYour parcel left today (edit ${i}).${i % 3 === 0 ? ' It will arrive soon.' : ''}\n`);
      // Now and then let the debounced lint run, so linting is part of the soak and not only the edits.
      if (i % 500 === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await client.waitFor('the last version', () => client.diagnostics.get(uri)?.version === version, 20_000);
    const after = await client.request<Stats>('candor/debugStats', { gc: true });
    assert.equal(after.documents, 1);
    assert.equal(after.files, 1);
    assert.equal(after.models, 1);
    assert.equal(after.pendingLints, 0);
    const growth = after.memory.heapUsed - before.memory.heapUsed;
    assert.ok(growth < 50 * 1024 * 1024, `heapUsed grew by ${(growth / 1024 / 1024).toFixed(1)} MB`);
  });
});

describe('a rule that throws', () => {
  const throwing = (id: string): PhraseRule =>
    ({
      kind: 'phrase',
      id,
      name: id,
      defaultSeverity: 'warning',
      when: 'any',
      fixable: false,
      description: 'throws',
      message: 'throws',
      why: '',
      better: [],
      get patterns(): never {
        throw new Error(`${id} exploded`);
      },
      examples: { bad: [], good: [] },
    }) as unknown as PhraseRule;

  it('is reported once per rule id and the other rules still report', () => {
    const messages: string[] = [];
    const reporter = new RuleErrorReporter((message) => messages.push(message));
    const config = { ...defaultEngineConfig, userPhrases: [throwing('acme/boom'), throwing('acme/bang')] };
    for (const text of ['Dear Customer,\nIt will be fixed soon.\n', 'Dear Customer,\nWe value your business.\n', 'Hi,\nSoon.\n']) {
      const findings = lintModel(buildModel(text, '/tmp/t.hbs', config, noHost), { onRuleError: (id, error) => reporter.report(id, error, '/tmp/t.hbs') });
      assert.ok(findings.some((f) => f.ruleId === 'generic-greeting' || f.ruleId === 'vague-timeline'), 'the other rules still report');
    }
    assert.equal(messages.length, 2, 'once per rule id, not once per lint');
    assert.match(messages[0]!, /acme\/boom failed on \/tmp\/t\.hbs[\s\S]*acme\/boom exploded/);
    assert.match(messages[1]!, /acme\/bang/);
    assert.deepEqual(reporter.ruleIds, ['acme/boom', 'acme/bang']);
  });
});
