// conflicting-commitments: templates in one workspace promising different times for the same thing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, lintModel, lintWorkspace } from '../../server/src/engine/index.ts';
import { defaultEngineConfig } from '../../server/src/config/types.ts';
import { flagged } from '../helpers.ts';

function lintFiles(files: Record<string, string>) {
  const linted = Object.entries(files).map(([path, text]) => {
    const model = buildModel(text, path, defaultEngineConfig, { resolvePartial: () => undefined });
    return { model, findings: lintModel(model) };
  });
  lintWorkspace(linted);
  return linted.map(({ model, findings }) => ({
    path: model.path,
    flagged: findings.filter((f) => f.ruleId === 'conflicting-commitments').map((f) => flagged(model.text, f)),
    findings: findings.filter((f) => f.ruleId === 'conflicting-commitments'),
  }));
}

test('different refund times are reported on both templates, each pointing at the other', () => {
  const [a, b] = lintFiles({
    '/t/refund-a.hbs': 'Your refund arrives within 3 business days.',
    '/t/refund-b.hbs': 'Refunds take 5-7 business days.',
  });
  assert.equal(a!.findings.length, 1);
  assert.equal(b!.findings.length, 1);
  assert.match(a!.flagged[0]!, /3 business days/);
  assert.match(b!.flagged[0]!, /5-7 business days/);
  assert.equal(a!.findings[0]!.related[0]!.path, '/t/refund-b.hbs');
  assert.equal(b!.findings[0]!.related[0]!.path, '/t/refund-a.hbs');
});

test('the same time everywhere, or different topics, is fine', () => {
  const same = lintFiles({ '/t/a.hbs': 'Your refund arrives within 3 business days.', '/t/b.hbs': 'Refunds take 3 business days.' });
  assert.deepEqual(same.flatMap((f) => f.flagged), []);
  const topics = lintFiles({ '/t/a.hbs': 'Your refund arrives within 3 business days.', '/t/b.hbs': 'We reply within 2 business days.' });
  assert.deepEqual(topics.flatMap((f) => f.flagged), []);
});

test('a suppression comment silences one side', () => {
  const [a, b] = lintFiles({
    '/t/a.hbs': '{{!-- candor-disable-next-line conflicting-commitments -- express refunds --}}\nYour refund arrives within 3 business days.',
    '/t/b.hbs': 'Refunds take 5-7 business days.',
  });
  assert.equal(a!.findings.length, 0);
  assert.equal(b!.findings.length, 1);
});
