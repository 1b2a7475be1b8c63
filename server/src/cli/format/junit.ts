// `--format junit`: one test case per template and a failure per finding, for CI test-report views.
import type { FileResult } from '../results.ts';
import { locate } from '../results.ts';
import { displayPath } from '../repoRoot.ts';
import { collect, rememberedText, type Write } from './stream.ts';

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
  return collect((write) => writeJunit(write, results, options));
}

/** The same text as `formatJunit`, written one test case at a time. */
export function writeJunit(write: Write, results: FileResult[], options: { cwd: string }): void {
  // The counts head the document, so they are taken before any test case is written.
  let failures = 0;
  let errors = 0;
  for (const result of results) {
    if (result.fatal) errors++;
    failures += result.findings.length;
  }
  const counts = `tests="${results.length}" failures="${failures}" errors="${errors}"`;
  write(['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="candor" ${counts} time="0">`, `  <testsuite name="candor" ${counts} skipped="0" time="0">`, ''].join('\n'));
  // Messages and rule ids repeat across thousands of findings: each is escaped once. Escaping works character by
  // character, so a failure's text is escaped in parts (its path once per file).
  const escapeOnce = rememberedText<string>(escapeXml);
  for (const result of results) {
    const file = escapeXml(displayPath(options.cwd, result.filePath));
    const body: string[] = [];
    if (result.fatal) body.push(`      <error message="${escapeXml(result.fatal)}" type="fatal">${escapeXml(result.fatal)}</error>`);
    for (const { finding, line, column } of locate(result)) {
      const message = escapeOnce(finding.message);
      const ruleId = escapeOnce(finding.ruleId);
      const detail = `${escapeOnce(finding.severity)} at ${file}:${line}:${column} (${ruleId})\n${message}`;
      body.push(`      <failure message="${message}" type="${ruleId}">${detail}</failure>`);
    }
    write((body.length ? `    <testcase classname="candor" name="${file}" time="0">\n${body.join('\n')}\n    </testcase>` : `    <testcase classname="candor" name="${file}" time="0" />`) + '\n');
  }
  write('  </testsuite>\n</testsuites>\n');
}
