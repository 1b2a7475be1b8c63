// our-problem-not-yours: staffing and volumes handed to the customer.
import { ruleTests } from './ruleTester.ts';

ruleTests('our-problem-not-yours', {
  good: [
    'Replies are taking up to two days this week; you will hear from me by Thursday.',
    'We had a high number of orders for this model, so I have reserved one for you.',
  ],
  bad: [
    { text: 'Due to high call volumes, replies may be delayed.', flagged: ['high call volumes'] },
    { text: "We're short-staffed this week, so please bear with us.", flagged: ["We're short-staffed"] },
    { text: 'We are currently experiencing a high volume of requests.', flagged: ['experiencing a high volume of requests'] },
    { text: 'Our team is overwhelmed right now.', flagged: ['Our team is overwhelmed'] },
  ],
});
