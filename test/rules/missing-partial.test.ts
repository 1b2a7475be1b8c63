// missing-partial: partial calls that no configured partial file provides.
import { ruleTests } from './ruleTester.ts';

const partials = { signature: 'Sam, Candor Support' };

ruleTests('missing-partial', {
  good: [
    { text: 'Thanks,\n{{> signature}}', options: { partials } },
    'No partials here.',
  ],
  bad: [
    { text: 'Thanks,\n{{> signatur}}', options: { partials }, flagged: ['{{> signatur}}'], severity: 'error' },
    { text: '{{#if case.resolved}}{{> happy-footer}}{{/if}}', flagged: ['{{> happy-footer}}'] },
  ],
});
