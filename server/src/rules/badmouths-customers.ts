// badmouths-customers: complaining about, comparing or disparaging customers.
import type { PhraseRule } from './types.ts';

export const badmouthsCustomers: PhraseRule = {
  kind: 'phrase',
  id: 'badmouths-customers',
  name: 'Badmouthing customers',
  defaultSeverity: 'warning',
  when: 'any',
  fixable: false,
  description: 'Complaining about or comparing with other customers ("unlike most customers", "people like you").',
  message: '“{phrase}” disparages customers; a reader wonders what you say about them.',
  why:
    'A customer who hears you complain about other customers concludes you talk about them the same way, and stops trusting you. ' +
    'Comparisons ("unlike most customers") and labels ("people like you") judge the person instead of helping them. Saying that others ' +
    'have reported the same problem is fine: it reassures, it does not judge.',
  better: ['Other customers have reported this too, and we are fixing it for everyone.', 'Thanks for the detail; it helps us find the cause.'],
  patterns: [
    "unlike (?:most|many|other|some|our other|the rest of our) (?:of our )?(?:customers|clients|users|people|members)",
    "(?:people|customers|users|folks|someone|somebody) like you",
    "(?:difficult|demanding|rude|entitled|impossible|problem|annoying|clueless|stupid|lazy|angry|crazy|nightmare) (?:customers?|clients?|users?|people)",
    "(?:most|many|some|other) (?:customers|clients|users|people) (?:are|were) (?:rude|stupid|lazy|difficult|clueless|impatient|entitled|annoying|idiots)",
    "(?:most|other|many) (?:customers|clients|users|people) (?:don't|do not|never|wouldn't|would not) (?:complain|make a fuss|ask|have (?:this|any) (?:problem|issue|trouble))",
    "(?:you're|you are) the (?:only|first) (?:one|customer|person|user) (?:to|who) (?:complain|have|has|had|report|is having)",
    "(?:no one|nobody|no other customer) (?:else )?(?:has|have|had) (?:ever )?(?:complained|had (?:this|a|any) (?:problem|issue))",
    "(?:customers|clients|users|people) (?:these days|nowadays|always)",
  ],
  examples: {
    bad: ['Unlike most customers, you did not read the manual.', 'People like you make this job hard.', 'You are the only customer to complain about this.'],
    good: ['Other customers have reported this too, and we are fixing it today.'],
  },
};
