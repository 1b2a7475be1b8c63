// dead-end-answer: "I don't know" with no promise to find out in the same paragraph.
import { ruleTests } from './ruleTester.ts';

ruleTests('dead-end-answer', {
  good: [
    "I don't know yet, so I have asked the warehouse and will tell you by 3pm.",
    "I'm not sure, so I will check with our billing team and confirm tomorrow.",
    "Let me know if you're not sure which plan you are on.",
  ],
  bad: [
    { text: "I don't know when it will be back in stock.", flagged: ["I don't know"] },
    { name: 'curly apostrophe', text: 'I don’t know when it will be back in stock.', flagged: ['I don’t know'] },
    { text: 'We have no information on that at this time.', flagged: ['We have no information on'] },
    { text: "I'm not sure what happened there.", flagged: ["I'm not sure"] },
    {
      name: 'a promise in another paragraph does not count',
      text: "I don't know when it ships.\n\nWe will follow up on your other question.",
      flagged: ["I don't know"],
    },
  ],
});
