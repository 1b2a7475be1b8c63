// The `candor/rules` request: every rule with its explanation, for the client's "Explain rule" command.
import { builtinRules, docsUrl } from '../rules/registry.ts';
import type { Rule } from '../rules/types.ts';

export { RULES_REQUEST, type RuleExplanation } from './protocol.ts';
import type { RuleExplanation } from './protocol.ts';

/** Built-in rules first, then the team's phrase rules from the configs in use (deduplicated by id). */
export function ruleExplanations(userRules: Rule[]): RuleExplanation[] {
  const seen = new Set<string>();
  const out: RuleExplanation[] = [];
  for (const rule of [...builtinRules, ...userRules]) {
    if (seen.has(rule.id)) continue;
    seen.add(rule.id);
    const builtin = builtinRules.includes(rule);
    out.push({ id: rule.id, name: rule.name, description: rule.description, why: rule.why, better: [...rule.better], docsUrl: builtin || rule.docsUrl ? docsUrl(rule) : '' });
  }
  return out;
}
