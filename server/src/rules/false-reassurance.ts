// false-reassurance: telling customers not to worry when nobody knows that yet.
import type { PhraseRule } from './types.ts';

export const falseReassurance: PhraseRule = {
  kind: 'phrase',
  id: 'false-reassurance',
  name: 'False reassurance',
  defaultSeverity: 'warning',
  when: 'any',
  fixable: false,
  description: 'Soothing words that tell the customer what they want to hear ("don\'t worry", "everything is fine").',
  message: '“{phrase}” tells the customer how to feel instead of what is true; give them the facts.',
  why:
    'Customers want to know how things really stand so they can decide what to do. "Don\'t worry" and "it\'s just a minor issue" ' +
    'dismiss a worry the customer has good reason for, and if things turn out badly they feel misled. Say what you know, what you do ' +
    'not know yet, and when you will know more.',
  better: ['Your data is backed up every night, so the latest copy is from 2am today.', 'We do not know the cause yet; I will update you by 3pm.'],
  patterns: [
    "(?:please )?(?:don't|do not|no need to) (?:you )?(?:worry|panic|be alarmed|be concerned|fret|stress)",
    "(?:there's|there is|there will be) (?:absolutely )?nothing to (?:worry|be worried|be concerned|panic) about",
    "(?:everything|all) (?:is|will be|'ll be) (?:totally |completely |perfectly |absolutely )?(?:fine|ok|okay|alright|all right|good)",
    "(?:it's|it is|this is|that's|that is) (?:just|only|simply) (?:a )?(?:minor|small|tiny|little) (?:issue|problem|glitch|hiccup|bug|thing|delay)",
    "(?:just|only) a (?:minor|small|tiny|little) (?:issue|problem|glitch|hiccup|bug)",
    "no (?:need|reason) (?:to|for) (?:worry|concern|alarm|panic)",
    "(?:it's|it is) (?:nothing|not) (?:serious|a big deal)",
    "nothing (?:serious|to be concerned about)",
  ],
  examples: {
    bad: ["Don't worry, everything is fine.", "It's just a minor glitch, nothing to worry about."],
    good: ['Your card was not charged twice: the second line is a hold that drops off within 3 days.'],
  },
};
