// The shapes of Candor rules: phrase rules are data, structural rules are small functions over the template model.
import type { CaseState, Fix, Severity } from '../engine/types.ts';
import type { TemplateModel } from '../engine/model.ts';

/** In which case state a rule applies: everywhere, or only where the case is still open. */
export type RuleWhen = 'any' | 'unresolved';

export interface RuleMeta {
  id: string;
  /** Short human title, e.g. "Cheerful sign-off on an open case". */
  name: string;
  defaultSeverity: Severity;
  when: RuleWhen;
  /** One line for lists and `--list-rules`. */
  description: string;
  /** Why the wording hurts, in plain words (hover text). */
  why: string;
  /** What to write instead. */
  better: string[];
  /** Whether the rule can offer a safe automatic fix. */
  fixable: boolean;
  examples: { bad: string[]; good: string[] };
  /** Built-in rules link to docs/rules/<id>.md; user rules may give their own link. */
  docsUrl?: string;
}

export interface PhrasePattern {
  /** Pattern source: spaces match any run of whitespace or placeholders, `'` any apostrophe, contractions match both forms. */
  match: string;
  /** Replacement text for a quick fix; `$greeting` stands for the configured greeting. */
  replace?: string;
  /** Replacement is safe to apply without review (otherwise it is offered as a suggestion). */
  safe?: boolean;
  /** A message for this pattern instead of the rule's. */
  message?: string;
}

export interface PhraseRule extends RuleMeta {
  kind: 'phrase';
  /** Message with `{phrase}` for the matched words. */
  message: string;
  patterns: Array<string | PhrasePattern>;
  /** Matches are dropped when one of these is in the same sentence / paragraph. */
  unless?: { sentence?: string[]; paragraph?: string[] };
  /** Matches are only kept when one of these is in the same sentence. */
  onlyIf?: { sentence?: string[] };
}

export interface StructuralFinding {
  range: [number, number];
  message: string;
  excerpt: string;
  state: CaseState;
  conditions: string[];
  partialChain?: string[];
  fix?: Fix;
  suggestions?: Fix[];
  related?: Array<{ path: string; range: [number, number]; message: string }>;
  tags?: Array<'unnecessary' | 'deprecated'>;
}

export interface StructuralRule extends RuleMeta {
  kind: 'structural';
  check(model: TemplateModel, options: Record<string, unknown>): StructuralFinding[];
}

export type Rule = PhraseRule | StructuralRule;
