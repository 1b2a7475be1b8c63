// idiom: idioms readers in another language may not follow; fixes are suggestions, never applied automatically.
import { ruleTests } from './ruleTester.ts';

ruleTests('idiom', {
  good: [
    'I will call you on Monday at 10am.',
    'A rough estimate is two weeks.',
    'The cable loops back into the router.',
  ],
  bad: [
    { text: "Let's touch base on Monday.", flagged: ['touch base'], severity: 'information', fixed: "Let's touch base on Monday." },
    { text: 'I will circle back with a ballpark figure.', flagged: ['circle back', 'ballpark figure'] },
    { text: "We'll keep you in the loop.", flagged: ['keep you in the loop'] },
    { text: 'Just a heads-up: the page moves next week.', flagged: ['a heads-up'] },
    { text: 'Stay tuned!', flagged: ['Stay tuned'] },
  ],
});
