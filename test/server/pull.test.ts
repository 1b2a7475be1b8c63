// Protocol tests in pull mode (textDocument/diagnostic, workspace/diagnostic) and the quiet-by-default handlebars setting.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { TestClient } from './lspClient.ts';
import { cliExpectations, fixtureWorkspace, outage, simplify } from './fixture.ts';
import { tempTree } from '../helpers.ts';

interface FullReport {
  kind: 'full' | 'unchanged';
  resultId?: string;
  items: Diagnostic[];
}

describe('language server (pull diagnostics)', { timeout: 60_000 }, () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = fixtureWorkspace();
    client = new TestClient({ root, pull: true });
    await client.initialize();
  });
  after(async () => {
    await client?.stop();
  });

  it('answers textDocument/diagnostic with the CLI’s findings and pushes nothing for templates', async () => {
    const uri = await client.open('templates/outage.hbs', outage);
    const report = await client.request<FullReport>('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(report.kind, 'full');
    const expected = cliExpectations(root, ['templates/outage.hbs', 'templates/refund.hbs', 'templates/refundSlow.hbs', 'partials/signature.hbs']);
    assert.deepEqual(simplify(report.items), expected.get(join(root, 'templates/outage.hbs'))!.expected);
    const again = await client.request<FullReport>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: report.resultId });
    assert.equal(again.kind, 'unchanged');

    await client.change(uri, outage.replace(' soon', ' by 4pm today'));
    const changed = await client.request<FullReport>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: report.resultId });
    assert.equal(changed.kind, 'full');
    assert.ok(!changed.items.some((d) => d.code === 'vague-timeline'), 'the pull sees the latest text even before the debounce ran');
    assert.ok(![...client.diagnostics.keys()].some((key) => key.endsWith('.hbs')), 'no template diagnostics are pushed in pull mode');
  });

  it('answers workspace/diagnostic for templates that are not open, with cross-file findings', async () => {
    const expected = cliExpectations(root, ['templates/outage.hbs', 'templates/refund.hbs', 'templates/refundSlow.hbs', 'partials/signature.hbs']);
    const workspace = await client.request<{ items: Array<FullReport & { uri: string }> }>('workspace/diagnostic', { previousResultIds: [] });
    const slow = workspace.items.find((item) => item.uri === client.uri('templates/refundSlow.hbs'));
    assert.ok(slow, 'the unopened template is reported');
    assert.deepEqual(simplify(slow.items), expected.get(join(root, 'templates/refundSlow.hbs'))!.expected);
    assert.ok(slow.items.some((d) => d.code === 'conflicting-commitments'));
    const unchanged = await client.request<{ items: Array<{ kind: string; uri: string }> }>('workspace/diagnostic', {
      previousResultIds: workspace.items.map((item) => ({ uri: item.uri, value: item.resultId })),
    });
    assert.ok(unchanged.items.every((item) => item.kind === 'unchanged'));
  });
});

describe('plain handlebars files stay quiet without a .candorrc.json', { timeout: 30_000 }, () => {
  let client: TestClient;
  const view = 'Dear Customer, we value your business.\n';

  before(async () => {
    client = new TestClient({ root: tempTree({ 'views/page.hbs': view }) });
    await client.initialize();
  });
  after(async () => {
    await client?.stop();
  });

  it('lints the Candor language but not plain handlebars, unless candor.lintHandlebars is "always"', async () => {
    const candorUri = await client.open('mail/reply.hbs', view, 'candor');
    await client.pushed(candorUri, (d) => d.some((x) => x.code === 'generic-greeting'));
    const viewUri = await client.open('views/page.hbs', view, 'handlebars');
    await client.request('textDocument/hover', { textDocument: { uri: viewUri }, position: { line: 0, character: 1 } });
    assert.ok(!client.diagnostics.get(viewUri)?.diagnostics.length, 'no diagnostics on a web view');

    client.settings = { ...client.settings, lintHandlebars: 'always', rules: { 'impersonal-boilerplate': 'error' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { candor: client.settings } });
    const diagnostics = await client.pushed(viewUri, (d) => d.some((x) => x.code === 'impersonal-boilerplate'));
    assert.equal(diagnostics.find((d) => d.code === 'impersonal-boilerplate')!.severity, 1, 'candor.rules overrides the severity');
  });
});

describe('candor.include picks the templates to check', { timeout: 30_000 }, () => {
  let client: TestClient;
  const reply = 'Dear Customer, we value your business.\n';

  before(async () => {
    client = new TestClient({ root: tempTree({ 'emails/reply.hbs': reply, 'views/page.hbs': reply }) });
    client.settings = { ...client.settings, include: ['emails/**/*.hbs'] };
    await client.initialize();
  });
  after(async () => {
    await client?.stop();
  });

  it('lints matching handlebars files (open or not) and leaves the rest alone', async () => {
    await client.pushed(client.uri('emails/reply.hbs'), (d) => d.some((x) => x.code === 'generic-greeting'));
    const viewUri = await client.open('views/page.hbs', reply, 'handlebars');
    await client.request('textDocument/hover', { textDocument: { uri: viewUri }, position: { line: 0, character: 1 } });
    assert.ok(!client.diagnostics.get(viewUri)?.diagnostics.length, 'a file outside candor.include stays quiet');
  });
});
