// blames-customer: blaming, scolding or talking down to the customer.
import type { PhraseRule } from './types.ts';

export const blamesCustomer: PhraseRule = {
  kind: 'phrase',
  id: 'blames-customer',
  name: 'Blaming the customer',
  defaultSeverity: 'error',
  when: 'any',
  fixable: false,
  description: 'Wording that blames or chides the customer ("you failed to", "as we already told you").',
  message: '“{phrase}” puts the fault on the customer; explain the next step without scolding.',
  why:
    'Customers forgive mistakes; they do not forgive being made to feel stupid. "As I already told you", "you should have" or a rule in ' +
    'capitals turns a support question into a reprimand, and the reader stops listening. Even when the customer did miss a step, say ' +
    'what to do now; nobody needs to be told whose fault it was.',
  better: ['To get this moving, could you send me the order number?', 'Here is the link again, in case the first email got buried.'],
  patterns: [
    "you (?:have |had )?(?:failed|neglected|forgot|forgotten) to",
    "you (?:should|ought to|must|need to) have (?:\\S+ )?(?:read|checked|followed|contacted|told|known|provided|included|updated|looked|done|seen|noticed)",
    "you (?:didn't|did not|never) (?:bother to|read|follow|provide|include|check|give|attach|supply|fill)",
    "as (?:we|i) (?:have )?(?:already|previously|clearly) (?:told|explained|informed|mentioned|stated|said|advised|pointed out)(?: to)?(?: you)?",
    "as (?:we|i) (?:told|informed|explained to|advised) you (?:before|earlier|already|previously|in my last (?:email|message))",
    "as (?:already |previously )?(?:informed|mentioned|stated|explained|advised)(?: to you)? (?:earlier|before|previously|already)",
    "per my (?:last|previous|earlier) (?:email|message|reply|response)",
    "(?:as|like) (?:i|we) said(?: before| earlier)?,",
    "(?:your|the customer's) (?:own )?(?:mistake|fault)",
    "(?:it|this|that) (?:is|was) (?:your|the customer's) (?:own )?(?:problem|error|responsibility)",
    "(?:it|this) (?:is|was) (?:clearly |all )?(?:stated|explained|written|mentioned) in (?:the|our) (?:terms|faq|documentation|manual|instructions|guidelines|email)",
    "(?:if you had|had you) (?:read|followed|checked|looked)",
    "please (?:read|check|learn|follow) (?:the |our )?(?:\\S+ )?(?:rules|guidelines|documentation|docs|faq|instructions|manual|how to use the forum)(?: \\S+)? (?:before|first)",
    "(?:please )?(?:do not|don't|stop) (?:cross[- ]?post|hijack|necro[- ]?post|spam|bump|shout|double[- ]?post)",
    "(?:this|it) (?:is a|is) waste (?:of )?(?:our|people's|everyone's) time",
    "wastes? (?:our|people's|peoples|everyone's) time",
    "(?:you|your) (?:keep|keeps) (?:calling|emailing|complaining|escalating|contacting)",
    "(?:by )?(?:complaining|escalating|reporting this) (?:to (?:my|our) (?:manager|boss|supervisor) )?you (?:have )?(?:got|gotten|made|put) (?:me|us) in trouble",
    "(?:could|will|may) result in (?:a )?(?:time ?out|ban|suspension|your account being)",
    "you (?:didn't|did not) provide (?:sufficient|enough|the required|all(?: of)? the (?:required|necessary))",
    "you obviously|obviously you",
  ],
  examples: {
    bad: ['As I already told you, the refund takes five days.', 'You failed to include your order number.', 'Per my last email, the link is below.'],
    good: ['The refund takes five days; I have set a reminder to check it on Friday.', 'Could you send me your order number so I can find it?'],
  },
};
