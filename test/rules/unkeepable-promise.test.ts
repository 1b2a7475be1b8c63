// unkeepable-promise: guarantees and promises nobody can be sure to keep.
import { ruleTests } from './ruleTester.ts';

ruleTests('unkeepable-promise', {
  good: [
    'Our technician is booked for Tuesday between 9 and 12; if that changes I will call you the day before.',
    'I will check the logs tomorrow morning and write to you by noon.',
    'We added a check that alerts us if this happens again.',
  ],
  bad: [
    { text: 'I promise this will never happen again.', flagged: ['I promise', 'this will never happen again'] },
    { text: 'Rest assured, our technician will be there first thing tomorrow.', flagged: ['Rest assured', 'first thing tomorrow'] },
    { text: 'Delivery is guaranteed by Friday.', flagged: ['is guaranteed'] },
    { text: 'I can assure you it will not happen again.', flagged: ['I can assure you it will'] },
    { name: 'a line break inside the phrase', text: 'We guarantee\nit works.', flagged: ['We guarantee'] },
    { text: 'It will definitely be fixed today.', flagged: ['will definitely be fixed'] },
  ],
});
