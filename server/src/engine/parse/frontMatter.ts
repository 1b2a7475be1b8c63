// Finds and parses a YAML front matter block (`---` … `---`) at the top of a template.
import { parseDocument } from 'yaml';
import type { CaseState } from '../types.ts';

export interface FrontMatter {
  /** Offset where the template body starts (after the closing fence and its line break). */
  bodyStart: number;
  /** The range of the whole block, fences included. */
  range: [number, number];
  data: Record<string, unknown>;
  caseState?: CaseState;
  /** `case: any` is stated explicitly (the file may be sent in either state). */
  caseAny: boolean;
  problems: Array<{ message: string; range: [number, number] }>;
}

const OPEN = /^(?:\uFEFF)?---[ \t]*(?:\r\n|\r|\n)/;
const CLOSE = /(?:^|\r\n|\r|\n)(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|$)/g;

export function readFrontMatter(text: string): FrontMatter | undefined {
  const open = OPEN.exec(text);
  if (!open) return undefined;
  const yamlStart = open[0].length;
  CLOSE.lastIndex = yamlStart - 1;
  const close = CLOSE.exec(text);
  if (!close) {
    return {
      bodyStart: yamlStart,
      range: [0, yamlStart],
      data: {},
      caseAny: false,
      problems: [{ message: 'Front matter starts with `---` but never ends: add a closing `---` line.', range: [0, 3] }],
    };
  }
  const closeAt = close.index;
  const bodyStart = close.index + close[0].length;
  const yamlText = text.slice(yamlStart, Math.max(yamlStart, closeAt));
  const doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true });
  const problems: FrontMatter['problems'] = [];
  for (const error of doc.errors) {
    const [from, to] = error.pos;
    problems.push({ message: `Front matter is not valid YAML: ${error.message.split('\n')[0]}`, range: [yamlStart + from, yamlStart + Math.max(to, from + 1)] });
  }
  let data: Record<string, unknown> = {};
  if (!doc.errors.length) {
    const value: unknown = doc.toJS();
    if (value && typeof value === 'object' && !Array.isArray(value)) data = value as Record<string, unknown>;
    else if (value != null) problems.push({ message: 'Front matter must be a YAML mapping (key: value lines).', range: [yamlStart, closeAt] });
  }
  let caseState: CaseState | undefined;
  let caseAny = false;
  if ('case' in data) {
    const raw = String(data.case).trim().toLowerCase();
    if (raw === 'resolved' || raw === 'unresolved') caseState = raw;
    else if (raw === 'any' || raw === 'unknown') caseAny = true;
    else {
      const at = text.indexOf('case', yamlStart);
      problems.push({
        message: `Front matter \`case: ${String(data.case)}\` is not a case state: use resolved, unresolved or any.`,
        range: at >= 0 ? [at, at + 4] : [yamlStart, closeAt],
      });
    }
  }
  return { bodyStart, range: [0, bodyStart], data, caseState, caseAny, problems };
}
