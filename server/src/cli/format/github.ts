// `--format github`: GitHub Actions workflow commands, so findings show as annotations on the pull request.
import type { FileResult } from '../results.ts';
import { locate } from '../results.ts';
import { displayPath } from '../repoRoot.ts';
import type { Severity } from '../../engine/types.ts';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice' };

/** Escapes a command's message (the part after `::`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value (`file=…`, `title=…`): as data, plus the separators `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(results: FileResult[], options: { root: string }): string {
  const lines: string[] = [];
  for (const result of results) {
    const file = escapeProperty(displayPath(options.root, result.filePath));
    if (result.fatal) lines.push(`::error file=${file},line=1,col=1,title=${escapeProperty('Candor: file not checked')}::${escapeData(result.fatal)}`);
    for (const { finding, line, column, endLine, endColumn } of locate(result)) {
      const props = [`file=${file}`, `line=${line}`, `col=${column}`, `endLine=${endLine}`, `endColumn=${endColumn}`, `title=${escapeProperty(`Candor (${finding.ruleId})`)}`];
      lines.push(`::${COMMAND[finding.severity]} ${props.join(',')}::${escapeData(finding.message)}`);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
