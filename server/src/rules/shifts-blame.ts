// shifts-blame: putting the cause on systems, colleagues, suppliers or fate instead of owning the fix.
import type { PhraseRule } from './types.ts';

export const shiftsBlame: PhraseRule = {
  kind: 'phrase',
  id: 'shifts-blame',
  name: 'Shifting the blame',
  defaultSeverity: 'warning',
  when: 'any',
  fixable: false,
  description: 'Blaming the system, another team, a supplier or "circumstances beyond our control".',
  message: '“{phrase}” points at someone else; the customer wants to hear what you are doing about it.',
  why:
    'To the customer you are the company: whose fault it is inside it does not matter to them. Naming another department, a supplier, ' +
    '"the system" or fate sounds like an excuse and leaves them with nobody to turn to. Own the problem and say what you are doing; you can ' +
    'still state a cause if you also own the fix.',
  better: [
    'Our payment system failed last night; I have re-run your payment and it went through.',
    'The courier lost the parcel. I have sent a replacement by express, arriving Thursday.',
  ],
  patterns: [
    "(?:due to |because of |owing to )?circumstances (?:that are |which are )?(?:beyond|outside(?: of)?) our control",
    "(?:beyond|outside(?: of)?) our control",
    "(?:was|were|is|are|has been|have been) (?:caused by|due to|the fault of|down to) (?:the|our|your) (?:(?:billing|shipping|tech(?:nical)?|it|sales|warehouse|logistics) (?:team|department)|courier|carrier|bank|card issuer|supplier|vendor|manufacturer|warehouse|postal service|post office|payment (?:processor|provider)|third[- ]party(?: provider)?|delivery (?:company|partner|driver)|shipping (?:company|partner)|other department)",
    "(?:is|was|lies|sits) (?:entirely |squarely |firmly )?on (?:their|the (?:carrier|courier|bank|supplier|vendor|manufacturer)'s) (?:side|end)",
    "(?:it is|this is|that is|it was|this was|that was|it's|that's) not (?:our|my) fault",
    "(?:is|was|were) not (?:caused by|due to|the fault of) (?:us|our|me|\\p{Lu}\\S*)",
    "(?:is|was) (?:not |n't )?(?:our|my) (?:responsibility|problem|department)",
    "(?:that|this|it) (?:is|was) (?:a|an) (?:\\S+ )?(?:problem|issue|error|mistake|matter) (?:with|on|for|of) (?:the|their|your) (?:bank|carrier|courier|supplier|vendor|manufacturer|warehouse|provider|partner|shipping company|post office)",
    "(?:it is|it's|that is|that's) up to (?:the|your) (?:bank|financial institution|carrier|courier|card issuer|supplier|vendor|manufacturer|provider)",
    "(?:the|our) (?:system|computer|server|software|tool|platform)s? (?:is|are|was|were|has been|went) (?:down|not working|acting up|playing up|broken|glitching|offline)",
    "(?:the|our) (?:system|computer) (?:won't|will not|doesn't|does not|didn't|did not) (?:let|allow)",
    "(?:another|a different|the other|other) (?:department|team|division|office|branch)(?:'s)? (?:is responsible|handles|made|caused|dropped|messed|fault|error|mistake)",
    "(?:the|our) (?:billing|accounts|shipping|warehouse|tech(?:nical)?|it|sales|logistics|fulfil?ment) (?:department|team) (?:made|caused|messed|dropped|forgot|failed|is responsible)",
    "(?:he|she|they|the manager|my manager|my supervisor|the team)(?: is| are|'s|'re) (?:in a meeting|at lunch|out of (?:the )?office|not available|unavailable)(?: right now| at the moment)?(?:,| so| and)",
    "(?:blame|fault of) (?:the|our) (?:carrier|courier|supplier|vendor|bank|manufacturer|system|previous agent|colleague)",
    "(?:my|our) colleague (?:made|gave you|told you) (?:a |the )?(?:mistake|error|wrong)",
    "(?:the|our) (?:courier|carrier|supplier|vendor|manufacturer|delivery company|shipping company|bank)(?: has| have|'s)? (?:failed|messed up|lost|dropped the ball|let us down)",
    "(?:this|the|that) (?:issue|problem|bug|error) (?:is|was) (?:caused by|on the side of|due to) (?:the|a|an) (?:third[- ]party|upstream|external|vendor|supplier|carrier|bank|partner)",
  ],
  // Naming a cause is fine when the same sentence owns the fix ("the courier lost it, so I have sent a new one").
  unless: {
    sentence: ["(?:i|we)(?:'ve| have| just| will|'ll)? (?:already )?(?:sent|send|issued|issue|refunded|refund|replaced|replace|reshipped|reship|re-?run|credited|credit|booked|arranged|fixed|fix|resolved|corrected)"],
  },
  examples: {
    bad: ['The delay was due to circumstances beyond our control.', 'This is not our fault; the courier lost it.', 'Sorry, the system is down, so I cannot check.'],
    good: ['Other customers have reported this too, and we are fixing it today.', 'Our courier lost the parcel, so I have sent a new one by express.'],
  },
};
