// Protocol tests for `candor/preview`: one message per path, labelled, with each highlight's finding placed in the document.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TestClient } from './lspClient.ts';
import { fixtureWorkspace } from './fixture.ts';
import type { PreviewResult } from '../../server/src/lsp/preview.ts';

const update = [
  'Hi {{customer.firstName}},',
  '',
  '{{#if case.resolved}}',
  'Your refund went through this morning.',
  '{{> signature}}',
  '{{else}}',
  'We apologize for any inconvenience. We will get back to you soon.',
  '{{> signature}}',
  '{{/if}}',
  '',
].join('\n');

describe('language server: candor/preview', { timeout: 60_000 }, () => {
  let client: TestClient;

  before(async () => {
    client = new TestClient({ root: fixtureWorkspace({ 'templates/update.hbs': update }) });
    await client.initialize();
  });
  after(async () => {
    await client?.stop();
  });

  it('answers one message per path, labelled, with the findings behind each highlight and their document ranges', async () => {
    const uri = await client.open('templates/update.hbs', update, 'handlebars');
    const diagnostics = await client.pushed(uri, (d) => d.some((x) => x.code === 'cheerful-sign-off'));
    const preview = await client.request<PreviewResult>('candor/preview', { uri, version: 1 });
    assert.equal(preview.uri, uri);
    assert.equal(preview.version, 1);
    assert.equal(preview.notice, undefined);
    assert.deepEqual(preview.messages.map((m) => m.label), ['Resolved', 'Unresolved']);
    const [resolved, unresolved] = preview.messages;

    assert.equal(resolved!.state, 'resolved');
    assert.deepEqual(resolved!.conditions, resolved!.conditions.filter((c) => /case\.resolved/.test(c)));
    assert.match(resolved!.text, /^Hi Ada,\n\nYour refund went through this morning\.\nThanks,\nThe Support Team\nHave a great day!$/, 'the partial is rendered with the sample data');
    assert.deepEqual(resolved!.highlights, [], 'a cheerful sign-off is fine once the case is resolved');

    assert.equal(unresolved!.state, 'unresolved');
    assert.equal(unresolved!.hasNextUpdate, false);
    assert.deepEqual(unresolved!.counts, { error: 0, warning: 4, information: 1 });
    const byRule = new Map(unresolved!.highlights.map((h) => [h.ruleId, h]));
    assert.deepEqual([...byRule.keys()].sort(), ['apology-without-action', 'cheerful-sign-off', 'missing-next-update', 'non-apology', 'vague-timeline']);

    const soon = byRule.get('vague-timeline')!;
    assert.equal(unresolved!.text.slice(soon.start, soon.end), 'soon');
    assert.deepEqual(soon.range, { start: { line: 6, character: 60 }, end: { line: 6, character: 64 } });
    assert.equal(soon.severity, 'warning');
    assert.match(soon.message, /“soon” gives no time/);
    assert.ok(soon.why.length > 20, 'the rule’s explanation comes along for the hover');

    const signOff = byRule.get('cheerful-sign-off')!;
    assert.equal(unresolved!.text.slice(signOff.start, signOff.end), 'Thanks,\nThe Support Team\nHave a great day!', 'the partial’s words are highlighted');
    assert.deepEqual(signOff.range, { start: { line: 7, character: 0 }, end: { line: 7, character: 15 } }, 'reveal goes to the {{> signature}} call');

    // Every highlight's range is where the editor shows the same finding.
    for (const highlight of unresolved!.highlights) {
      const diagnostic = diagnostics.find((d) => d.code === highlight.ruleId);
      assert.ok(diagnostic, `a diagnostic for ${highlight.ruleId}`);
      assert.deepEqual(highlight.range, diagnostic.range, highlight.ruleId);
      assert.equal(preview.findings[highlight.finding]!.ruleId, highlight.ruleId);
    }
  });

  it('follows edits of the template and of an open partial before they are saved', async () => {
    const uri = client.uri('templates/update.hbs');
    const version = await client.change(uri, update.replace('get back to you soon', 'write again by Friday at 5 pm'));
    const partialUri = await client.open('partials/signature.hbs', 'Best,\nThe Support Team\n', 'handlebars');
    const preview = await client.request<PreviewResult>('candor/preview', { uri, version });
    assert.equal(preview.version, version);
    const unresolved = preview.messages.find((m) => m.label === 'Unresolved')!;
    assert.ok(!unresolved.highlights.some((h) => h.ruleId === 'vague-timeline'), 'the edit removed the vague timeline');
    assert.equal(unresolved.hasNextUpdate, true);
    assert.match(unresolved.text, /write again by Friday at 5 pm\.\nBest,\nThe Support Team$/);
    await client.close(partialUri);
  });

  it('filters by case state and explains when a file has no preview', async () => {
    const uri = client.uri('templates/update.hbs');
    const onlyResolved = await client.request<PreviewResult>('candor/preview', { uri, caseFilter: 'resolved' });
    assert.deepEqual(onlyResolved.messages.map((m) => m.label), ['Resolved']);
    const other = await client.request<PreviewResult>('candor/preview', { uri: client.uri('notes/readme.txt') });
    assert.deepEqual(other.messages, []);
    assert.match(other.notice ?? '', /does not check this file/);
    assert.ok(client.alive);
  });
});
