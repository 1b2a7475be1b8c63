// our-problem-not-yours: handing the company's internal troubles to the customer.
import type { PhraseRule } from './types.ts';

export const ourProblemNotYours: PhraseRule = {
  kind: 'phrase',
  id: 'our-problem-not-yours',
  name: 'Our problem made yours',
  defaultSeverity: 'warning',
  when: 'any',
  fixable: false,
  description: 'Handing the company\'s internal troubles to the customer ("we are short-staffed", "high call volumes").',
  message: '“{phrase}” makes your internal trouble the customer’s problem; say what it means for them and when.',
  why:
    'Staffing, volumes and busy teams are the company\'s to solve; the customer only cares what happens to their request. Telling them ' +
    'about it sounds like asking for sympathy, and it is usually a pretext for a slow answer. Say when they will hear back instead.',
  better: ['Replies are taking up to two days this week; you will hear from me by Thursday.'],
  patterns: [
    "(?:we are|we're|the team is|our team is|we have been|we've been) (?:currently |very |extremely |really |a bit |severely )?(?:short[- ]staffed|understaffed|under[- ]staffed|short[- ]handed|overwhelmed|swamped|snowed under|stretched thin|very busy|extremely busy|busier than usual|inundated)",
    "(?:due to|because of|owing to|given|with|experiencing|we are experiencing|we're experiencing|we are seeing) (?:a |an )?(?:unusually |exceptionally |extremely |very )?(?:high|higher than (?:usual|normal)|heavy|large|increased|record|unprecedented|huge) (?:volumes?|number|amount|levels?) (?:of )?(?:calls|emails|requests|tickets|inquiries|enquiries|contacts|messages|orders|demand)?",
    "(?:high|heavy|large|increased|unprecedented) (?:call|email|ticket|request|contact|support) volumes?",
    "(?:staff|staffing) (?:shortages?|issues|problems)",
    "(?:many|several|some) (?:of our )?(?:staff|team members|agents|colleagues) (?:are|being) (?:off|out|sick|on (?:holiday|vacation|leave))",
    "(?:we are|we're) (?:a )?(?:small|tiny) team",
  ],
  examples: {
    bad: ['Due to high call volumes, replies may be delayed.', "We're short-staffed this week, so please bear with us."],
    good: ['Replies are taking up to two days this week; you will hear from me by Thursday.'],
  },
};
