// The fixture workspace the protocol tests run against, and the CLI's findings for it as the expected answer.
import { join } from 'node:path';
import { ConfigResolver } from '../../server/src/config/load.ts';
import { lintFiles } from '../../server/src/cli/lintFiles.ts';
import type { Finding } from '../../server/src/engine/index.ts';
import { LineIndex } from '../../server/src/engine/text.ts';
import { tempTree } from '../helpers.ts';

export const outage = [
  '---',
  'case: unresolved',
  '---',
  'Dear Customer,',
  '',
  'We are aware of the outage. Rest assured, it will be fixed soon.',
  '  Have a great day!',
  '{{> signature}}',
  '',
].join('\n');

export const refund = ['Hi {{customer.firstName}},', '', 'Your refund will arrive in 3 business days.', '{{#if case.resolved}}Enjoy your weekend!{{/if}}', ''].join('\n');
export const refundSlow = ['Hi {{customer.firstName}},', '', 'Your refund will arrive in 5-7 business days.', ''].join('\n');

export function fixtureWorkspace(extra: Record<string, string> = {}): string {
  return tempTree({
    '.candorrc.json': JSON.stringify({ partials: ['partials/**/*.hbs'], data: 'data/sample.json' }, null, 2),
    'partials/signature.hbs': 'Thanks,\nThe Support Team\nHave a great day!\n',
    'data/sample.json': JSON.stringify({ customer: { firstName: 'Ada', email: 'ada@example.com' }, case: { resolved: false }, ticket: { id: 42 } }),
    'templates/outage.hbs': outage,
    'templates/refund.hbs': refund,
    'templates/refundSlow.hbs': refundSlow,
    ...extra,
  });
}

export interface ExpectedDiagnostic {
  code: string;
  severity: number;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** What the CLI reports for the given files of a workspace, as LSP ranges (ids and positions only). */
export function cliExpectations(root: string, files: string[]): Map<string, { findings: Finding[]; expected: ExpectedDiagnostic[] }> {
  const results = lintFiles(files.map((f) => join(root, f)).sort(), new ConfigResolver());
  const out = new Map<string, { findings: Finding[]; expected: ExpectedDiagnostic[] }>();
  for (const result of results) {
    const lines = new LineIndex(result.text);
    const position = (offset: number) => {
      const p = lines.position(offset);
      return { line: p.line - 1, character: p.column - 1 };
    };
    out.set(result.filePath, {
      findings: result.findings,
      expected: result.findings.map((f) => ({ code: f.ruleId, severity: SEVERITY[f.severity], message: f.message, range: { start: position(f.range[0]), end: position(f.range[1]) } })),
    });
  }
  return out;
}

/** LSP severities: 1 error, 2 warning, 3 information. */
const SEVERITY = { error: 1, warning: 2, information: 3 } as const;

export function simplify(diagnostics: Array<{ code?: string | number; severity?: number; message: unknown; range: ExpectedDiagnostic['range'] }>): ExpectedDiagnostic[] {
  return diagnostics.map((d) => ({ code: String(d.code), severity: d.severity ?? 0, message: String(d.message), range: d.range }));
}
