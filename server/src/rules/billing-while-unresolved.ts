// billing-while-unresolved: invoices, payment requests, renewals or upsells while the case is open.
import type { PhraseRule } from './types.ts';

export const billingWhileUnresolved: PhraseRule = {
  kind: 'phrase',
  id: 'billing-while-unresolved',
  name: 'Billing on an open case',
  defaultSeverity: 'warning',
  when: 'unresolved',
  fixable: false,
  description: 'Asking for payment, mentioning a renewal or upselling in a message about an open problem.',
  message: '“{phrase}” asks for money while the customer’s problem is still open; hold it until the case is resolved.',
  why:
    'Nothing says "they only care about the money" like a bill or an upgrade offer that arrives before the problem is fixed. Even when ' +
    'billing runs on its own schedule, keep it out of this message and, where you can, hold the bill until things are put right.',
  better: ['Leave billing out of this message; once it is fixed, a separate note can cover the invoice.', 'I have paused your next invoice until this is fixed.'],
  patterns: [
    "(?:your |the |an |this month's |outstanding |attached )?invoice (?:is|was) (?:attached|due|overdue|outstanding|enclosed|ready)",
    "(?:please )?(?:pay|settle|clear) (?:your|the|this|an|any) (?:outstanding |overdue |open )?(?:invoice|bill|balance|amount|payment)",
    "(?:payment|balance|amount|invoice|bill|renewal|subscription fee) (?:is |of \\S+ is |will be )?(?:now )?(?:due|overdue|payable|outstanding)",
    "(?:outstanding|overdue|unpaid) (?:balance|invoice|amount|payment|bill)",
    "(?:your )?(?:subscription|plan|contract|membership|licen[cs]e) (?:will )?(?:renew|renews|is up for renewal|auto-?renews)",
    "(?:time to |don't forget to |remember to |please )?renew (?:your|now|today)",
    "upgrade (?:to|your|now|today)(?! (?:has been|was) (?:reversed|refunded|cancelled))",
    "(?:special|exclusive|limited[- ]time) (?:offer|discount|deal|promotion)",
    "(?:check out|take a look at|try) (?:our|the) (?:new |latest |premium )?(?:plans?|products?|offers?|packages?|add-?ons?)",
    "(?:we will|we'll) (?:charge|bill) (?:your|you)",
  ],
  unless: { sentence: ['(?:paused|held|waived|cancell?ed|refunded|credited|will not be charged|won\'t be charged|no charge|free of charge|not be billed|on hold)'] },
  examples: {
    bad: ['We are still looking into the outage. Your invoice is attached and payment is due on Friday.', 'While we fix this, why not upgrade to Premium?'],
    good: ['We are still looking into the outage, and I have paused your next invoice until it is fixed.'],
  },
};
