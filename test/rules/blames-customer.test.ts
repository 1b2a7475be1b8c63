// blames-customer: scolding the customer or putting the fault on them.
import { ruleTests } from './ruleTester.ts';

ruleTests('blames-customer', {
  good: [
    'The refund takes five days; I have set a reminder to check it on Friday.',
    'Could you send me your order number so I can find it?',
    'Here is the link again, in case the first email got buried.',
    'As we discussed on the phone, the engineer comes on Tuesday.',
  ],
  bad: [
    { text: 'As I already told you, the refund takes five days.', flagged: ['As I already told you'], severity: 'error' },
    { text: 'You failed to include your order number.', flagged: ['You failed to'] },
    { text: 'Per my last email, the link is below.', flagged: ['Per my last email'] },
    { text: 'You should have read the instructions.', flagged: ['You should have read'] },
    { text: 'As informed earlier, we cannot refund this.', flagged: ['As informed earlier'] },
    { text: 'This was your mistake.', flagged: ['your mistake'] },
    { text: 'Please do not cross-post; it wastes everyone\'s time.', flagged: ['Please do not cross-post', "wastes everyone's time"] },
    { text: 'It is clearly stated in the terms.', flagged: ['It is clearly stated in the terms'] },
  ],
});
