// `--format stylish` (default): findings grouped by file, colour only on a terminal and never with NO_COLOR.
import { relative } from 'node:path';
import type { FileResult } from '../results.ts';
import { locate } from '../results.ts';
import { collect, type Write } from './stream.ts';

export interface StylishOptions {
  cwd: string;
  color: boolean;
}

export function formatStylish(results: FileResult[], options: StylishOptions): string {
  return collect((write) => writeStylish(write, results, options));
}

/** The same text as `formatStylish`, written one line at a time (nothing at all when there is no problem). */
export function writeStylish(write: Write, results: FileResult[], options: StylishOptions): void {
  const paint = (code: string) => (text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const dim = paint('2');
  const red = paint('31');
  const yellow = paint('33');
  const blue = paint('34');
  const underline = paint('4');
  const bold = paint('1');
  // Every line written comes with a problem, so when there is none nothing has been written.
  const out = { push: (line: string) => write(line + '\n') };
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let fixable = 0;
  for (const result of results) {
    const located = locate(result);
    if (!located.length && !result.fatal) continue;
    out.push(underline(relative(options.cwd, result.filePath) || result.filePath));
    if (result.fatal) {
      out.push(`  ${dim('0:0')}  ${red('error')}  ${result.fatal}`);
      errors++;
    }
    const width = Math.max(...located.map((l) => `${l.line}:${l.column}`.length), 3);
    for (const { finding, line, column } of located) {
      const label = finding.severity === 'error' ? red('error  ') : finding.severity === 'warning' ? yellow('warning') : blue('info   ');
      if (finding.severity === 'error') errors++;
      else if (finding.severity === 'warning') warnings++;
      else infos++;
      if (finding.fix) fixable++;
      out.push(`  ${dim(`${line}:${column}`.padEnd(width))}  ${label}  ${finding.message}  ${dim(finding.ruleId)}`);
    }
    out.push('');
  }
  const total = errors + warnings + infos;
  if (total === 0) return;
  const summary = `✖ ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${infos} info)`;
  out.push(bold(errors ? red(summary) : yellow(summary)));
  if (fixable) out.push(dim(`  ${fixable} of them can be fixed with \`candor check --fix\`.`));
}
