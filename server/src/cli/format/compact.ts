// `--format compact`: one `file:line:col: severity message [rule]` line per finding, for editors and grep.
import type { FileResult } from '../results.ts';
import { locate } from '../results.ts';
import { displayPath } from '../repoRoot.ts';

export function formatCompact(results: FileResult[], options: { cwd: string }): string {
  const lines: string[] = [];
  for (const result of results) {
    const file = displayPath(options.cwd, result.filePath);
    if (result.fatal) lines.push(`${file}:1:1: error ${oneLine(result.fatal)} [fatal]`);
    for (const { finding, line, column } of locate(result)) {
      lines.push(`${file}:${line}:${column}: ${finding.severity} ${oneLine(finding.message)} [${finding.ruleId}]`);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
