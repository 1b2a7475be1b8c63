// Protocol tests: "Remove this sentence" and "Add a next-update line" quick fixes, and sentenceRemoval itself.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import { TestClient } from './lspClient.ts';
import { fixtureWorkspace, outage } from './fixture.ts';
import { applyEdits } from './edits.ts';
import { sentenceRemoval } from '../../server/src/lsp/codeActions.ts';

describe('quick fixes: remove a sentence, add a next-update line', { timeout: 60_000 }, () => {
  let client: TestClient;
  let outageUri: string;
  let diagnostics: Diagnostic[];

  before(async () => {
    const root = fixtureWorkspace({ 'partials/holding.hbs': 'We are looking into it.\n' });
    client = new TestClient({ root });
    await client.initialize();
    outageUri = await client.open('templates/outage.hbs', outage);
    diagnostics = await client.pushed(outageUri, (d) => d.some((x) => x.code === 'unkeepable-promise') && d.some((x) => x.code === 'cheerful-sign-off'));
  });
  after(async () => {
    await client?.stop();
  });

  const actionsFor = (uri: string, diagnostic: Diagnostic) =>
    client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });

  it('removes the sentence holding a phrase finding, with the whitespace after it', async () => {
    const promise = diagnostics.find((d) => d.code === 'unkeepable-promise')!;
    const remove = (await actionsFor(outageUri, promise)).find((a) => a.title === 'Remove this sentence');
    assert.ok(remove, 'offered for a phrase finding');
    assert.equal(remove.kind, 'quickfix');
    assert.ok(!remove.isPreferred);
    assert.deepEqual(remove.diagnostics, [promise]);
    const lines = applyEdits(outage, remove.edit!.changes![outageUri]!).split('\n');
    assert.equal(lines[5], 'We are aware of the outage.', 'the last sentence of the line goes, the line break stays');
  });

  it('removes a sentence alone on its line with the line', async () => {
    const signOff = diagnostics.find((d) => d.code === 'cheerful-sign-off' && d.range.start.line === 6)!;
    const remove = (await actionsFor(outageUri, signOff)).find((a) => a.title === 'Remove this sentence')!;
    const fixed = applyEdits(outage, remove.edit!.changes![outageUri]!);
    assert.equal(fixed, outage.replace('  Have a great day!\n', ''));
  });

  it('offers no sentence removal for words that come from a partial or for structural findings', async () => {
    const viaPartial = diagnostics.find((d) => d.code === 'cheerful-sign-off' && d.range.start.line === 7)!;
    assert.ok(!(await actionsFor(outageUri, viaPartial)).some((a) => a.title === 'Remove this sentence'));
    const text = '---\ncase: unresolved\n---\nWe are aware of the problem and are looking into it.\n';
    const uri = await client.open('templates/aware.hbs', text);
    const found = await client.pushed(uri, (d) => d.some((x) => x.code === 'missing-next-update'));
    const missing = found.find((d) => d.code === 'missing-next-update')!;
    assert.ok(!(await actionsFor(uri, missing)).some((a) => a.title === 'Remove this sentence'));
  });

  it('never removes across a {{', async () => {
    const text = '---\ncase: unresolved\n---\nHi {{customer.firstName}}, rest assured we are on it.\nI will update you by 4pm.\n';
    const uri = await client.open('templates/inline.hbs', text);
    const found = await client.pushed(uri, (d) => d.some((x) => x.code === 'unkeepable-promise'));
    const promise = found.find((d) => d.code === 'unkeepable-promise')!;
    assert.ok(!(await actionsFor(uri, promise)).some((a) => a.title === 'Remove this sentence'), 'the sentence starts before {{customer.firstName}}');
  });

  it('offers "Add a next-update line" on missing-next-update, also when the message is a partial', async () => {
    const text = '---\ncase: unresolved\n---\nWe are aware of the problem and are looking into it.\n';
    const uri = client.uri('templates/aware.hbs');
    const missing = client.diagnostics.get(uri)!.diagnostics.find((d) => d.code === 'missing-next-update')!;
    const add = (await actionsFor(uri, missing)).filter((a) => a.title === 'Add a next-update line');
    assert.equal(add.length, 1, 'offered once');
    assert.equal(
      applyEdits(text, add[0]!.edit!.changes![uri]!),
      '---\ncase: unresolved\n---\nWe are aware of the problem and are looking into it. I will update you by {{next_update_time}}, even if we are still working on it.\n',
    );

    const viaPartial = '---\ncase: unresolved\n---\n{{> holding}}\n';
    const partialUri = await client.open('templates/holding-only.hbs', viaPartial);
    const found = await client.pushed(partialUri, (d) => d.some((x) => x.code === 'missing-next-update'));
    const finding = found.find((d) => d.code === 'missing-next-update')!;
    const offered = (await actionsFor(partialUri, finding)).filter((a) => a.title === 'Add a next-update line');
    assert.equal(offered.length, 1);
    assert.match(applyEdits(viaPartial, offered[0]!.edit!.changes![partialUri]!), /\{\{> holding\}\}.*I will update you by \{\{next_update_time\}\}/);
  });
});

describe('sentenceRemoval', () => {
  const remove = (text: string, phrase: string, bodyStart = 0) => {
    const at = text.indexOf(phrase);
    const range = sentenceRemoval(text, [at, at + phrase.length], bodyStart);
    return range && text.slice(0, range[0]) + text.slice(range[1]);
  };

  it('takes the sentence and the spaces after it', () => {
    assert.equal(remove('We value your business. Your refund left today.\n', 'value your business'), 'Your refund left today.\n');
  });
  it('keeps the line break of the last sentence on a line', () => {
    assert.equal(remove('Your refund left today. We value your business.\nBye.\n', 'We value'), 'Your refund left today.\nBye.\n');
  });
  it('keeps CRLF line endings intact', () => {
    assert.equal(remove('Ok.\r\nWe value your business.\r\nBye.\r\n', 'We value your business'), 'Ok.\r\nBye.\r\n');
  });
  it('works inside a block', () => {
    assert.equal(remove('{{#if case.resolved}}Enjoy your weekend!{{/if}}\n', 'Enjoy your weekend'), '{{#if case.resolved}}{{/if}}\n');
  });
  it('refuses a sentence that reaches across an inline tag', () => {
    assert.equal(remove('Hi {{customer.firstName}}, we value your business.\n', 'we value your business'), undefined);
    assert.equal(remove('Thanks. We value your business {{customer.firstName}}.\n', 'We value your business'), undefined);
  });
  it('stays out of the front matter', () => {
    const text = '---\ncase: unresolved\n---\nWe value your business.\n';
    assert.equal(remove(text, 'We value', text.indexOf('We')), '---\ncase: unresolved\n---\n');
  });
});
