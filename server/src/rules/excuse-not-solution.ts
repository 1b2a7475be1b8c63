// excuse-not-solution: reasons why nothing can be done, with no alternative offered.
import type { PhraseRule } from './types.ts';

export const excuseNotSolution: PhraseRule = {
  kind: 'phrase',
  id: 'excuse-not-solution',
  name: 'Excuse instead of a solution',
  defaultSeverity: 'warning',
  when: 'any',
  fixable: false,
  description: 'Explaining why nothing can be done ("it\'s company policy", "our hands are tied") instead of what can.',
  message: '“{phrase}” tells the customer why you can’t help; tell them what you can do instead.',
  why:
    'A customer with a problem wants a way forward, not the reasons there is none. "Company policy" and "nothing we can do" close the ' +
    'conversation and leave them stuck. Even when the answer is no, there is nearly always something: an alternative, a partial remedy, ' +
    'a person who can decide, or a clear next step.',
  better: ['We can\'t refund after 60 days, but I can give you store credit for the full amount today.', 'I can\'t change the plan myself; I have asked our billing lead, who will reply by Thursday.'],
  patterns: [
    "(?:there is|there's|there isn't|there is not) (?:really |unfortunately |simply )?(?:nothing|not (?:much|anything)) (?:more |else |further )?(?:we|i) (?:can|could|are able to|am able to) (?:do|offer)",
    "(?:it's|it is|this is|that's|that is|due to|because of|per|as per|according to) (?:our |the )?(?:company|store|strict|standard)? ?polic(?:y|ies)",
    "(?:it's|it is|this is|that is|that's) (?:against|not within|not in line with) (?:our |the )?(?:company )?polic(?:y|ies)",
    "(?:our|my) hands are tied",
    "(?:they|these|those) all do that",
    "(?:that's|that is|it's|it is) (?:just )?(?:how|the way) (?:it|things|the system) (?:works?|is|are)",
    "(?:that's|that is) just the way it is",
    "(?:we|i) (?:are|am) (?:not able|unable) to (?:offer|provide|do|take) (?:any |you any )?(?:further|more|other|additional) (?:action|help|assistance|options|support)",
    // A flat refusal ("we're not able to offer a refund") with nothing offered in its place.
    "(?:we|i)(?:'re| are|'m| am) (?:afraid (?:that )?(?:we|i)(?:'re| are|'m| am) )?(?:not able|unable|not allowed|not permitted|not in a position) to (?:offer|provide|give|issue|process|approve|grant|accept|refund|recover|restore|reverse|change|make|honou?r|extend)",
    "(?:we|i) (?:cannot|can't|won't|will not) (?:change|reverse|overturn|reconsider) (?:it|this|that|the|our)",
    "(?:outside|beyond|not (?:with)?in|out of) (?:the |our )?scope(?: of (?:our|this) (?:support|service))?",
    "(?:we|i) (?:cannot|can't|are unable to|am unable to|won't|will not) (?:change|reverse|overturn|make an exception to) (?:it|this|that|the|our) (?:decision|policy|rule)",
    "(?:we|i) stand by (?:our|the|this|my) decision",
    "(?:we|i) (?:are|am) (?:only able|only allowed|not allowed|not permitted) to",
    "(?:the|this) decision is final",
    "(?:we|i) (?:do not|don't) (?:make|offer|allow|provide) exceptions",
    "(?:there is|there's) no (?:way|option) (?:for us|for me)? ?to",
  ],
  // A refusal that goes on to offer something else is the good pattern; a bare "but" ("I understand, but policy…")
  // is not an alternative.
  unless: {
    paragraph: [
      "(?:but|however),? (?:(?:we|i)(?:'ll| will| can| could| have| would| am happy| are happy)|what (?:we|i) can|there (?:is|are) (?:another|other))",
      "(?:instead|alternatively|what (?:we|i) can do|(?:we|i)(?:'d| would)? (?:recommend|suggest)|(?:we|i) (?:can|could|will|'ll) (?:offer|give|send|arrange|refer|recommend|suggest|help you)|you (?:can|could|may) (?:still|instead|also))",
    ],
  },
  examples: {
    bad: ["Unfortunately there is nothing we can do; it's company policy.", 'Our hands are tied on this one.'],
    good: ["We can't refund after 60 days, but I can offer store credit for the full amount."],
  },
};
