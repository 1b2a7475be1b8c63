// unused-disable: suppression comments that silence nothing are reported, and the fix removes them.
import { ruleTests } from './ruleTester.ts';

ruleTests('unused-disable', {
  good: [
    '{{!-- candor-disable-next-line shifts-blame -- the carrier is named on purpose --}}\nThe delay is outside our control.',
    '{{!-- candor-disable-file --}}\nDear Customer,',
  ],
  bad: [
    {
      text: '{{!-- candor-disable-next-line shifts-blame --}}\nThanks for your order.',
      flagged: ['{{!-- candor-disable-next-line shifts-blame --}}'],
      fixed: 'Thanks for your order.',
    },
    {
      name: 'an unknown rule id has no automatic fix',
      text: '{{!-- candor-disable-next-line shift-blame --}}\nThe delay is outside our control.',
      flagged: ['{{!-- candor-disable-next-line shift-blame --}}'],
      fixed: '{{!-- candor-disable-next-line shift-blame --}}\nThe delay is outside our control.',
    },
  ],
});
