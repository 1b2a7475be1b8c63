// flippant-tone: jokes and laughter about a problem that is still open.
import type { PhraseRule } from './types.ts';

export const flippantTone: PhraseRule = {
  kind: 'phrase',
  id: 'flippant-tone',
  name: 'Flippant tone on an open case',
  defaultSeverity: 'warning',
  when: 'unresolved',
  fixable: false,
  description: '"Oops!", "lol", "haha" or laughing emoji about a problem the customer still has.',
  message: '“{phrase}” makes light of a problem the customer still has; keep the tone plain until it is fixed.',
  why:
    'Humour works between people who are getting along. When the customer is stuck, a laugh or an "oops" reads as not taking their ' +
    'problem seriously. Save the light touch for after it is fixed, if at all.',
  better: ['We made a mistake with your order, and I am sorry.', 'That was our error; here is what I have done to fix it.'],
  patterns: [
    "(?:oops|whoops|oopsie|oopsy|uh[- ]oh|yikes|welp)(?:[!.]|\\b)",
    'lol|lmao|rofl|haha(?:ha)*|hehe(?:he)*|hihi',
    '(?<![\\p{L}])(?:😂|🤣|😆|😅|😜|🙃|🤪|😝|🤷(?:\\u200d[♀♂]\\ufe0f?)?)',
    'my bad',
    'so much for that',
  ],
  examples: {
    bad: ['Oops! Looks like your order went to the wrong address.', 'Haha, the server fell over again 😅'],
    good: ['We sent your order to the wrong address; a new one ships today.'],
  },
};
