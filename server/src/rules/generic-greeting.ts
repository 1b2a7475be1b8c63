// generic-greeting: openings that address a category ("Dear Customer") instead of the person.
import type { PhraseRule } from './types.ts';

export const genericGreeting: PhraseRule = {
  kind: 'phrase',
  id: 'generic-greeting',
  name: 'Generic greeting',
  defaultSeverity: 'warning',
  when: 'any',
  fixable: true,
  description: 'Salutations such as "Dear Customer" or "Dear Sir/Madam" that do not address the person.',
  message: '“{phrase}” greets a category, not a person: use the customer’s name.',
  why:
    'The first words tell the reader whether a person or a mail merge is writing. "Dear Customer" says nobody looked at who they are; ' +
    'gendered openings ("Dear Sir", "Gentlemen") guess wrong for many readers. Every template has the name to hand, so use it.',
  better: ['Hi {{customer.firstName}},', 'Hello {{customer.firstName}},'],
  patterns: [
    { match: "dear (?:valued |loyal |esteemed |beloved )?(?:customer|client|user|member|subscriber|account ?holder|patron|guest|shopper|sir or madam|sir/madam|sir / madam|madam or sir|sir|madam|madame|friend|all)(?=[\\s,:!]|$)", replace: '$greeting', safe: true },
    { match: "(?:hello|hi|hey|greetings|good (?:morning|afternoon|evening)),? (?:valued |dear )?(?:customer|client|user|member|subscriber|account ?holder|sir|madam|sir/madam)(?=[\\s,:!]|$)", replace: '$greeting', safe: true },
    { match: 'to whom it may concern', replace: '$greeting', safe: true },
    { match: "(?<=^|\\n)(?:gentlemen|ladies and gentlemen|sirs|greetings)(?=[,:!]|\\s*\\n)", replace: '$greeting', safe: true },
  ],
  examples: {
    bad: ['Dear Customer,\n\nYour order has shipped.', 'To whom it may concern,', 'Dear Sir/Madam,'],
    good: ['Hi {{customer.firstName}},\n\nYour order has shipped.', 'Dear {{customer.firstName}},'],
  },
};
