// `--format compact`: one `file:line:col: severity message [rule]` line per finding, for editors and grep.
import type { FileResult } from '../results.ts';
import { locate } from '../results.ts';
import { displayPath } from '../repoRoot.ts';
import { collect, type Write } from './stream.ts';

export function formatCompact(results: FileResult[], options: { cwd: string }): string {
  return collect((write) => writeCompact(write, results, options));
}

/** The same text as `formatCompact`, written one line at a time. */
export function writeCompact(write: Write, results: FileResult[], options: { cwd: string }): void {
  for (const result of results) {
    const file = displayPath(options.cwd, result.filePath);
    if (result.fatal) write(`${file}:1:1: error ${oneLine(result.fatal)} [fatal]\n`);
    for (const { finding, line, column } of locate(result)) {
      write(`${file}:${line}:${column}: ${finding.severity} ${oneLine(finding.message)} [${finding.ruleId}]\n`);
    }
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
