// dead-end-answer: "I don't know" with no promise to find out in the same paragraph.
import type { PhraseRule } from './types.ts';

export const deadEndAnswer: PhraseRule = {
  kind: 'phrase',
  id: 'dead-end-answer',
  name: 'Dead-end answer',
  defaultSeverity: 'warning',
  when: 'any',
  fixable: false,
  description: '"I don\'t know" or "we have no information" with no promise to find out in the same paragraph.',
  message: '“{phrase}” leaves the customer with nowhere to go; say you will find out and when you will tell them.',
  why:
    'Nobody expects you to know everything, but they do expect you to find out. "I don\'t know" on its own ends the conversation and ' +
    'leaves the customer to chase. Pair it with what you will do: who you will ask, and when you will come back with the answer.',
  better: ['I don\'t know yet, so I have asked our warehouse team and will tell you by 3pm.'],
  patterns: [
    "(?:i|we) (?:really |honestly |just |simply )?(?:don't|do not|dont) know(?! (?:if|whether) you)",
    "(?:i'm|i am|we're|we are) (?:not|un)(?: really| quite| entirely)? ?(?:sure|certain)(?! (?:if|whether) you)",
    "(?:i|we) (?:have|got) no (?:idea|clue)",
    "(?:we|i) (?:have|got) no (?:information|info|details|news|update|updates) (?:on|about|regarding|at this time|yet|right now)",
    "(?:we|i) (?:do not|don't) have (?:any )?(?:information|info|details|specific details|news|updates?) (?:on|about|regarding|to share|at this time|yet|right now)",
    "(?:no|not any) (?:information|info|details|news) (?:is )?(?:available|to share) (?:at this time|right now|yet)?",
    "(?:no|not any) (?:specific )?details to share",
    "(?:i|we) (?:can't|cannot|couldn't|could not) (?:say|tell you|comment)(?: (?:when|whether|if|how long))?",
  ],
  unless: {
    paragraph: [
      "(?:find out|look into|check with|ask (?:our|the|my)|asked (?:our|the|my)|escalat\\p{L}*|investigat\\p{L}*|get back to you (?:by|within|on)|let you know (?:by|within|on|as soon)|will (?:update|tell|confirm|come back|report back)|i'll (?:update|tell|confirm)|follow up|find the answer|track (?:it|this|that) down|pinging|ping)",
    ],
  },
  examples: {
    bad: ["I don't know when it will be back in stock.", 'We have no information on that at this time.'],
    good: ["I don't know yet, so I have asked the warehouse and will tell you by 3pm."],
  },
};
