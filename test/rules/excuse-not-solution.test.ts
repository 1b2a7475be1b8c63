// excuse-not-solution: reasons nothing can be done, with no alternative in the same paragraph.
import { ruleTests } from './ruleTester.ts';

ruleTests('excuse-not-solution', {
  good: [
    "We can't refund after 60 days, but I can offer store credit for the full amount.",
    "We're not able to offer a refund after 60 days. Instead, I have added a credit of $20 to your account.",
    'Our returns policy gives you 30 days, so you still have until the 14th.',
  ],
  bad: [
    { text: "Unfortunately there is nothing we can do; it's company policy.", flagged: ['there is nothing we can do', "it's company policy"] },
    { text: 'Our hands are tied on this one.', flagged: ['Our hands are tied'] },
    { text: "That's just how it works.", flagged: ["That's just how it works"] },
    { text: "I'm afraid we're not able to offer a refund for this order.", flagged: ["I'm afraid we're not able to offer"] },
    { text: 'I understand your frustration, but we stand by our decision.', flagged: ['we stand by our decision'] },
    { text: 'This request is outside our scope.', flagged: ['outside our scope'] },
  ],
});
