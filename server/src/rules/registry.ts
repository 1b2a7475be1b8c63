// The registry of built-in rules: the only place that knows the full set.
import type { Rule } from './types.ts';
import { impersonalBoilerplate } from './impersonal-boilerplate.ts';
import { genericGreeting } from './generic-greeting.ts';
import { shiftsBlame } from './shifts-blame.ts';
import { blamesCustomer } from './blames-customer.ts';
import { unkeepablePromise } from './unkeepable-promise.ts';
import { falseReassurance } from './false-reassurance.ts';
import { vagueTimeline } from './vague-timeline.ts';
import { excuseNotSolution } from './excuse-not-solution.ts';
import { ourProblemNotYours } from './our-problem-not-yours.ts';
import { nonApology } from './non-apology.ts';
import { cheerfulSignOff } from './cheerful-sign-off.ts';
import { billingWhileUnresolved } from './billing-while-unresolved.ts';
import { flippantTone } from './flippant-tone.ts';
import { badmouthsCustomers } from './badmouths-customers.ts';
import { deadEndAnswer } from './dead-end-answer.ts';
import { idiom } from './idiom.ts';
import { missingNextUpdate } from './missing-next-update.ts';
import { apologyWithoutAction } from './apology-without-action.ts';
import { conflictingCommitments } from './conflicting-commitments.ts';
import { templateSyntax } from './template-syntax.ts';
import { missingPartial } from './missing-partial.ts';
import { unknownVariable } from './unknown-variable.ts';
import { unusedDisable } from './unused-disable.ts';

export const builtinRules: Rule[] = [
  impersonalBoilerplate, genericGreeting, shiftsBlame, blamesCustomer, unkeepablePromise, falseReassurance, vagueTimeline,
  excuseNotSolution, ourProblemNotYours, nonApology, cheerfulSignOff, billingWhileUnresolved, flippantTone, badmouthsCustomers,
  deadEndAnswer, idiom, missingNextUpdate, apologyWithoutAction, conflictingCommitments, templateSyntax, missingPartial,
  unknownVariable, unusedDisable,
];

export const ruleById = new Map(builtinRules.map((rule) => [rule.id, rule]));

/** Where a rule's documentation lives; computed from the id, never typed by hand. */
export const DOCS_BASE = 'https://github.com/candor-lint/candor/blob/main/docs/rules/';
export function docsUrl(rule: Pick<Rule, 'id' | 'docsUrl'>): string {
  return rule.docsUrl ?? `${DOCS_BASE}${rule.id}.md`;
}
