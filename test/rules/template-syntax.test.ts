// template-syntax: Handlebars parse errors and broken front matter, at their location.
import { ruleTests } from './ruleTester.ts';

ruleTests('template-syntax', {
  good: ['Hi {{#if customer.vip}}friend{{/if}}', '---\ncase: unresolved\n---\nHi {{name}}', 'A literal \\{{ brace'],
  bad: [
    { text: 'Hi {{#if customer.vip}}friend', flagged: ['{{#if customer.vip}}'], severity: 'error' },
    { text: 'Hi {{name}', flagged: ['}'] },
  ],
});
