// Recognises concrete times, dates and durations in prose ("by 5pm", "within 2 business days", "{{eta}}").
import { TIME_PLACEHOLDER } from '../engine/prose/proseText.ts';
import { UnicodeRegExp } from './phraseMatcher.ts';

const NUMBER_WORDS = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty[- ]?eight|twenty[- ]?four|seventy[- ]?two';
const UNIT = '(?:business |working |calendar )?(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?)';
const DAY = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun';
const MONTH = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';

/** Sources of concrete time expressions, usable inside phrase-rule `unless` lists. */
export const CONCRETE_TIME_SOURCES = [
  `\\d{1,2}(?::\\d{2})? ?(?:am|pm|a\\.m\\.|p\\.m\\.)`,
  `\\d{1,2}:\\d{2}(?: ?(?:utc|gmt|[a-z]{2,4}t))?`,
  `(?:noon|midday|midnight)`,
  `(?:by|before|until|on|this|next|from|after) (?:${DAY})(?:day)?`,
  `(?:${DAY})day`,
  `(?:by|before|until|after) (?:tomorrow|tonight|today|the end of (?:the )?(?:day|today|tomorrow|week|month)|end of (?:day|business|the day|the week)|eod|cob|close of business)`,
  `(?:later )?(?:today|tonight|tomorrow) (?:morning|afternoon|evening|at|by|before)`,
  `(?:within|in|under|after|every|for|next|of|up to|no more than|at most) (?:the next )?(?:\\d+(?:[.,]\\d+)?|${NUMBER_WORDS})(?:[-–—](?:\\d+|${NUMBER_WORDS}))? ?${UNIT}`,
  `(?:\\d+|${NUMBER_WORDS})(?:[-–—](?:\\d+))? ?${UNIT} (?:from now|of|after|to)`,
  `(?:\\d+|${NUMBER_WORDS})[-–—]? ?(?:business|working)[- ]days?`,
  `(?:${MONTH})\\.? \\d{1,2}(?:st|nd|rd|th)?`,
  `\\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:${MONTH})`,
  `\\d{4}-\\d{2}-\\d{2}`,
  `\\d{1,2}/\\d{1,2}(?:/\\d{2,4})?`,
  `${TIME_PLACEHOLDER}`,
  // Placeholders in other template languages (`{timeframe}`, `[ETA]`, `%DUE_DATE%`) whose name says they hold a time.
  `[{\\[%][^{}\\[\\]%\\n]{0,40}?(?:time|date|eta|deadline|window|hours?|days?|weeks?|minutes?)[^{}\\[\\]%\\n]{0,40}[}\\]%]`,
];

// Same matches as the `iu` expression, read without `u` where that is exact (see UnicodeRegExp).
const CONCRETE_TIME = new UnicodeRegExp(`(?<![\\p{L}\\p{N}])(?:${CONCRETE_TIME_SOURCES.join('|')})(?![\\p{L}\\p{N}])`, 'iu');

export function hasConcreteTime(text: string): boolean {
  return CONCRETE_TIME.test(text);
}
