// apology-without-action: an apology with no remedy, action or next step on the same message path.
import { ruleTests, unresolved } from './ruleTester.ts';

ruleTests('apology-without-action', {
  good: [
    unresolved('I am sorry for the trouble; I have reset your password and sent the link to your email.'),
    'Sorry about the wrong size. A replacement ships today.',
    unresolved('Sorry for the wait! DM us your order number and we will check it.'),
    'Thanks for your order, it ships on Monday.',
  ],
  bad: [
    { text: unresolved('We are sorry for the trouble with your account.'), flagged: ['sorry'], severity: 'information' },
    { text: 'We regret to inform you that your application was declined.', flagged: ['regret'] },
    {
      name: 'only the branch without a remedy',
      text: '{{#if refunded}}Sorry! Your refund is on its way.{{else}}Sorry about that.{{/if}}',
      flagged: ['Sorry'],
    },
  ],
});
