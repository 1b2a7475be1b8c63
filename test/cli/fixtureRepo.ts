// A small template repository the CLI tests run against: partials, an unresolved folder, a user phrase rule.
import { tempTree } from '../helpers.ts';

/** A message with every character the report formats must escape. */
export const TRICKY_MESSAGE = 'Drop “{phrase}”: 100% stiff, cold: <say please> & mean it.\nSecond line.';

export const DELAY = 'Dear Customer,\n\nYour refund arrives within 3 business days. I will email you by {{update_date}}.\nKindly wait.\n{{> signature}}\n';

export function fixtureRepo(extra: Record<string, string> = {}): string {
  return tempTree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.candorrc.json': JSON.stringify({
      partials: ['partials/**/*.hbs'],
      overrides: [{ files: ['outages/**'], case: 'unresolved' }],
      phrases: [{ id: 'acme/no-kindly', patterns: ['kindly'], message: TRICKY_MESSAGE }],
    }),
    'partials/signature.hbs': 'Thanks,\nThe Support Team\nHave a great day!\n',
    'outages/delay.hbs': DELAY,
    'refunds/standard.hbs': '---\ncase: resolved\n---\nHi {{customer.firstName}},\n\nRefunds take 5-7 business days after we receive the item.\n',
    ...extra,
  });
}
