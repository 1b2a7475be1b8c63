// vague-timeline: "soon", "shortly", "as soon as possible" with no concrete time in the sentence.
import type { PhraseRule } from './types.ts';
import { CONCRETE_TIME_SOURCES } from './timeExpressions.ts';

export const vagueTimeline: PhraseRule = {
  kind: 'phrase',
  id: 'vague-timeline',
  name: 'Vague timeline',
  defaultSeverity: 'warning',
  when: 'any',
  fixable: false,
  description: 'Time words such as "soon" or "as soon as possible" with no concrete time in the same sentence.',
  message: '“{phrase}” gives no time the customer can plan around; say when (a time, a date or “within N hours”).',
  why:
    'To someone waiting, "soon" can mean an hour or a month. Without a time they cannot plan, so they chase you, and every chase ' +
    'makes them angrier. Give a concrete time, even a cautious one, or the time of the next update if you do not know the answer yet.',
  better: ['We will reply by 5pm today.', 'The refund reaches your account within 5 business days.', 'I will update you by {{next_update_time}}, even if there is no news.'],
  patterns: [
    // "Sooner" compares with a time already given ("within 2 days, or sooner"), so it is not vague on its own.
    'soon(?! as)(?! after)',
    'shortly',
    'as soon as (?:possible|we can|i can|we are able|we have (?:more|any|an update|news|them|it)|anything changes|there is (?:news|an update|any news))',
    'asap',
    'at (?:the|our) earliest(?: convenience| opportunity| possible)?',
    'in (?:the )?(?:near|not[- ]too[- ]distant) future',
    'in due course',
    'in (?:the )?(?:coming|next few|next couple of) (?:days|weeks|months)',
    'in a (?:few|couple of|little) (?:while|days|weeks)',
    'in a (?:timely|prompt) (?:manner|fashion)',
    "(?:we|i)(?:'ll| will| shall) (?:get back|come back|respond|reply|revert|follow up|be in touch|reach out)(?: to you)?(?: with (?:an update|more (?:information|details)|news))?(?=[.!,;]|$| (?:once|when|if|after|with))",
    '(?:stay|keep) tuned',
    '(?:at|within) (?:a|some) (?:later|future) (?:date|time|point)',
    'when(?:ever)? (?:we|i) (?:can|get (?:a chance|the chance|round to it|around to it))',
    'any (?:day|time|minute) now',
    '(?:a|some) (?:few|couple of) business days',
    '(?:momentarily|before long|eventually|sometime)',
  ],
  // The customer's own timing ("we look forward to hearing from you soon") is no promise of ours.
  unless: { sentence: [...CONCRETE_TIME_SOURCES, '(?:hear|hearing) (?:back )?from you'] },
  examples: {
    bad: ["We'll get back to you soon.", 'Our team will respond as soon as possible.', 'The fix will be released in the coming days.'],
    good: ['We will reply by 5pm today.', 'Expect an update within 2 hours.', 'I will call you as soon as the part arrives, and no later than Friday.'],
  },
};
