// Protocol tests in push mode: diagnostics, hovers, code actions, completion, definitions and config reload.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeAction, CompletionItem, Diagnostic, DocumentSymbol, Hover, Location } from 'vscode-languageserver-protocol/node';
import { applyFixes } from '../../server/src/engine/index.ts';
import { TestClient } from './lspClient.ts';
import { cliExpectations, fixtureWorkspace, outage, simplify } from './fixture.ts';
import { applyEdits } from './edits.ts';

const TEMPLATES = ['templates/outage.hbs', 'templates/refund.hbs', 'templates/refundSlow.hbs', 'partials/signature.hbs'];

describe('language server (push diagnostics)', { timeout: 60_000 }, () => {
  let root: string;
  let client: TestClient;
  let outageUri: string;

  before(async () => {
    root = fixtureWorkspace();
    client = new TestClient({ root });
    await client.initialize();
  });
  after(async () => {
    await client?.stop();
  });

  it('lints every template in the background, exactly as the CLI does', async () => {
    const expected = cliExpectations(root, TEMPLATES);
    for (const [path, { expected: want }] of expected) {
      const got = await client.pushed(client.uri(path.slice(root.length + 1)), (d) => d.length === want.length, `${want.length} diagnostics on ${path}`);
      assert.deepEqual(simplify(got), want, path);
      for (const diagnostic of got) {
        assert.equal(diagnostic.source, 'candor');
        assert.match(String(diagnostic.codeDescription?.href), new RegExp(`/docs/rules/${diagnostic.code}\\.md$`));
      }
    }
    const slow = client.diagnostics.get(client.uri('templates/refundSlow.hbs'))!.diagnostics;
    const conflict = slow.find((d) => d.code === 'conflicting-commitments');
    assert.ok(conflict, 'the unopened template sees the conflict with the other one');
    assert.equal(conflict.relatedInformation?.[0]?.location.uri, client.uri('templates/refund.hbs'));
  });

  it('publishes diagnostics for an opened document and follows its changes', async () => {
    outageUri = await client.open('templates/outage.hbs', outage);
    const first = await client.pushed(outageUri, (d) => d.some((x) => x.code === 'vague-timeline'));
    const signOff = first.filter((d) => d.code === 'cheerful-sign-off');
    assert.equal(signOff.length, 2, 'one on the line, one at the partial call');
    const viaPartial = signOff.find((d) => d.range.start.line === 7)!;
    assert.equal(viaPartial.relatedInformation?.[0]?.location.uri, client.uri('partials/signature.hbs'));
    client.settings = { ...client.settings, debounceMs: 300 };
    const lintsBefore = client.logs.filter((l) => l.startsWith('Candor: linted')).length;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.waitFor('the re-lint after the settings change', () => client.logs.filter((l) => l.startsWith('Candor: linted')).length > lintsBefore);
    await client.change(outageUri, outage.replace(' soon', ' by 4pm today'));
    await client.change(outageUri, outage.replace(' soon', ' by 5pm today'));
    const second = await client.pushed(outageUri, (d) => !d.some((x) => x.code === 'vague-timeline'));
    assert.ok(second.some((d) => d.code === 'unkeepable-promise'));
    const versions = client.published.filter((p) => p.uri === outageUri).map((p) => p.version);
    assert.ok(versions.includes(3) && !versions.includes(2), `the newer change superseded the pending lint (published versions: ${versions.join(', ')})`);
    client.settings = { ...client.settings, debounceMs: 20 };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.change(outageUri, outage);
    await client.pushed(outageUri, (d) => d.some((x) => x.code === 'vague-timeline'));
  });

  it('explains a finding on hover: rule, why, case state, better wording, doc link', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: outageUri }, position: { line: 6, character: 5 } });
    const text = (hover.contents as { value: string }).value;
    assert.match(text, /Cheerful sign-off on an open case/);
    assert.match(text, /`cheerful-sign-off`/);
    assert.match(text, /case is unresolved here/);
    assert.match(text, /front matter says `case: unresolved`/);
    assert.match(text, /Better:/);
    assert.match(text, /\[Rule documentation\]\(.*cheerful-sign-off\.md\)/);
  });

  it('shows a partial’s text and a variable’s sample value on hover', async () => {
    const partial = await client.request<Hover>('textDocument/hover', { textDocument: { uri: outageUri }, position: { line: 7, character: 6 } });
    assert.match((partial.contents as { value: string }).value, /The Support Team/);
    const refundUri = await client.open('templates/refund.hbs', readFileSync(join(root, 'templates/refund.hbs'), 'utf8'));
    const variable = await client.request<Hover>('textDocument/hover', { textDocument: { uri: refundUri }, position: { line: 0, character: 8 } });
    assert.match((variable.contents as { value: string }).value, /customer\.firstName[\s\S]*"Ada"/);
  });

  it('offers quick fixes with their edits', async () => {
    const diagnostics = client.diagnostics.get(outageUri)!.diagnostics;
    const signOff = diagnostics.find((d) => d.code === 'cheerful-sign-off' && d.range.start.line === 6)!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: outageUri }, range: signOff.range, context: { diagnostics: [signOff] } });
    const disableLine = actions.find((a) => a.title === 'Disable cheerful-sign-off for this line')!;
    assert.ok(disableLine);
    assert.equal(disableLine.kind, 'quickfix');
    assert.deepEqual(disableLine.diagnostics, [signOff]);
    assert.deepEqual(disableLine.edit?.changes?.[outageUri], [{ range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, newText: '  {{!-- candor-disable-next-line cheerful-sign-off --}}\n' }]);
    const disableFile = actions.find((a) => a.title === 'Disable cheerful-sign-off for this file')!;
    assert.deepEqual(disableFile.edit?.changes?.[outageUri], [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: '{{!-- candor-disable-file cheerful-sign-off --}}\n' }]);
    const wrap = actions.find((a) => a.title.includes('{{#if case.resolved}}'))!;
    assert.equal(applyEdits(outage, wrap.edit!.changes![outageUri]!).split('\n')[6], '  {{#if case.resolved}}Have a great day!{{/if}}');

    const greeting = diagnostics.find((d) => d.code === 'generic-greeting')!;
    const greetingActions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: outageUri }, range: greeting.range, context: { diagnostics: [greeting] } });
    const fix = greetingActions.find((a) => a.isPreferred)!;
    assert.ok(fix, 'the safe fix is preferred');
    assert.deepEqual(fix.edit?.changes?.[outageUri], [{ range: greeting.range, newText: 'Hi {{customer.firstName}}' }]);
    assert.ok(!greetingActions.some((a) => a.title.includes('front matter')), 'the file already declares its state');
  });

  it('adds a rule to a disable-next-line comment that is already there', async () => {
    const text = '---\ncase: unresolved\n---\nI will update you by 4pm.\n  {{!-- candor-disable-next-line idiom --}}\n  Have a great day!\n';
    const uri = await client.open('templates/stacked.hbs', text);
    const diagnostics = await client.pushed(uri, (d) => d.some((x) => x.code === 'cheerful-sign-off'));
    const signOff = diagnostics.find((d) => d.code === 'cheerful-sign-off')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: signOff.range, context: { diagnostics: [signOff] } });
    const disableLine = actions.find((a) => a.title === 'Disable cheerful-sign-off for this line')!;
    assert.equal(applyEdits(text, disableLine.edit!.changes![uri]!).split('\n')[4], '  {{!-- candor-disable-next-line idiom cheerful-sign-off --}}');
  });

  it('applies every safe fix with source.fixAll.candor', async () => {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: outageUri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.kind, 'source.fixAll.candor');
    const fixed = applyEdits(outage, actions[0]!.edit!.changes![outageUri]!);
    const expected = cliExpectations(root, ['templates/outage.hbs']).get(join(root, 'templates/outage.hbs'))!;
    assert.equal(fixed, applyFixes(outage, expected.findings).text);
    assert.match(fixed, /^Hi \{\{customer\.firstName\}\},$/m);
  });

  it('offers case front matter where the state is unknown', async () => {
    const uri = await client.open('templates/unknown.hbs', 'Hi {{customer.firstName}},\nWe are looking into it. Have a great day!\n');
    const diagnostics = await client.pushed(uri, (d) => d.some((x) => x.code === 'cheerful-sign-off'));
    const signOff = diagnostics.find((d) => d.code === 'cheerful-sign-off')!;
    assert.equal(signOff.severity, 3, 'information in unknown state');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: signOff.range, context: { diagnostics: [signOff] } });
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: signOff.range.start });
    assert.match((hover.contents as { value: string }).value, /Case state: unknown[\s\S]*`case: unresolved`/, 'the hover says how to declare the state');
    const declare = actions.find((a) => a.title.startsWith('Declare this template unresolved'))!;
    assert.deepEqual(declare.edit?.changes?.[uri], [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '---\ncase: unresolved\n---\n' }]);
  });

  it('tags an unused suppression comment as unnecessary', async () => {
    const uri = await client.open('templates/unused.hbs', 'Hi {{customer.firstName}},\n{{!-- candor-disable-next-line idiom --}}\nYour parcel left our depot at 9am.\n');
    const diagnostics = await client.pushed(uri, (d) => d.some((x) => x.code === 'unused-disable'));
    assert.deepEqual(diagnostics.find((d) => d.code === 'unused-disable')!.tags, [1]);
  });

  it('completes data fields, partial names, helpers and rule ids', async () => {
    const uri = await client.open('templates/draft.hbs', 'Hi {{customer.}}\n{{> }}\n{{!-- candor-disable-next-line  --}}\n{{#}}\n');
    const at = (line: number, character: number) => client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
    const fields = (await at(0, 14)).map((i) => i.label);
    assert.deepEqual(fields.sort(), ['email', 'firstName']);
    assert.deepEqual((await at(1, 4)).map((i) => i.label), ['signature']);
    const ruleIds = (await at(2, 32)).map((i) => i.label);
    assert.ok(ruleIds.includes('cheerful-sign-off') && ruleIds.includes('vague-timeline'));
    const blockHelpers = (await at(3, 3)).map((i) => i.label);
    assert.ok(blockHelpers.includes('if') && blockHelpers.includes('each') && !blockHelpers.includes('lookup'));
    const top = (await at(0, 5)).map((i) => i.label);
    assert.ok(top.includes('customer') && top.includes('ticket') && top.includes('if'));
  });

  it('goes to a partial’s definition and links it; lists symbols', async () => {
    const locations = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: outageUri }, position: { line: 7, character: 5 } });
    assert.deepEqual(locations.map((l) => l.uri), [client.uri('partials/signature.hbs')]);
    const links = await client.request<Array<{ target: string; range: Diagnostic['range'] }>>('textDocument/documentLink', { textDocument: { uri: outageUri } });
    assert.deepEqual(links.map((l) => [l.target, l.range.start.character, l.range.end.character]), [[client.uri('partials/signature.hbs'), 4, 13]]);
    const refundUri = client.uri('templates/refund.hbs');
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: refundUri } });
    assert.deepEqual(symbols.map((s) => s.name), ['#if case.resolved']);
  });

  it('answers candor/rules for the client’s Explain command', async () => {
    const rules = await client.request<Array<{ id: string; name: string; why: string; better: string[]; docsUrl: string }>>('candor/rules', {});
    const signOff = rules.find((r) => r.id === 'cheerful-sign-off')!;
    assert.ok(signOff.name && signOff.why && signOff.better.length);
    assert.match(signOff.docsUrl, /cheerful-sign-off\.md$/);
  });

  it('reloads .candorrc.json without a restart', async () => {
    writeFileSync(join(root, '.candorrc.json'), JSON.stringify({ partials: ['partials/**/*.hbs'], data: 'data/sample.json', rules: { 'vague-timeline': 'off' } }));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('.candorrc.json'), type: 2 }] });
    const diagnostics = await client.pushed(outageUri, (d) => !d.some((x) => x.code === 'vague-timeline') && d.some((x) => x.code === 'unkeepable-promise'));
    assert.ok(diagnostics.length > 0);
  });

  it('shows a broken config on the config file and keeps linting with the last good one', async () => {
    const configUri = client.uri('.candorrc.json');
    writeFileSync(join(root, '.candorrc.json'), '{\n  "rules": {\n    "vague-timeline": "loud"\n  }\n}\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    const [configError] = await client.pushed(configUri, (d) => d.length === 1);
    assert.equal(configError!.severity, 1);
    assert.equal(configError!.range.start.line, 2);
    assert.match(configError!.message as string, /vague-timeline/);
    await client.change(outageUri, `${outage}We value your business.\n`);
    const diagnostics = await client.pushed(outageUri, (d) => d.some((x) => x.code === 'impersonal-boilerplate'));
    assert.ok(!diagnostics.some((d) => d.code === 'vague-timeline'), 'the last good config still turns vague-timeline off');
    assert.ok(!diagnostics.some((d) => d.code === 'missing-partial'), 'partials still resolve through the last good config');

    writeFileSync(join(root, '.candorrc.json'), JSON.stringify({ partials: ['partials/**/*.hbs'], data: 'data/sample.json' }));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    await client.pushed(configUri, (d) => d.length === 0, 'the config diagnostic to clear');
    await client.pushed(outageUri, (d) => d.some((x) => x.code === 'vague-timeline'));
  });

  it('reports a broken template and stays alive', async () => {
    const uri = await client.open('templates/broken.hbs', 'Hi {{customer.firstName}},\n{{#if x}}We are on it.\n');
    const diagnostics = await client.pushed(uri, (d) => d.some((x) => x.code === 'template-syntax'));
    assert.equal(diagnostics.find((d) => d.code === 'template-syntax')!.severity, 1);
    for (const text of ['{{', '{{#each}}{{/if}}', '---\ncase: [\n', '{{> }}', '\uFEFF{{!-- candor-disable-next-line', '']) {
      await client.change(uri, text);
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
      await client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } }, context: { diagnostics: [] } });
      await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 2 } });
      await client.request('textDocument/documentSymbol', { textDocument: { uri } });
    }
    assert.ok(client.alive);
    await client.request('workspace/executeCommand', { command: 'candor.lintAll', arguments: [] });
    assert.ok(client.alive);
  });
});

describe('language server with no debounce (debounceMs 0)', { timeout: 30_000 }, () => {
  it('lints each change without a pause, and the last diagnostics published are for the last change', async () => {
    const client = new TestClient({ root: fixtureWorkspace(), settings: { debounceMs: 0 } });
    try {
      await client.initialize();
      const uri = await client.open('templates/outage.hbs', outage);
      await client.pushed(uri, (d) => d.some((x) => x.code === 'vague-timeline'));
      await client.change(uri, outage.replace(' soon', ' by 4pm today'));
      await client.pushed(uri, (d) => !d.some((x) => x.code === 'vague-timeline'), 'the change is linted without a pause');
      // Two changes sent together (the first may or may not be linted before the second arrives).
      void client.change(uri, outage.replace(' soon', ' by 5pm today'));
      const last = await client.change(uri, outage);
      await client.pushed(uri, (d) => d.some((x) => x.code === 'vague-timeline'));
      const versions = client.published.filter((p) => p.uri === uri).map((p) => p.version);
      assert.equal(versions.at(-1), last);
    } finally {
      await client.stop();
    }
  });
});
