// `--format junit`: one test case per template and a failure per finding, for CI test-report views.
import type { FileResult } from '../results.ts';
import { locate } from '../results.ts';
import { displayPath } from '../repoRoot.ts';

/** Escapes text for XML content and attribute values, dropping characters XML 1.0 cannot hold. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function formatJunit(results: FileResult[], options: { cwd: string }): string {
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  for (const result of results) {
    const file = escapeXml(displayPath(options.cwd, result.filePath));
    const body: string[] = [];
    if (result.fatal) {
      errors++;
      body.push(`      <error message="${escapeXml(result.fatal)}" type="fatal">${escapeXml(result.fatal)}</error>`);
    }
    for (const { finding, line, column } of locate(result)) {
      failures++;
      const detail = `${finding.severity} at ${displayPath(options.cwd, result.filePath)}:${line}:${column} (${finding.ruleId})\n${finding.message}`;
      body.push(`      <failure message="${escapeXml(finding.message)}" type="${escapeXml(finding.ruleId)}">${escapeXml(detail)}</failure>`);
    }
    cases.push(body.length ? `    <testcase classname="candor" name="${file}" time="0">\n${body.join('\n')}\n    </testcase>` : `    <testcase classname="candor" name="${file}" time="0" />`);
  }
  const counts = `tests="${results.length}" failures="${failures}" errors="${errors}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="candor" ${counts} time="0">`,
    `  <testsuite name="candor" ${counts} skipped="0" time="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
