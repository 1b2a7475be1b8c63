// missing-next-update: unresolved message paths with no time, no owned action and nothing the customer can do.
import { resolved, ruleTests, unresolved } from './ruleTester.ts';

ruleTests('missing-next-update', {
  good: [
    unresolved('We are looking into it and I will update you by 3pm today.'),
    '{{#if case.resolved}}All fixed!{{else}}Please send us a screenshot of the error.{{/if}}',
    resolved('All fixed, enjoy!'),
    unresolved('I have escalated this to our engineers.'),
    unresolved('We will reply within {{reply_window}}.'),
    { name: 'a single-brace time placeholder from another helpdesk', text: unresolved('I will update you by {time/date} with what we find.') },
    { name: 'a request the customer can act on', text: unresolved('I would appreciate it if you could edit your issue and add the missing details.') },
    { name: 'an instruction after an emoji', text: unresolved('On it! 🔍 Send us the details in a DM.') },
    unresolved('This tracker is not for support questions; please repost your question on the forum.'),
    unresolved('Deletion can take up to 30 days.'),
    unresolved('To use the beta, simply log in and open the Beta tab.'),
    { name: 'a route to a goal the customer has', text: unresolved('Your application was declined. If you would like to appeal, please do not hesitate to contact us.') },
    unresolved('Your card was declined. You will need to contact your bank to lift the block.'),
  ],
  bad: [
    { text: unresolved('We are aware of the problem and are looking into it.'), flagged: ['We are aware of the problem and are looking into it.'] },
    { text: unresolved('Thanks for your patience.\nWe will update you as soon as possible.'), flagged: ['We will update you as soon as possible.'] },
    { name: 'only the unresolved branch', text: '{{#if case.resolved}}All fixed!{{else}}Your request will be reviewed.{{/if}}', flagged: ['Your request will be reviewed.'] },
    {
      name: 'an invitation to ask questions is not a next step',
      text: unresolved('We have received your request and it will be reviewed. If you have any questions, please do not hesitate to contact us.'),
      flagged: ['We have received your request and it will be reviewed.'],
    },
    { name: '"just" is not an instruction', text: unresolved('We just wanted to say that the team is aware of the issue.'), flagged: ['We just wanted to say that the team is aware of the issue.'] },
    { name: 'please note is not something to do', text: unresolved('Please note that our team is aware of this.'), flagged: ['Please note that our team is aware of this.'] },
  ],
});
