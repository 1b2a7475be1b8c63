// impersonal-boilerplate: stock corporate sweetness in place of something specific and sincere.
import type { PhraseRule } from './types.ts';
import { PLACEHOLDER } from '../engine/prose/proseText.ts';

export const impersonalBoilerplate: PhraseRule = {
  kind: 'phrase',
  id: 'impersonal-boilerplate',
  name: 'Impersonal boilerplate',
  defaultSeverity: 'warning',
  when: 'any',
  fixable: false,
  description: 'Stock corporate phrases ("we value your business") that say nothing about this customer.',
  message: '“{phrase}” is stock wording that every company sends; say something about this customer and this case instead.',
  why:
    'Customers recognise form phrases at once. After a bad experience, a line about how much the company values them reads as ' +
    'hollow, even mocking: it is about the company, not about what happened to them. A specific sentence (what went wrong, what you did, ' +
    'what happens next) earns more goodwill than any amount of generic sweetness.',
  better: [
    'Thanks for waiting while we fixed the double charge; the refund is on its way.',
    'I know this took longer than it should have, and I am sorry for the extra days without access.',
    'Drop the sentence: a message that solves the problem needs no filler.',
  ],
  patterns: [
    "we (?:truly |really |greatly |very much |sincerely )?(?:value|appreciate|cherish|treasure) (?:your|you as (?:a|our)) (?:business|custom|loyalty|patronage|(?:valued |loyal )?customer|continued (?:business|support|patronage|loyalty))",
    "(?:thank you|thanks) (?:so much |again )?for (?:your|the) (?:continued )?(?:business|custom|patronage|loyalty)",
    "(?:thank you|thanks),? (?:so much |again |as always, )?for being (?:a|an|our|such a) (?:(?:valued|loyal|awesome|great|wonderful|amazing|treasured|important|faithful|long-?time) )?(?:\\S+ )?(?:customer|client|member|user|partner)",
    // Thanking someone for using the product they are having trouble with is filler, not thanks for anything they did.
    `(?:(?:thank you|thanks) (?:so much |again |as always )?for|and for) (?:choosing|using|trusting) (?:us|our (?:\\S+ )?(?:product|service|services|platform|app|company|store|software|team|brand)|\\p{Lu}\\S*|${PLACEHOLDER})`,
    "(?:as |being )?(?:a|our) (?:valued|loyal|treasured) (?:\\S+ )?(?:customer|client|member)",
    "dear valued (?:customer|client|member)",
    "your (?:call|email|message|request|inquiry|enquiry|business|satisfaction|feedback) is (?:very |extremely )?important to us",
    "(?:customer|your) satisfaction is (?:our|my) (?:top |number one |#1 |highest |first )?priority",
    "(?:customers?|you) (?:are|is) (?:always )?(?:our|my) (?:top|number one|#1|highest|first) priority",
    "we (?:always )?(?:strive|aim|endeavou?r|work hard) to (?:provide|deliver|offer|give|ensure|exceed|meet|make)",
    "(?:thank you|thanks) (?:so much |again |in advance )?for your (?:(?:patience|continued support|cooperation|co-operation) and )?(?:understanding|cooperation|co-operation)",
    "we appreciate your (?:patience|understanding|cooperation|co-operation)(?: and (?:understanding|patience|cooperation|co-operation))?",
    "we take (?:[\\p{L}'-]+ ){0,8}(?:very |extremely |incredibly )seriously",
    "we are committed to (?:providing|delivering|offering|ensuring|giving) (?:the |an? )?(?:best|highest|excellent|exceptional|outstanding|great)",
    "(?:we )?look forward to (?:continuing to )?(?:serving|providing|working with) you",
    "the best possible (?:experience|service|support)",
    "(?:we|i) hope (?:that )?you (?:will )?continue (?:to use|using|to be|being|to choose|with) (?:us|our)",
    "(?:it was|it's been) (?:a|our) pleasure (?:to serve|serving) you",
  ],
  unless: {},
  examples: {
    bad: [
      'Thank you for being a valued customer. We value your business.',
      'Your call is important to us and customer satisfaction is our top priority.',
      'Thank you for your patience and understanding.',
    ],
    good: [
      'Thanks for bearing with us while the card reader was replaced; it works again as of this morning.',
      'You have been with us since 2019, so I moved you to the front of the queue.',
    ],
  },
};
