// The configuration the engine reads for one file, after `.candorrc.json` files, presets and overrides are merged.
import type { CaseState, SeveritySetting } from '../engine/types.ts';
import type { CaseStateSettings } from '../engine/prose/caseState.ts';
import type { PhraseRule } from '../rules/types.ts';

export interface RuleSetting {
  severity: SeveritySetting;
  options: Record<string, unknown>;
}

export interface DataDescription {
  /** `sample`: example values; `schema`: a JSON Schema describing the variables. */
  kind: 'sample' | 'schema';
  value: unknown;
  path: string;
}

export interface EngineConfig {
  /** Severity and options per rule id; rules not listed use their defaults. */
  rules: Record<string, RuleSetting>;
  /** Phrase rules the team wrote in its config. */
  userPhrases: PhraseRule[];
  caseState: CaseStateSettings;
  /** Case state given to the file by a config override (front matter wins over it). */
  fileCase?: CaseState;
  data?: DataDescription;
  /** Whether this file is itself a partial (its state-dependent findings are reported at call sites). */
  isPartial?: boolean;
}

export const defaultEngineConfig: EngineConfig = {
  rules: {},
  userPhrases: [],
  caseState: { resolved: [], unresolved: [], builtins: true },
};
