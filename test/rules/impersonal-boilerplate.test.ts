// impersonal-boilerplate: stock corporate sweetness, across placeholders, line breaks and contractions.
import { ruleTests } from './ruleTester.ts';

ruleTests('impersonal-boilerplate', {
  good: [
    'Thanks for bearing with us while the card reader was replaced; it works again as of this morning.',
    'You have been with us since 2019, so I moved you to the front of the queue.',
    'Thanks for the screenshot, it showed me the wrong tax rate straight away.',
    'We value your feedback on the new layout and have passed it to the design team.',
    { name: 'a customer who is valued as a reviewer is not a valued customer', text: 'Your review was valued by the team.' },
  ],
  bad: [
    { text: 'Thank you for being a valued customer. We value your business.', flagged: ['Thank you for being a valued customer', 'We value your business'] },
    { name: 'a placeholder inside the phrase', text: 'Thank you for being a valued {{brand}} customer.', flagged: ['Thank you for being a valued {{brand}} customer'] },
    { name: 'a phrase broken across a line break', text: 'Your call is\nimportant to us.', flagged: ['Your call is\nimportant to us'] },
    { text: 'Customer satisfaction is our top priority.', flagged: ['Customer satisfaction is our top priority'] },
    { text: 'Thank you for your patience and understanding.', flagged: ['Thank you for your patience and understanding'] },
    { text: 'We appreciate your patience and understanding.', flagged: ['We appreciate your patience and understanding'] },
    { text: 'We take your privacy very seriously.', flagged: ['We take your privacy very seriously'] },
    { text: 'We strive to provide the best possible service.', flagged: ['We strive to provide', 'the best possible service'] },
    { text: 'Thank you for choosing {{company}}.', flagged: ['Thank you for choosing {{company}}'] },
    { text: 'Thanks for your patience and for using our service.', flagged: ['and for using our service'] },
    { name: 'HTML markup inside the phrase', text: '<p>We <b>value</b> your business.</p>', flagged: ['We <b>value</b> your business'] },
  ],
});
