// cheerful-sign-off: a cheerful closing on a message about a case that is still open.
import type { PhraseRule } from './types.ts';

/**
 * Thanks and offers of help are only a sign-off at the close: at the end of their paragraph, followed by no more
 * than a few short lines (a name, a signature). As an opening ("Thanks for reaching out about your refund") they
 * acknowledge the customer and are not cheerful about the open problem.
 */
const AT_CLOSE = '(?=[.!,]*[^\\n\\p{L}]{0,4}(?:\\n[^\\n]{0,60}){0,3}$)';

export const cheerfulSignOff: PhraseRule = {
  kind: 'phrase',
  id: 'cheerful-sign-off',
  name: 'Cheerful sign-off on an open case',
  defaultSeverity: 'warning',
  when: 'unresolved',
  fixable: false,
  description: 'Pleasantries such as "Have a great day!" in a message about a problem that is still open.',
  message: '“{phrase}” is cheerful while the customer’s problem is still open; close with the next step instead.',
  why:
    'Wishing someone a great day while their order is lost or their service is down reads as not listening: their day is not great, ' +
    'and you are the reason. "Glad I could help" on an open case is plainly untrue. Keep sign-offs like these for resolved cases, and end ' +
    'an unresolved message with what happens next and when.',
  better: ['I will write again by 4pm with what we find.', 'Wrap the sign-off in {{#if case.resolved}} … {{/if}} so it only goes out once the case is solved.'],
  patterns: [
    "(?:have|enjoy) (?:a|an|the) (?:great|good|nice|lovely|wonderful|fantastic|awesome|amazing|brilliant|beautiful|happy|blessed|productive|super|excellent|terrific) (?:rest of (?:your|the) )?(?:day|evening|weekend|week|morning|afternoon|night|one|holiday|time)",
    "enjoy (?:your|the) (?:day|evening|weekend|week|holiday|holidays|rest of the day)",
    `(?:thank you|thanks) (?:so much |again )?for (?:contacting|reaching out to|choosing|shopping with|getting in touch with|writing to) (?:us|our \\S+ team|\\S+)${AT_CLOSE}`,
    "glad (?:that )?(?:i|we) (?:could|were able to|was able to|can) (?:help|assist|be of help|be of service)",
    `(?:always )?happy to (?:help|assist)${AT_CLOSE}`,
    "(?:it was|it's been|it has been) (?:a|my|our) pleasure (?:to help|helping|assisting|to assist|chatting)",
    "(?:cheers|happy \\p{L}+day)!",
    "keep smiling",
    "we hope (?:this|that) (?:helps|has helped|resolves|answers)",
    "hope (?:this|that) (?:helps|has helped)",
    "(?:best|warm(?:est)?|kind(?:est)?) wishes(?: for (?:a|the) \\S+ (?:day|week|weekend))",
  ],
  examples: {
    bad: ['We are still investigating the outage. Have a great day!', 'Your refund is delayed. Thanks for contacting us!'],
    good: ['{{#if case.resolved}}Have a great day!{{/if}}', 'We are still investigating; I will update you by 4pm.'],
  },
};
