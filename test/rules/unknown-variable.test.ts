// unknown-variable: variables the configured sample data does not have (only when data is configured).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTests, findingsOf } from './ruleTester.ts';

const data = { config: { data: { kind: 'sample' as const, value: { customer: { firstName: 'Ana' }, order: { id: 7 } }, path: 'sample.json' } } };

ruleTests('unknown-variable', {
  good: [
    { text: 'Hi {{customer.firstName}}, order {{order.id}} shipped.', options: data },
    { name: 'no data configured: nothing is checked', text: 'Hi {{customer.fristName}},' },
  ],
  bad: [
    { text: 'Hi {{customer.fristName}},', options: data, flagged: ['customer.fristName'] },
    { text: 'Order {{order.number}} shipped.', options: data, flagged: ['order.number'] },
  ],
});

test('unknown-variable suggests the nearest known name', () => {
  const [finding] = findingsOf('unknown-variable', 'Hi {{customer.fristName}},', data);
  assert.match(finding!.message, /customer\.firstName/);
});
