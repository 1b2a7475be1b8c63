// `--format github`: GitHub's annotation caps (10 errors, 10 warnings, 10 notices per step) and the job summary table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempTree } from '../helpers.ts';
import { formatGithub } from '../../server/src/cli/format/github.ts';
import type { FileResult } from '../../server/src/cli/results.ts';
import type { Finding, Severity } from '../../server/src/engine/types.ts';

/** 50 findings over three files: 15 errors, 25 warnings and 10 notices. */
function manyFindings(): string {
  const lines = (n: number, text: string) => Array.from({ length: n }, () => text).join('\n') + '\n';
  return tempTree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'a-errors.hbs': '---\ncase: unresolved\n---\n' + lines(15, 'You failed to attach the receipt. I will update you by 3pm today.'),
    'b-warnings.hbs': '---\ncase: unresolved\n---\n' + lines(25, 'Oops! I will update you by 3pm today.'),
    'c-notices.hbs': '---\ncase: resolved\n---\n' + lines(10, 'Let us touch base on Monday.'),
  });
}

interface Command {
  kind: string;
  props: Record<string, string>;
  message: string;
}

function commands(stdout: string): Command[] {
  return stdout.trimEnd().split('\n').map((line) => {
    const m = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
    assert.ok(m, line);
    return { kind: m[1]!, props: Object.fromEntries(m[2]!.split(',').map((p) => p.split('=') as [string, string])), message: m[3]! };
  });
}

test('50 findings: at most 10 annotations of each kind, errors first, a note on the rest, and all of them in the summary', () => {
  const root = manyFindings();
  const rules = ['--rule', 'blames-customer:error', '--rule', 'flippant-tone:warning', '--rule', 'idiom:information'];
  const json = JSON.parse(runCli(['check', '-f', 'json', ...rules], { cwd: root }).stdout) as Array<{ messages: Array<{ candorSeverity: Severity }> }>;
  const bySeverity = (s: Severity) => json.flatMap((f) => f.messages).filter((m) => m.candorSeverity === s).length;
  assert.deepEqual([bySeverity('error'), bySeverity('warning'), bySeverity('information')], [15, 25, 10]);

  const summary = join(root, 'summary.md');
  writeFileSync(summary, '# Earlier step\n');
  const run = runCli(['check', '-f', 'github', ...rules], { cwd: root, env: { GITHUB_STEP_SUMMARY: summary, GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/replies', GITHUB_SHA: 'abc123' } });
  assert.equal(run.code, 1);
  const all = commands(run.stdout);
  const count = (kind: string) => all.filter((c) => c.kind === kind).length;
  assert.equal(count('error'), 10);
  assert.equal(count('warning'), 10);
  assert.ok(count('notice') <= 10);
  // Most severe first.
  const kinds = all.map((c) => c.kind);
  assert.equal(kinds.lastIndexOf('error'), 9);
  assert.ok(kinds.indexOf('notice') > kinds.lastIndexOf('warning'));
  const more = all.at(-1)!;
  assert.equal(more.kind, 'notice');
  assert.equal(more.props.file, undefined);
  const annotated = all.filter((c) => c.props.file).length;
  assert.match(more.message, new RegExp(`^${50 - annotated} more findings are not shown as annotations .*the job summary lists every finding`));

  const markdown = readFileSync(summary, 'utf8');
  assert.ok(markdown.startsWith('# Earlier step\n'), 'appends, never overwrites');
  assert.match(markdown, /### Candor: 50 findings in 3 files/);
  assert.match(markdown, /15 errors, 25 warnings, 10 notices/);
  const rows = markdown.split('\n').filter((l) => /^\| (\[`|〃)/.test(l));
  assert.equal(rows.length, 50);
  for (const file of ['a-errors.hbs', 'b-warnings.hbs', 'c-notices.hbs']) assert.match(markdown, new RegExp(`#### \`${file.replace('.', '\\.')}\``));
  assert.match(markdown, /\[`blames-customer`\]\(https:\/\/github\.com\/candor-lint\/candor\/blob\/main\/docs\/rules\/blames-customer\.md\)/);
  assert.match(markdown, /\[4\]\(https:\/\/github\.com\/acme\/replies\/blob\/abc123\/a-errors\.hbs#L4\)/);
});

test('within the caps nothing is dropped and no extra notice is added; no summary file without the variable', () => {
  const root = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'a.hbs': '---\ncase: unresolved\n---\nOops! I will update you by 3pm today.\n' });
  const run = runCli(['check', '-f', 'github'], { cwd: root, env: { GITHUB_STEP_SUMMARY: '' } });
  assert.deepEqual(commands(run.stdout).map((c) => c.kind), ['warning']);
});

test('the caps count fatal files as errors and keep file order within a severity', () => {
  const finding = (severity: Severity, at: number): Finding => ({ ruleId: 'idiom', severity, message: 'm', range: [at, at + 1], excerpt: 'x', caseState: 'unknown', conditions: [], partialChain: [], suggestions: [], related: [], tags: [] });
  const results: FileResult[] = [
    { filePath: '/r/a.hbs', text: 'x\n'.repeat(30), findings: Array.from({ length: 12 }, (_, i) => finding('warning', i * 2)) },
    { filePath: '/r/b.hbs', text: '', findings: [], fatal: 'Cannot read this file (EACCES).' },
  ];
  const out = commands(formatGithub(results, { root: '/r' }));
  assert.deepEqual(out.map((c) => c.kind), ['error', ...Array(10).fill('warning'), 'notice']);
  assert.equal(out[0]!.props.file, 'b.hbs');
  assert.deepEqual(out.slice(1, 11).map((c) => c.props.line), ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  assert.match(out.at(-1)!.message, /^2 more findings .*run `candor check` locally/);
});
