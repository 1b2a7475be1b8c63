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

test('a duration is read however its unit is joined to the number: space, none, a qualifier, a number word', () => {
  // The unit gate looks at what stands right before a unit word (a space, a digit, a number word or a
  // qualifier): each way a duration can put something there must still be read, and "today" or "Monday" alone
  // must not make one.
  const written = [
    ['within 3 days', '3 days'],
    ['within 3days', '3days'],
    ['within 3\u00A0days', '3\u00A0days'],
    ['within ten days', 'ten days'],
    ['within tendays', 'tendays'],
    ['within 2–4 weeks', '2–4 weeks'],
    ['within 2 to 4weeks', '2 to 4weeks'],
    ['within 3 business days', '3 business days'],
    ['within 3 businessdays', '3 businessdays'],
    ['WITHIN 3 WORKING DAYS', '3 WORKING DAYS'],
    ['within \u017Feven days', '\u017Feven days'],
  ];
  for (const [phrase, excerpt] of written) {
    const [a, b] = lintFiles({ '/t/a.hbs': `Your refund arrives ${phrase}.`, '/t/b.hbs': 'Your refund arrives within 12 months.' });
    assert.equal(a!.findings.length, 1, phrase);
    assert.ok(a!.flagged[0]!.includes(excerpt!), `${phrase}: ${a!.flagged[0]}`);
    assert.equal(b!.findings.length, 1, phrase);
  }
  const none = lintFiles({ '/t/a.hbs': 'Your refund arrives today, or on Monday at the latest.', '/t/b.hbs': 'Your refund arrives within 12 months.' });
  assert.deepEqual(none.flatMap((f) => f.flagged), []);
});

test('a duration takes its topic from its own sentence, else from the sentence right before it', () => {
  const other = { '/t/b.hbs': 'Your refund arrives within 12 months. Delivery takes 9 weeks.' };
  // The refund is named in the sentence before the duration.
  const [before] = lintFiles({ '/t/a.hbs': 'We approved your refund. It lands within 5 days.', ...other });
  assert.deepEqual(before!.flagged, ['within 5 days']);
  // Only the sentence right before counts, even when the one between has a unit word and no duration.
  const [between] = lintFiles({ '/t/a.hbs': 'We approved your refund. Have a nice day. It lands within 5 days.', ...other });
  assert.deepEqual(between!.flagged, []);
  // Two topics in two sentences, each with its own duration, and a line break ends a sentence too.
  const [two] = lintFiles({ '/t/a.hbs': 'Your refund arrives within 3 days!\nShipping takes 2 weeks. Thanks.', ...other });
  assert.deepEqual(two!.flagged, ['within 3 days', 'takes 2 weeks']);
});
