// Finds and parses a YAML front matter block (`---` … `---`) at the top of a template.
// The YAML library is loaded on first use (most front matter is read by the simple reader below, and loading the
// library cost ≈ 2 ms of every one-file run), through nodeModules.ts: engine code never calls `require` itself.
import { yamlLibrary } from '../../nodeModules.ts';
import type { CaseState } from '../types.ts';

/**
 * One flat `key: value` line whose value YAML reads as a plain string or a flow list of plain strings: words of
 * letters, digits and `_ . / -` (the first starting with a letter) separated by single spaces, or `[a, b-c]`.
 * No `:`, `#`, quotes, block syntax, numbers, booleans or nulls: anything else goes to the YAML library.
 */
const SIMPLE_LINE = /^([A-Za-z][A-Za-z0-9_-]*):[ ]+(.*?)[ \t]*$/;
const PLAIN_WORDS = /^[A-Za-z][A-Za-z0-9_./-]*(?: [A-Za-z0-9_./-]+)*$/;
const FLOW_LIST = /^\[ *(?:[A-Za-z][A-Za-z0-9_./-]*(?: *, *[A-Za-z][A-Za-z0-9_./-]*)*)? *\]$/;
const BLANK_OR_COMMENT = /^(?:[ \t]*|#.*)$/;
const NOT_STRINGS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL', 'y', 'Y', 'n', 'N', 'yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF']);

/** The mapping `yaml.parseDocument(text).toJS()` gives for simple front matter, or undefined to ask the library. */
export function readSimpleYaml(text: string): Record<string, unknown> | null | undefined {
  const data: Record<string, unknown> = {};
  let keys = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const m = SIMPLE_LINE.exec(line);
    if (!m) {
      if (BLANK_OR_COMMENT.test(line)) continue;
      return undefined;
    }
    const key = m[1]!;
    const raw = m[2]!;
    if (Object.prototype.hasOwnProperty.call(data, key) || NOT_STRINGS.has(key)) return undefined;
    let value: string | string[];
    if (PLAIN_WORDS.test(raw)) value = raw;
    else if (FLOW_LIST.test(raw)) {
      // Built by pushing: lists from `map`/`filter` differ in hidden class (empty or not, inlined or not), which
      // sends the optimised code reading them back to the interpreter.
      const items: string[] = [];
      for (const item of raw.slice(1, -1).split(',')) {
        const trimmed = item.trim();
        if (trimmed !== '') items.push(trimmed);
      }
      value = items;
    }
    else return undefined;
    if (typeof value === 'string' ? NOT_STRINGS.has(value) : value.some((item) => NOT_STRINGS.has(item))) return undefined;
    data[key] = value;
    keys++;
  }
  return keys ? data : null;
}

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
  const problems: FrontMatter['problems'] = [];
  let data: Record<string, unknown> = {};
  const simple = readSimpleYaml(yamlText);
  const doc = simple === undefined ? yamlLibrary().parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true }) : undefined;
  for (const error of doc?.errors ?? []) {
    const [from, to] = error.pos;
    problems.push({ message: `Front matter is not valid YAML: ${error.message.split('\n')[0]}`, range: [yamlStart + from, yamlStart + Math.max(to, from + 1)] });
  }
  if (!doc?.errors.length) {
    const value: unknown = doc ? doc.toJS() : simple;
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
