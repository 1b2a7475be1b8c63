// vague-timeline: time words that give no time the customer can plan around.
import { ruleTests } from './ruleTester.ts';

ruleTests('vague-timeline', {
  good: [
    'We will reply by 5pm today.',
    "We'll reply by 5pm today.",
    'Expect an update within 2 hours.',
    'I will call you as soon as the part arrives, and no later than Friday.',
    'We will get back to you by {{reply_by}}.',
    "We'll get back to you within two business days.",
    'I will update you within {timeframe}, or sooner if anything changes.',
    { name: 'the customer\'s own timing', text: 'We look forward to hearing from you soon.' },
    { name: 'a concrete date', text: 'The fix ships on March 3rd, so expect it shortly after.' },
  ],
  bad: [
    { text: "We'll get back to you soon.", flagged: ['soon'] },
    { text: 'We will get back to you.', flagged: ['We will get back to you'] },
    { text: "We'll get back to you.", flagged: ["We'll get back to you"] },
    { name: 'curly apostrophe', text: 'We’ll get back to you.', flagged: ['We’ll get back to you'] },
    { text: 'Our team will respond as soon as possible.', flagged: ['as soon as possible'] },
    { text: 'The fix will be released in the coming days.', flagged: ['in the coming days'] },
    { text: 'The refund will be processed in due course.', flagged: ['in due course'] },
    { text: 'Stay tuned for updates.', flagged: ['Stay tuned'] },
    { name: 'a line break inside the phrase', text: 'We will reply as soon\nas possible.', flagged: ['as soon\nas possible'] },
    { name: 'a time in another sentence does not count', text: 'Your ticket was opened at 9am. We will reply shortly.', flagged: ['shortly'] },
  ],
});
