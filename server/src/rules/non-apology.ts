// non-apology: conditional or generic apologies that name nothing.
import type { PhraseRule } from './types.ts';

export const nonApology: PhraseRule = {
  kind: 'phrase',
  id: 'non-apology',
  name: 'Non-apology',
  defaultSeverity: 'warning',
  when: 'any',
  fixable: false,
  description: 'Apologies that hedge or name nothing ("sorry for any inconvenience", "sorry if you feel").',
  message: '“{phrase}” apologises for nothing in particular; name what went wrong and own it.',
  why:
    '"Any inconvenience this may have caused" doubts that anything happened at all, and "sorry you feel that way" apologises for the ' +
    'customer\'s feelings rather than for what the company did. A real apology names the problem ("I am sorry your order arrived two ' +
    'days late") and is followed by what you are doing about it.',
  better: ['I am sorry your order arrived two days late.', 'I am sorry we charged you twice; the second charge is refunded.'],
  patterns: [
    "(?:we|i) (?:\\S+ )?(?:apologi[sz]e|(?:are|am) sorry|regret) (?:for|about) any (?:\\S+ )?(?:(?:or|and|/) ?\\S+ )?(?:inconvenience|confusion|trouble|frustration|issues?|problems?|disruption|distress|delay|disappointment|misunderstanding)s?",
    "(?:apologi(?:es|[sz]e)|sorry|regret) (?:for|about) any (?:\\S+ )?(?:(?:or|and|/) ?\\S+ )?(?:inconvenience|confusion|trouble|frustration|issues?|problems?|disruption|distress|delay|disappointment|misunderstanding)s?",
    "(?:inconvenience|confusion|trouble|frustration|disruption)s? (?:this|that|it) (?:may|might|could) (?:have )?(?:caused|cause)(?: you)?",
    "(?:sorry|apologi[sz]e) if (?:you (?:feel|felt|were|are|think|thought)|this (?:caused|has caused)|we (?:have )?(?:upset|offended|caused)|that (?:upset|offended)|there (?:was|has been) any)",
    "sorry (?:that )?you feel (?:that way|this way|like that)",
    "sorry (?:that |if )?you (?:were|are|feel) (?:upset|offended|unhappy|dissatisfied|disappointed) (?:by|with|about)",
    "sorry (?:that )?(?:our|the) (?:\\S+ )?(?:did not|didn't|does not|doesn't) (?:meet|live up to) (?:your|all of your) expectations",
    "(?:regret|apologi[sz]e|sorry) (?:that |if )?(?:we|this|it) (?:did not|didn't|has not|hasn't|may not have|might not have) (?:meet|met|lived up to|live up to) (?:your|all of your) expectations",
    "mistakes (?:were|have been) made",
  ],
  examples: {
    bad: ['We apologise for any inconvenience this may have caused.', "I'm sorry if you feel that way."],
    good: ['I am sorry we sent the wrong size; the right one ships today by express.'],
  },
};
