// non-apology: apologies that hedge or name nothing.
import { ruleTests } from './ruleTester.ts';

ruleTests('non-apology', {
  good: [
    'I am sorry we sent the wrong size; the right one ships today by express.',
    'Sorry for the delay with your refund: it left our account this morning.',
    "I'm sorry you had to chase us twice.",
  ],
  bad: [
    { text: 'We apologise for any inconvenience this may have caused.', flagged: ['We apologise for any inconvenience'] },
    { text: "I'm sorry if you feel that way.", flagged: ['sorry if you feel'] },
    { text: 'Sorry for any confusion!', flagged: ['Sorry for any confusion'] },
    { text: 'We apologize for any inconvenience or frustration.', flagged: ['We apologize for any inconvenience'] },
    { text: 'Sorry for the inconvenience this may have caused.', flagged: ['inconvenience this may have caused'] },
    { text: 'We are sorry that our service did not meet your expectations.', flagged: ['sorry that our service did not meet your expectations'] },
    { name: 'a placeholder inside the phrase', text: 'Sorry for any {{issue_type}} issues.', flagged: ['Sorry for any {{issue_type}} issues'] },
  ],
});
