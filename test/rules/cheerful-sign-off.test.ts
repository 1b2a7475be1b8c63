// cheerful-sign-off: cheerful closings on open cases, by branch, front matter and partial.
import { resolved, ruleTests, unresolved } from './ruleTester.ts';

const branches = '{{#if case.resolved}}All fixed. Have a great day!{{else}}We are still on it. Have a great day!{{/if}}';

ruleTests('cheerful-sign-off', {
  good: [
    '{{#if case.resolved}}Have a great day!{{/if}}',
    unresolved('We are still investigating; I will update you by 4pm.'),
    resolved('Your refund is done. Have a great day!'),
    { name: '"Have a great day" in a resolved branch is fine', text: '{{#if case.resolved}}Fixed! Have a great day!{{else}}I will update you by 4pm.{{/if}}' },
    { name: 'thanks as an opening, not a sign-off', text: unresolved('Thank you for reaching out to us about your refund. I have asked the bank and will write by Friday.\n\nSam') },
    { name: 'a sign-off partial in a resolved branch', text: '{{#if case.resolved}}Done.\n{{> signature}}{{/if}}', options: { partials: { signature: 'Have a great day!' } } },
  ],
  bad: [
    { text: unresolved('We are still investigating the outage. Have a great day!'), flagged: ['Have a great day'], severity: 'warning' },
    { name: 'only the unresolved branch', text: branches, flagged: ['Have a great day'] },
    { text: unresolved('Your refund is delayed. Thanks for contacting us!'), flagged: ['Thanks for contacting us'] },
    { text: unresolved('Still looking into it.\n\nEnjoy your weekend,\nSam'), flagged: ['Enjoy your weekend'] },
    { text: unresolved('I will update you by noon. Happy to help!\n\nSam'), flagged: ['Happy to help'] },
    { name: 'unknown state fires at the lowest severity', text: 'Have a nice day!', flagged: ['Have a nice day'], severity: 'information' },
    {
      name: 'a sign-off inside a partial is reported at the call site',
      text: unresolved('We are on it.\n{{> signature}}'),
      options: { partials: { signature: 'Thanks,\nHave a great day!' } },
      flagged: ['{{> signature}}'],
    },
  ],
});
