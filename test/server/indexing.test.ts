// Indexing a workspace on worker threads: the server lints closed templates on index workers (forced here with
// CANDOR_WORKERS; a real workspace needs a few hundred templates) and must publish exactly what the CLI reports,
// cross-file findings included, while open documents and their unsaved text still win.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestClient } from './lspClient.ts';
import { cliExpectations, fixtureWorkspace, simplify } from './fixture.ts';

const MORE: Record<string, string> = {};
for (let i = 0; i < 12; i++) {
  MORE[`templates/bulk/notice-${i}.hbs`] = [
    '---',
    `case: ${i % 2 ? 'resolved' : 'unresolved'}`,
    '---',
    'Dear Valued Customer,',
    '',
    i % 3 ? 'Your refund will arrive in 3 business days.' : 'Your refund will arrive in 5-7 business days.',
    'We will get back to you soon. {{> signature}}',
    '',
  ].join('\n');
}
const TEMPLATES = ['templates/outage.hbs', 'templates/refund.hbs', 'templates/refundSlow.hbs', 'partials/signature.hbs', ...Object.keys(MORE)];

describe('language server indexing on worker threads', { timeout: 60_000 }, () => {
  const clients: TestClient[] = [];
  after(async () => {
    for (const client of clients) await client.stop();
  });

  it('publishes for every closed template what the CLI reports', async () => {
    const root = fixtureWorkspace(MORE);
    const client = new TestClient({ root, env: { CANDOR_WORKERS: '2' } });
    clients.push(client);
    await client.initialize();
    await client.waitFor('the background lint', () => client.logs.some((l) => l.startsWith('Candor: linted')));
    assert.ok(client.logs.some((l) => /^Candor: indexed 16 closed templates on 2 worker threads\.$/.test(l)), client.logs.join('\n'));
    const expected = cliExpectations(root, TEMPLATES);
    for (const [path, { expected: want }] of expected) {
      const got = await client.pushed(client.uri(path.slice(root.length + 1)), (d) => d.length === want.length, `${want.length} diagnostics on ${path}`);
      assert.deepEqual(simplify(got), want, path);
    }
    assert.ok(
      expected.get(`${root}/templates/bulk/notice-0.hbs`)!.expected.some((d) => d.code === 'conflicting-commitments'),
      'the fixture has a conflict across files, found over records sent back by the workers',
    );
    assert.deepEqual(client.errors, []);
  });

  it('keeps what the workers finished when one runs out of memory, and lints the rest itself', async () => {
    const many: Record<string, string> = { ...MORE };
    // Tasks ahead of the big template, so that some are finished before it runs its worker out of memory.
    for (let i = 0; i < 200; i++) many[`templates/many/reply-${String(i).padStart(3, '0')}.hbs`] = `Hi {{customer.firstName}},\n\nYour parcel ${i} left today.\n`;
    let big = '';
    for (let i = 0; i < 9000; i++) big += `Line ${i} of the order log lists item {{item.name}} as packed.\n`;
    many['zz/big.hbs'] = `${big}We will get back to you soon.\n`;
    const root = fixtureWorkspace(many);
    // Workers capped at 16 MB of old generation: the big template's model does not fit.
    const client = new TestClient({ root, env: { CANDOR_WORKERS: '2', CANDOR_WORKER_HEAP_MB: '16' } });
    clients.push(client);
    await client.initialize();
    await client.waitFor('the background lint', () => client.logs.some((l) => l.startsWith('Candor: linted')));
    const failed = client.logs.map((l) => /^Candor: indexing on worker threads failed after (\d+) of (\d+) templates, linting the rest here: .*memory/.exec(l)).find(Boolean);
    assert.ok(failed, client.logs.join('\n'));
    assert.ok(Number(failed[1]) > 0 && Number(failed[1]) < Number(failed[2]), failed[0]);
    const expected = cliExpectations(root, [...TEMPLATES, 'templates/many/reply-000.hbs', 'templates/many/reply-199.hbs', 'zz/big.hbs']);
    for (const [path, { expected: want }] of expected) {
      const got = await client.pushed(client.uri(path.slice(root.length + 1)), (d) => d.length === want.length, `${want.length} diagnostics on ${path}`);
      assert.deepEqual(simplify(got), want, path);
    }
    assert.ok(expected.get(`${root}/zz/big.hbs`)!.expected.some((d) => d.code === 'vague-timeline'), 'the big template was linted (here)');
  });

  it('lints closed templates with the unsaved text of an open partial', async () => {
    const root = fixtureWorkspace(MORE);
    const client = new TestClient({ root, env: { CANDOR_WORKERS: '2' } });
    clients.push(client);
    await client.initialize();
    // Opened while the background lint may be running: whichever way the race goes, the closed templates that
    // include the partial end up linted with its unsaved text (a sign-off that says the case is settled).
    await client.open('partials/signature.hbs', 'Thanks,\nThe Support Team\nWe are aware of the outage. Rest assured, it will be fixed soon.\n');
    await client.waitFor('the background lint', () => client.logs.some((l) => l.startsWith('Candor: linted')));
    const notice = client.uri('templates/bulk/notice-0.hbs');
    const got = await client.pushed(notice, (d) => d.some((x) => x.code === 'unkeepable-promise'), 'the open partial’s promise reported at the call');
    assert.ok(!got.some((d) => d.code === 'cheerful-sign-off'), 'the saved partial’s sign-off is gone');
  });

  it('ends with the findings of a template’s new text when it changes on disk while indexing runs', async () => {
    // Enough templates that the workers are still busy when the change arrives.
    const many: Record<string, string> = { ...MORE };
    for (let i = 0; i < 400; i++) many[`templates/many/reply-${i}.hbs`] = MORE['templates/bulk/notice-1.hbs']!;
    const root = fixtureWorkspace(many);
    const client = new TestClient({ root, env: { CANDOR_WORKERS: '2' } });
    clients.push(client);
    await client.initialize();
    await client.waitFor('the workers to start', () => client.logs.some((l) => l.startsWith('Candor: indexing ')));
    // The first template in the workers' order. Whether a worker reads it before or after the change depends on
    // timing (the service keeps the watcher's lint over a worker's for files changed meanwhile); either way the
    // last word must be the new text's.
    const first = 'templates/bulk/notice-0.hbs';
    writeFileSync(join(root, first), '---\ncase: unresolved\n---\nHi {{customer.firstName}},\n\nRest assured, it will never happen again.\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(first), type: 2 }] });
    await client.waitFor('the background lint', () => client.logs.some((l) => l.startsWith('Candor: linted')));
    // Let anything still queued be published, then look at the last word.
    await client.request('candor/debugStats', {});
    const diagnostics = client.diagnostics.get(client.uri(first))?.diagnostics ?? [];
    assert.ok(diagnostics.some((d) => d.code === 'unkeepable-promise'), `the new text is what counts: ${JSON.stringify(diagnostics.map((d) => d.code))}`);
  });
});
