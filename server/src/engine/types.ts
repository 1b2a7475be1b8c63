// Shared types of the Candor engine: findings, fixes, case states and the host interface.

export type CaseState = 'resolved' | 'unresolved' | 'unknown';
export type Severity = 'information' | 'warning' | 'error';
export type SeveritySetting = Severity | 'off';

/** A replacement of the source text between two UTF-16 offsets. */
export interface TextEdit {
  range: [number, number];
  text: string;
}

/** A named set of edits; a `fix` is safe to apply without review, a `suggestion` is not. */
export interface Fix {
  description: string;
  edits: TextEdit[];
}

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, counted in UTF-16 code units. */
  column: number;
}

export interface RelatedLocation {
  path: string;
  range: [number, number];
  start: Position;
  end: Position;
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Offsets into the linted file's text. */
  range: [number, number];
  /** The prose the finding is about (normalised), for explanations and fingerprints. */
  excerpt: string;
  caseState: CaseState;
  /** Plain-words description of the branch that holds the prose, e.g. "`case.resolved` is false". */
  conditions: string[];
  /** Partial names the prose came through, outermost first. */
  partialChain: string[];
  fix?: Fix;
  suggestions: Fix[];
  related: RelatedLocation[];
  tags: Array<'unnecessary' | 'deprecated'>;
}

/** What the engine needs from its surroundings; the CLI and the server implement it. */
export interface EngineHost {
  /** Text of a partial by its Handlebars name, or undefined when no configured partial provides it. */
  resolvePartial(name: string, fromPath: string): { path: string; text: string } | undefined;
}

export const noHost: EngineHost = { resolvePartial: () => undefined };
