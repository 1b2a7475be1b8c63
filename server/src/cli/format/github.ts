// `--format github`: annotations within GitHub's per-step caps, and every finding in the job summary.
import type { FileResult, Located } from '../results.ts';
import { locate } from '../results.ts';
import { displayPath } from '../repoRoot.ts';
import type { Severity } from '../../engine/types.ts';
import { byCodeUnits } from '../../engine/text.ts';
import type { Rule } from '../../rules/types.ts';
import { docsUrl } from '../../rules/registry.ts';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice' };
const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2 };

/** GitHub shows at most this many annotations of each kind per step and drops the rest without a word. */
export const ANNOTATION_CAP = 10;

/** GitHub rejects a step summary over 1 MiB; stay well below it. */
const SUMMARY_LIMIT = 900 * 1024;

/** Escapes a command's message (the part after `::`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value (`file=…`, `title=…`): as data, plus the separators `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

interface Entry {
  file: string;
  fileIndex: number;
  severity: Severity;
  ruleId: string;
  message: string;
  located?: Located;
}

function entriesOf(results: FileResult[], root: string): Entry[] {
  const entries: Entry[] = [];
  results.forEach((result, fileIndex) => {
    const file = displayPath(root, result.filePath);
    if (result.fatal) entries.push({ file, fileIndex, severity: 'error', ruleId: 'fatal', message: result.fatal });
    for (const located of locate(result)) entries.push({ file, fileIndex, severity: located.finding.severity, ruleId: located.finding.ruleId, message: located.finding.message, located });
  });
  // Most severe first, then in file order; the sort is stable, so findings keep their order within a file.
  return entries.sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.fileIndex - b.fileIndex);
}

export interface GithubOptions {
  root: string;
  /** Whether the complete table goes to the job summary (`$GITHUB_STEP_SUMMARY` is set). */
  summaryWritten?: boolean;
}

export function formatGithub(results: FileResult[], options: GithubOptions): string {
  const entries = entriesOf(results, options.root);
  const shown: Record<Severity, number> = { error: 0, warning: 0, information: 0 };
  const total: Record<Severity, number> = { error: 0, warning: 0, information: 0 };
  for (const entry of entries) total[entry.severity]++;
  const hidden = Object.values(total).reduce((n, t) => n + Math.max(0, t - ANNOTATION_CAP), 0);
  // When some findings cannot be annotated, one notice says so: it takes the last notice slot.
  const noticeCap = hidden > 0 ? ANNOTATION_CAP - 1 : ANNOTATION_CAP;
  const cap: Record<Severity, number> = { error: ANNOTATION_CAP, warning: ANNOTATION_CAP, information: noticeCap };
  const lines: string[] = [];
  for (const entry of entries) {
    if (shown[entry.severity] >= cap[entry.severity]) continue;
    shown[entry.severity]++;
    const file = escapeProperty(entry.file);
    if (!entry.located) {
      lines.push(`::error file=${file},line=1,col=1,title=${escapeProperty('Candor: file not checked')}::${escapeData(entry.message)}`);
      continue;
    }
    const { line, column, endLine, endColumn } = entry.located;
    const props = [`file=${file}`, `line=${line}`, `col=${column}`, `endLine=${endLine}`, `endColumn=${endColumn}`, `title=${escapeProperty(`Candor (${entry.ruleId})`)}`];
    lines.push(`::${COMMAND[entry.severity]} ${props.join(',')}::${escapeData(entry.message)}`);
  }
  const notShown = entries.length - (shown.error + shown.warning + shown.information);
  if (notShown > 0) {
    const where = options.summaryWritten ? 'the job summary lists every finding' : 'run `candor check` locally or use `--format sarif` to see every finding';
    const message = `${notShown} more finding${notShown === 1 ? ' is' : 's are'} not shown as annotations (GitHub shows at most ${ANNOTATION_CAP} errors, ${ANNOTATION_CAP} warnings and ${ANNOTATION_CAP} notices per step); ${where}.`;
    lines.push(`::notice title=${escapeProperty('Candor: more findings')}::${escapeData(message)}`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

export interface SummaryOptions {
  root: string;
  rules: Rule[];
  /** Findings the baseline hid, mentioned in the heading. */
  baselined?: number;
  /** What the run was limited to, e.g. "lines changed since origin/main". */
  scope?: string;
  /** `GITHUB_SERVER_URL/GITHUB_REPOSITORY/blob/GITHUB_SHA`, to link each finding to its line. */
  blobUrl?: string;
}

/** A Markdown report of every finding, grouped by file and rule, for `$GITHUB_STEP_SUMMARY`. */
export function githubSummary(results: FileResult[], options: SummaryOptions): string {
  const ruleDocs = new Map(options.rules.map((rule) => [rule.id, docsUrl(rule)]));
  const entries = entriesOf(results, options.root);
  const count = (severity: Severity) => entries.filter((e) => e.severity === severity).length;
  const files = [...new Set(entries.map((e) => e.file))];
  const out: string[] = [];
  const extras = [options.scope, options.baselined ? `${options.baselined} baselined finding${options.baselined === 1 ? '' : 's'} not shown` : undefined].filter(Boolean);
  if (!entries.length) {
    out.push(`### Candor: no findings${extras.length ? ` (${extras.join('; ')})` : ''}`, '');
    return out.join('\n') + '\n';
  }
  out.push(
    `### Candor: ${plural(entries.length, 'finding')} in ${plural(files.length, 'file')}`,
    '',
    `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('information'), 'notice')}${extras.length ? ` · ${extras.join(' · ')}` : ''}`,
    '',
  );
  const ruleLink = (ruleId: string) => (ruleDocs.has(ruleId) ? `[\`${ruleId}\`](${ruleDocs.get(ruleId)})` : `\`${ruleId}\``);
  let size = out.join('\n').length;
  let written = 0;
  for (const file of [...files].sort()) {
    const inFile = entries.filter((e) => e.file === file).sort((a, b) => byCodeUnits(a.ruleId, b.ruleId) || (a.located?.line ?? 0) - (b.located?.line ?? 0));
    const block = [`#### \`${cell(file)}\``, '', '| Rule | Line | Severity | Message |', '| --- | --- | --- | --- |'];
    let previousRule = '';
    for (const entry of inFile) {
      const line = entry.located ? String(entry.located.line) : '–';
      const lineCell = entry.located && options.blobUrl ? `[${line}](${options.blobUrl}/${file.split('/').map(encodeURIComponent).join('/')}#L${line})` : line;
      block.push(`| ${entry.ruleId === previousRule ? '〃' : ruleLink(entry.ruleId)} | ${lineCell} | ${entry.severity === 'information' ? 'notice' : entry.severity} | ${cell(entry.message)} |`);
      previousRule = entry.ruleId;
    }
    block.push('');
    const text = block.join('\n');
    if (size + text.length > SUMMARY_LIMIT) {
      out.push(`_…and ${plural(entries.length - written, 'more finding')}: the summary would exceed GitHub's size limit; use \`--format sarif\` for the full list._`, '');
      break;
    }
    out.push(text);
    size += text.length + 1;
    written += inFile.length;
  }
  return out.join('\n') + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Text safe inside a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;')).replace(/\s*[\r\n]+\s*/g, ' ');
}
