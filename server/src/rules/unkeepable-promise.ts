// unkeepable-promise: promises nobody can be sure to keep.
import type { PhraseRule } from './types.ts';

export const unkeepablePromise: PhraseRule = {
  kind: 'phrase',
  id: 'unkeepable-promise',
  name: 'Promise nobody can keep',
  defaultSeverity: 'warning',
  when: 'any',
  fixable: false,
  description: 'Promises and guarantees no one can be sure of ("I promise", "this will never happen again").',
  message: '“{phrase}” promises more than anyone can be sure of; say what you will do and when.',
  why:
    'A promise that is broken does more harm than no promise at all: the customer remembers it. "Never again", "guaranteed" and ' +
    '"first thing tomorrow" are hopes dressed as commitments. Tell the customer honestly what you will do, by when, and what could ' +
    'change it; most people respect honesty more than optimism that fails.',
  better: ['I have added a check so a failed payment alerts us; I will confirm on Friday that it works.', 'An engineer is booked for Tuesday between 9 and 12.'],
  patterns: [
    "i (?:can )?(?:promise|guarantee|swear)(?! to (?:look|check))",
    "we (?:can )?(?:promise|guarantee)(?! to (?:look|check))",
    "(?:is |are |fully |100% )?guaranteed",
    "rest assured",
    "(?:i|we) (?:can )?(?:assure|reassure) you (?:that )?(?:this|it|the (?:issue|problem|error))? ?(?:will|won't|cannot|can't|shall)",
    "(?:this|it|that|the (?:issue|problem|error|mistake)) (?:will|shall|won't|will not|is not going to|isn't going to|is never going to) (?:never )?(?:happen|occur)(?: ever)? again",
    "(?:this|it|that) (?:will|shall) never (?:be repeated|recur)",
    "never (?:happen|occur) again",
    "first thing (?:tomorrow|in the morning|on monday|monday)",
    "(?:100|a hundred) ?(?:%|percent|per cent) (?:sure|certain|guaranteed|fixed|resolved)",
    "(?:will|shall) (?:definitely|certainly|absolutely|surely) (?:be )?(?:fix|resolv|solv|arriv|deliver|work)\\p{L}*",
    "(?:no|zero) (?:more )?(?:problems|issues|downtime) (?:ever )?again",
    "(?:you have|you've got) my word",
  ],
  examples: {
    bad: ['I promise this will never happen again.', 'Rest assured, our technician will be there first thing tomorrow.', 'Delivery is guaranteed by Friday.'],
    good: ['Our technician is booked for Tuesday between 9 and 12; if that changes I will call you the day before.'],
  },
};
