// shifts-blame: deflecting the cause onto systems, colleagues, suppliers or fate.
import { ruleTests } from './ruleTester.ts';

ruleTests('shifts-blame', {
  good: [
    'Other customers have reported this too, and we are fixing it today.',
    'Our courier lost the parcel, so I have sent a new one by express.',
    'The system sends a confirmation email within 5 minutes.',
    'This is within our control, and I have fixed it.',
    'The delay was caused by the courier, so I have sent a new parcel by express today.',
  ],
  bad: [
    { text: 'The delay was due to circumstances beyond our control.', flagged: ['due to circumstances beyond our control'] },
    { text: 'This is not our fault; the courier lost it.', flagged: ['This is not our fault', 'the courier lost'] },
    { text: 'Sorry, the system is down, so I cannot check.', flagged: ['the system is down'] },
    { text: "It's not our fault.", flagged: ["It's not our fault"] },
    { name: 'curly apostrophe', text: 'It’s not our fault.', flagged: ['It’s not our fault'] },
    { text: 'The billing department made an error on your account.', flagged: ['The billing department made'] },
    { text: 'This issue was caused by a third-party provider.', flagged: ['This issue was caused by a third-party'] },
    { text: "That's up to your bank now.", flagged: ["That's up to your bank"] },
    { text: 'The delay was caused by the courier.', flagged: ['was caused by the courier'] },
    { text: 'The mistake is down to the warehouse team.', flagged: ['is down to the warehouse team'] },
  ],
});
