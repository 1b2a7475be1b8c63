// Candor's own requests between the extension and the language server: names and shapes, shared by both sides.
// Type-only imports, so the client bundle takes nothing from the server but these constants.
import type { Range } from 'vscode-languageserver';
import type { Severity } from '../engine/types.ts';
import type { PreviewMessage } from '../preview/render.ts';

export const RULES_REQUEST = 'candor/rules';
export const PREVIEW_REQUEST = 'candor/preview';

/** One entry of the `candor/rules` answer. */
export interface RuleExplanation {
  id: string;
  name: string;
  description: string;
  why: string;
  better: string[];
  docsUrl: string;
}

export interface PreviewParams {
  uri: string;
  /** The document version the client shows; the answer is for the server's current version, which it names. */
  version?: number;
  caseFilter?: 'resolved' | 'unresolved';
}

/** One finding behind a highlight, with what the preview shows on hover and where it sits in the template. */
export interface PreviewFinding {
  ruleId: string;
  ruleName: string;
  severity: Severity;
  message: string;
  why: string;
  range: Range;
}

export interface PreviewHighlightInfo extends PreviewFinding {
  /** Offsets in the message's text. */
  start: number;
  end: number;
  /** Index of the finding in `PreviewResult.findings`. */
  finding: number;
}

export interface PreviewMessageInfo extends Omit<PreviewMessage, 'highlights' | 'findings'> {
  highlights: PreviewHighlightInfo[];
  /** Indices into `PreviewResult.findings`. */
  findings: number[];
}

export interface PreviewResult {
  uri: string;
  /** The document version rendered; null when the text came from disk. */
  version: number | null;
  messages: PreviewMessageInfo[];
  findings: PreviewFinding[];
  /** Why there is nothing to show (the file is not checked, or too large), when `messages` is empty. */
  notice?: string;
}
