// generic-greeting: salutations that greet a category; the fix uses the configured greeting.
import { ruleTests } from './ruleTester.ts';

const withGreeting = { config: { rules: { 'generic-greeting': { severity: 'warning' as const, options: { greeting: 'Hello {{first_name}}' } } } } };

ruleTests('generic-greeting', {
  good: [
    'Hi {{customer.firstName}},\n\nYour order has shipped.',
    'Dear {{customer.firstName}},',
    'Greetings from the whole team in Lisbon, {{name}}!',
    { name: '"customer" later in a sentence', text: 'Hi {{name}}, as a customer you can return it within 30 days.' },
    'To whom should I send the invoice, you or your manager?',
  ],
  bad: [
    { text: 'Dear Customer,\n\nYour order has shipped.', flagged: ['Dear Customer'], fixed: 'Hi {{customer.firstName}},\n\nYour order has shipped.' },
    { text: 'Dear Valued Customer,\nThanks for your order.', flagged: ['Dear Valued Customer'], fixed: 'Hi {{customer.firstName}},\nThanks for your order.' },
    { text: 'To whom it may concern,', flagged: ['To whom it may concern'], fixed: 'Hi {{customer.firstName}},' },
    { text: 'Dear Sir/Madam,', flagged: ['Dear Sir/Madam'], fixed: 'Hi {{customer.firstName}},' },
    { text: 'Gentlemen,\nYour order has shipped.', flagged: ['Gentlemen'] },
    { text: 'Hello user,\nYour password was changed.', flagged: ['Hello user'] },
    { name: 'the greeting option sets the fix', text: 'Dear Customer,', options: withGreeting, flagged: ['Dear Customer'], fixed: 'Hello {{first_name}},' },
  ],
});
