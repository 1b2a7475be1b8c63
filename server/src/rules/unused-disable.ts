// unused-disable: a suppression comment that suppresses nothing (the engine reports it after all other rules).
import type { StructuralRule } from './types.ts';

export const unusedDisable: StructuralRule = {
  kind: 'structural',
  id: 'unused-disable',
  name: 'Unused suppression',
  defaultSeverity: 'warning',
  when: 'any',
  fixable: true,
  description: 'A `candor-disable` comment that silences no finding, or names a rule that does not exist.',
  why:
    'Suppression comments outlive the text they were written for. One that silences nothing hides the next real problem on that ' +
    'line and misleads the next writer about what is allowed. Remove it, or correct the rule id.',
  better: ['Remove the comment, or name the rule that really fires on the next line.'],
  examples: {
    bad: ['{{!-- candor-disable-next-line shifts-blame --}}\nThanks for your order.'],
    good: ['{{!-- candor-disable-next-line shifts-blame -- the carrier is named on purpose --}}\nThe delay is outside our control.'],
  },
  check: () => [],
};
