// The outcome of a run: per-file findings with line/column positions, shared by every output format.
import type { Finding, Severity } from '../engine/types.ts';
import { LineIndex } from '../engine/text.ts';

export interface FileResult {
  /** Absolute path. */
  filePath: string;
  text: string;
  findings: Finding[];
  /** A file that could not be read or linted at all. */
  fatal?: string;
}

export interface Located {
  finding: Finding;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function locate(result: FileResult): Located[] {
  if (!result.findings.length) return [];
  const lines = new LineIndex(result.text);
  return result.findings.map((finding) => {
    const start = lines.position(finding.range[0]);
    const end = lines.position(finding.range[1]);
    return { finding, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  });
}

export function count(results: FileResult[], severity: Severity): number {
  return results.reduce((n, r) => n + r.findings.filter((f) => f.severity === severity).length + (severity === 'error' && r.fatal ? 1 : 0), 0);
}
