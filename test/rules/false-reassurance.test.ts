// false-reassurance: telling the customer how to feel instead of what is true.
import { ruleTests } from './ruleTester.ts';

ruleTests('false-reassurance', {
  good: [
    'Your card was not charged twice: the second line is a hold that drops off within 3 days.',
    'Please don’t hesitate to reply if anything is unclear.',
    'We do not know the cause yet; I will update you by 3pm.',
  ],
  bad: [
    { text: "Don't worry, everything is fine.", flagged: ["Don't worry", 'everything is fine'] },
    { name: 'curly apostrophe', text: 'Please don’t worry about the charge.', flagged: ['Please don’t worry'] },
    { text: 'Do not worry.', flagged: ['Do not worry'] },
    { text: "It's just a minor glitch, nothing to worry about.", flagged: ["It's just a minor glitch"] },
    { text: 'There is nothing to worry about.', flagged: ['There is nothing to worry about'] },
    { text: 'No need to panic, {{name}}.', flagged: ['No need to panic'] },
  ],
});
