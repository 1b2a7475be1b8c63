// billing-while-unresolved: payment, renewal and upsell wording on an open case.
import { resolved, ruleTests, unresolved } from './ruleTester.ts';

ruleTests('billing-while-unresolved', {
  good: [
    unresolved('We are still looking into the outage, and I have paused your next invoice until it is fixed.'),
    resolved('All fixed. Your invoice is attached.'),
    '{{#if case.resolved}}Your invoice is attached.{{else}}We are still on it; I will update you by 5pm.{{/if}}',
    unresolved('Your upgrade has been reversed and refunded.'),
  ],
  bad: [
    {
      text: unresolved('We are still looking into the outage. Your invoice is attached and payment is due on Friday.'),
      flagged: ['Your invoice is attached', 'payment is due'],
    },
    { text: unresolved('While we fix this, why not upgrade to Premium?'), flagged: ['upgrade to'] },
    { name: 'only the unresolved branch', text: '{{#if case.resolved}}Your invoice is attached.{{else}}Your invoice is attached.{{/if}}', flagged: ['Your invoice is attached'] },
    { text: unresolved('Your subscription renews on the 1st.'), flagged: ['Your subscription renews'] },
    { text: unresolved('Please settle the outstanding balance.'), flagged: ['Please settle the outstanding balance'] },
  ],
});
