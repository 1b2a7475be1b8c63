// idiom: idioms that readers in another culture or language may not understand.
import type { PhraseRule } from './types.ts';

export const idiom: PhraseRule = {
  kind: 'phrase',
  id: 'idiom',
  name: 'Idiom',
  defaultSeverity: 'information',
  when: 'any',
  fixable: true,
  description: 'Idioms such as "touch base" or "circle back" that a reader in another language may not follow.',
  message: '“{phrase}” is an idiom some readers will not understand; say it plainly.',
  why:
    'Customers read support messages in their second or third language, or through a translator, and idioms are where meaning gets ' +
    'lost. "Circle back" or "ballpark" may be clear to you and baffling to them. Plain words work for everyone.',
  better: ['I will contact you again on Monday.', 'A rough estimate is two weeks.'],
  patterns: [
    { match: 'touch base(?: with you)?', replace: 'talk', safe: false },
    { match: 'circle back', replace: 'come back', safe: false },
    { match: 'ballpark(?: figure| estimate)?', replace: 'rough estimate', safe: false },
    { match: 'hit the ground running', replace: 'start quickly', safe: false },
    { match: '(?:keep|kept|keeping) (?:you|them|everyone) in the loop', replace: 'keep you informed', safe: false },
    { match: 'in the loop', replace: 'informed', safe: false },
    { match: '(?:a )?heads[- ]up', replace: 'a note', safe: false },
    { match: 'on the same page', replace: 'in agreement', safe: false },
    { match: '(?:stay|keep) tuned', replace: 'watch for our update', safe: false },
    { match: 'low[- ]hanging fruit', replace: 'easy wins', safe: false },
    { match: 'move the needle', replace: 'make a difference', safe: false },
    { match: '(?:take|taking|takes) (?:it|this|your \\S+) (?:offline|to the next level)', replace: 'discuss it separately', safe: false },
    { match: 'to the next level', replace: 'further', safe: false },
    { match: 'bells and whistles', replace: 'extra features', safe: false },
    { match: '(?:a )?piece of cake', replace: 'easy', safe: false },
    { match: 'ping (?:me|us)', replace: 'message me', safe: false },
    { match: 'drop (?:me|us) a line', replace: 'write to us', safe: false },
    { match: 'get the ball rolling', replace: 'start', safe: false },
    { match: 'ahead of the curve', replace: 'early', safe: false },
    { match: 'iron out (?:the )?(?:kinks|wrinkles)', replace: 'fix the remaining problems', safe: false },
    { match: 'up in the air', replace: 'undecided', safe: false },
    { match: 'back to square one', replace: 'back to the start', safe: false },
    { match: 'tricks of the trade', replace: 'tips', safe: false },
    { match: 'under the weather', replace: 'unwell', safe: false },
    { match: '(?:it|that|this) slipped through the cracks', replace: 'we missed it', safe: false },
  ],
  examples: {
    bad: ["Let's touch base on Monday.", 'I will circle back with a ballpark figure.'],
    good: ['I will call you on Monday at 10am.', 'A rough estimate is two weeks.'],
  },
};
