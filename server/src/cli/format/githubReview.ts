// `--format github-review`: a pull-request review payload, one comment per finding on a changed line, with suggestions.
import type { Finding, Severity } from '../../engine/types.ts';
import { LineIndex } from '../../engine/text.ts';
import type { Rule } from '../../rules/types.ts';
import { docsUrl } from '../../rules/registry.ts';
import type { FileResult } from '../results.ts';
import { displayPath, pathInside } from '../repoRoot.ts';

export interface ReviewComment {
  path: string;
  line: number;
  start_line?: number;
  side: 'RIGHT';
  start_side?: 'RIGHT';
  body: string;
}

/** The body of `POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews`, less `commit_id`, which the poster knows. */
export interface ReviewPayload {
  event: 'COMMENT';
  body: string;
  comments: ReviewComment[];
}

export interface ReviewOptions {
  /** The git repository root: comment paths are relative to it. */
  root: string;
  /** A file's path as git names it, relative to `root`. */
  relativePath?: (filePath: string) => string | undefined;
  rules: Rule[];
  /** Whether every line from `first` to `last` of a file is an added or changed line of the pull request. */
  linesChanged: (filePath: string, first: number, last: number) => boolean;
}

const LABEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice' };
/** A review body holds at most 65,536 characters; findings past this many are counted, not listed. */
const BODY_LIST_LIMIT = 50;

export function formatGithubReview(results: FileResult[], options: ReviewOptions): string {
  const ruleDocs = new Map(options.rules.map((rule) => [rule.id, docsUrl(rule)]));
  const comments: ReviewComment[] = [];
  const elsewhere: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0 };
  let suggestions = 0;
  for (const result of results) {
    const path = options.relativePath?.(result.filePath) ?? pathInside(options.root, result.filePath) ?? displayPath(options.root, result.filePath);
    const lines = new LineIndex(result.text);
    if (result.fatal) elsewhere.push(`- \`${path}\`: ${result.fatal}`);
    for (const finding of result.findings) {
      counts[finding.severity]++;
      const first = lines.position(finding.range[0]).line;
      const last = lastLine(lines, finding.range);
      const heading = `**Candor** ${LABEL[finding.severity]} · ${ruleDocs.has(finding.ruleId) ? `[\`${finding.ruleId}\`](${ruleDocs.get(finding.ruleId)})` : `\`${finding.ruleId}\``}`;
      const text = `${heading}\n\n${finding.message}`;
      const suggestion = finding.fix ? suggestedLines(result.text, lines, finding) : undefined;
      if (suggestion && options.linesChanged(result.filePath, suggestion.first, suggestion.last)) {
        suggestions++;
        comments.push(comment(path, suggestion.first, suggestion.last, `${text}\n\n${finding.fix!.description}:\n\n${fenced('suggestion', suggestion.text)}`));
      } else if (options.linesChanged(result.filePath, first, last)) {
        comments.push(comment(path, first, last, text));
      } else {
        // A review comment must sit on a line of the diff; a finding caused by a change elsewhere on its
        // message path (or in a partial) is listed in the review body instead.
        const changed = firstChangedLine(options, result.filePath, first, last);
        if (changed !== undefined) comments.push(comment(path, changed, changed, text));
        else elsewhere.push(`- \`${path}:${first}\` ${LABEL[finding.severity]} ${ruleDocs.has(finding.ruleId) ? `[\`${finding.ruleId}\`](${ruleDocs.get(finding.ruleId)})` : `\`${finding.ruleId}\``}: ${oneLine(finding.message)}`);
      }
    }
  }
  const total = counts.error + counts.warning + counts.information;
  const body: string[] = [];
  if (total === 0 && !elsewhere.length) body.push('Candor found nothing to flag on the lines this pull request changes.');
  else {
    body.push(`Candor found ${plural(total, 'finding')} on the lines this pull request changes: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.information, 'notice')}.`);
    if (suggestions) body.push(`${plural(suggestions, 'comment')} ${suggestions === 1 ? 'has' : 'have'} a suggested change you can commit from the review.`);
    if (elsewhere.length) {
      body.push('', 'These concern the changed messages but not a changed line, so they are listed here:', '', ...elsewhere.slice(0, BODY_LIST_LIMIT));
      if (elsewhere.length > BODY_LIST_LIMIT) body.push(`- …and ${elsewhere.length - BODY_LIST_LIMIT} more.`);
    }
  }
  const payload: ReviewPayload = { event: 'COMMENT', body: body.join('\n'), comments };
  return JSON.stringify(payload, null, 2) + '\n';
}

function comment(path: string, first: number, last: number, body: string): ReviewComment {
  return first < last ? { path, start_line: first, line: last, side: 'RIGHT', start_side: 'RIGHT', body } : { path, line: last, side: 'RIGHT', body };
}

/** The last line a range covers; a range that ends right after a line break ends on the line before. */
function lastLine(lines: LineIndex, range: [number, number]): number {
  return lines.position(Math.max(range[0], range[1] - (range[1] > range[0] ? 1 : 0))).line;
}

function firstChangedLine(options: ReviewOptions, filePath: string, first: number, last: number): number | undefined {
  for (let n = first; n <= last; n++) if (options.linesChanged(filePath, n, n)) return n;
  return undefined;
}

/** The whole lines a fix touches, with the fix applied: what a ```suggestion block replaces them with. */
export function suggestedLines(text: string, lines: LineIndex, finding: Finding): { first: number; last: number; text: string } | undefined {
  const edits = [...(finding.fix?.edits ?? [])].sort((a, b) => a.range[0] - b.range[0]);
  if (!edits.length) return undefined;
  const start = Math.min(finding.range[0], ...edits.map((e) => e.range[0]));
  const end = Math.max(finding.range[1], ...edits.map((e) => e.range[1]));
  const firstIndex = lines.lineOf(start);
  const from = lines.lineStart(firstIndex);
  const apply = (to: number): string | undefined => {
    let out = '';
    let at = from;
    for (const edit of edits) {
      if (edit.range[0] < at || edit.range[1] > to) return undefined;
      out += text.slice(at, edit.range[0]) + edit.text;
      at = edit.range[1];
    }
    return out + text.slice(at, to);
  };
  let lastIndex = lines.lineOf(end > start ? end - 1 : end);
  let replaced = apply(lines.lineEnd(lastIndex));
  if (end > lines.lineEnd(lastIndex)) {
    // The fix takes a line break with it. Removing whole lines: the suggestion empties them. Joining lines:
    // the suggestion covers the joined line too.
    const upToBreak = apply(end);
    if (upToBreak !== undefined && (upToBreak === '' || /\r?\n$/.test(upToBreak))) replaced = upToBreak.replace(/\r?\n$/, '');
    else {
      lastIndex = lines.lineOf(end);
      replaced = apply(lines.lineEnd(lastIndex));
    }
  }
  if (replaced === undefined) return undefined;
  return { first: firstIndex + 1, last: lastIndex + 1, text: replaced.replace(/\r\n?/g, '\n') };
}

/** A fenced block whose fence is longer than any run of backticks inside it. */
function fenced(info: string, content: string): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${content}\n${fence}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
