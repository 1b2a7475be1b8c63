// Message preview: one rendering per message path with the real Handlebars runtime, findings marked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, lintModel } from '../../server/src/engine/index.ts';
import { defaultEngineConfig } from '../../server/src/config/types.ts';
import { renderPreview } from '../../server/src/preview/render.ts';
import { previewHtml, previewText } from '../../server/src/preview/format.ts';

const partials = new Map([['signature', 'Have a great day!\n{{agent.name}}']]);
const host = { resolvePartial: (name: string) => (partials.has(name) ? { path: `/p/${name}.hbs`, text: partials.get(name)! } : undefined) };

function preview(text: string, data: unknown = { customer: { firstName: 'Ada' }, agent: { name: 'Sam' } }) {
  const model = buildModel(text, '/t/a.hbs', defaultEngineConfig, host);
  const findings = lintModel(model);
  return { findings, messages: renderPreview(model, findings, { data, partials }) };
}

test('each case branch renders as its own message, labelled', () => {
  const { messages } = preview('Hi {{customer.firstName}},\n{{#if case.resolved}}Your refund is done.{{else}}We are still checking.{{/if}}\n{{> signature}}');
  assert.deepEqual(messages.map((m) => m.label), ['Resolved', 'Unresolved']);
  assert.match(messages[0]!.text, /^Hi Ada,\nYour refund is done\.\nHave a great day!\nSam$/);
  assert.match(messages[1]!.text, /We are still checking\./);
});

test('findings are highlighted where they render, including a partial call', () => {
  const { findings, messages } = preview('{{#if case.resolved}}Done.{{else}}We will reply soon.{{/if}}\n{{> signature}}');
  const unresolved = messages.find((m) => m.label === 'Unresolved')!;
  const marked = unresolved.highlights.map((h) => [findings[h.finding]!.ruleId, unresolved.text.slice(h.start, h.end)]);
  assert.ok(marked.some(([id, text]) => id === 'vague-timeline' && text === 'soon'));
  assert.ok(marked.some(([id, text]) => id === 'cheerful-sign-off' && text.startsWith('Have a great day!')));
  assert.equal(messages.find((m) => m.label === 'Resolved')!.highlights.length, 0);
});

test('missing sample values show as visible placeholders, other conditions label the message', () => {
  const { messages } = preview('{{#if customer.vip}}Hi {{customer.lastName}}, priority line.{{else}}Hi {{customer.firstName}}.{{/if}}');
  assert.equal(messages.length, 2);
  const vip = messages.find((m) => m.text.includes('priority'))!;
  assert.equal(vip.text, 'Hi ‹customer.lastName›, priority line.');
  assert.deepEqual(vip.missing.map((m) => m.name), ['customer.lastName']);
  assert.match(vip.label, /`customer\.vip` is true/);
});

test('text and HTML reports carry the messages and escape content', () => {
  const { findings, messages } = preview('---\ncase: unresolved\n---\n<b>Oops!</b> We will reply soon.');
  const text = previewText([{ filePath: '/t/a.hbs', findings, messages }], { cwd: '/t', color: false });
  assert.match(text, /── Unresolved ── .*warning/);
  assert.match(text, /⟦soon⟧/);
  const html = previewHtml([{ filePath: '/t/a.hbs', findings, messages }], { cwd: '/t' });
  assert.match(html, /Content-Security-Policy/);
  assert.match(html, /&lt;b&gt;<mark class="warning"[^>]*>Oops!<\/mark>/);
  assert.doesNotMatch(html, /<script/);
});
