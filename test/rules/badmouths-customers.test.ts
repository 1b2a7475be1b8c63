// badmouths-customers: complaining about or comparing with other customers.
import { ruleTests } from './ruleTester.ts';

ruleTests('badmouths-customers', {
  good: [
    'Other customers have reported this too, and we are fixing it today.',
    'Many customers have asked for this feature, so I have added your vote.',
    'Thanks for the detail; it helps us find the cause.',
  ],
  bad: [
    { text: 'Unlike most customers, you did not read the manual.', flagged: ['Unlike most customers'] },
    { text: 'People like you make this job hard.', flagged: ['People like you'] },
    { text: 'You are the only customer to complain about this.', flagged: ['You are the only customer to complain'] },
    { text: 'We get a lot of difficult customers.', flagged: ['difficult customers'] },
    { text: 'Nobody else has complained about this.', flagged: ['Nobody else has complained'] },
  ],
});
