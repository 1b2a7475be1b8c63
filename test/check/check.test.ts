// `candor check` end to end: discovery, .gitignore, the JSON contract and exit codes, as a real process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli, tempTree, repoRoot } from '../helpers.ts';

interface JsonResult {
  filePath: string;
  messages: Array<{ ruleId: string; severity: number; message: string; line: number; column: number; endLine: number; endColumn: number; fix?: { range: [number, number]; text: string } }>;
  errorCount: number;
  warningCount: number;
}

test('the examples produce findings of many rules and exit 1 (they contain an error on purpose)', () => {
  const { code, stdout } = runCli(['check', 'examples/', '--format', 'json'], { cwd: repoRoot });
  assert.equal(code, 1);
  const results = JSON.parse(stdout) as JsonResult[];
  const ids = new Set(results.flatMap((r) => r.messages.map((m) => m.ruleId)));
  for (const id of ['generic-greeting', 'cheerful-sign-off', 'conflicting-commitments', 'missing-next-update', 'blames-customer', 'vague-timeline']) assert.ok(ids.has(id), `examples show ${id}`);
  const greeting = results.flatMap((r) => r.messages).find((m) => m.ruleId === 'generic-greeting')!;
  assert.deepEqual(greeting.fix?.text, 'Hi {{customer.firstName}}');
  const explained = greeting as unknown as { why: string; betterWording: string[]; docsUrl: string };
  assert.match(explained.why, /mail merge/);
  assert.ok(explained.betterWording.length > 0);
  assert.match(explained.docsUrl, /docs\/rules\/generic-greeting\.md$/);
});

test('JSON lines and columns are 1-based and ranges cover the phrase', () => {
  const root = tempTree({ 'a.hbs': '---\ncase: unresolved\n---\nHello,\nWe will reply soon.\n' });
  const { code, stdout } = runCli(['check', '.', '--format', 'json'], { cwd: root });
  assert.equal(code, 0, 'warnings alone exit 0');
  const [result] = JSON.parse(stdout) as JsonResult[];
  assert.equal(result!.filePath, join(root, 'a.hbs'));
  const vague = result!.messages.find((m) => m.ruleId === 'vague-timeline')!;
  assert.deepEqual([vague.line, vague.column, vague.endLine, vague.endColumn], [5, 15, 5, 19]);
  assert.equal(vague.severity, 1);
  assert.equal(result!.warningCount, result!.messages.length);
});

test('.gitignore and config excludes are honoured; explicit files are always checked', () => {
  const root = tempTree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': 'build/\n',
    '.candorrc.json': '{ "root": true, "exclude": ["drafts/**"] }',
    'ok.hbs': 'Dear Customer,',
    'build/out.hbs': 'Dear Customer,',
    'drafts/d.hbs': 'Dear Customer,',
    'node_modules/x/y.hbs': 'Dear Customer,',
  });
  const { stdout } = runCli(['check', '--format', 'json'], { cwd: root });
  assert.deepEqual((JSON.parse(stdout) as JsonResult[]).map((r) => r.filePath), [join(root, 'ok.hbs')]);
  const explicit = runCli(['check', 'build/out.hbs', '--format', 'json'], { cwd: root });
  assert.equal((JSON.parse(explicit.stdout) as JsonResult[]).length, 1);
});

test('.gitignore files at every level apply, including those above the folder a check walks', () => {
  const root = tempTree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': 'build/\n',
    'sub/.gitignore': 'secret.hbs\n',
    'sub/deeper/.gitignore': '*.draft.hbs\n',
    'sub/a.hbs': 'Dear Customer,',
    'sub/secret.hbs': 'Dear Customer,',
    'sub/deeper/secret.hbs': 'Dear Customer,',
    'sub/deeper/x.draft.hbs': 'Dear Customer,',
    'sub/deeper/ok.hbs': 'Dear Customer,',
    'sub/build/z.hbs': 'Dear Customer,',
    'other/x.draft.hbs': 'Dear Customer,',
  });
  const files = (cwd: string, args: string[] = []) => (JSON.parse(runCli(['check', '--format', 'json', ...args], { cwd }).stdout) as JsonResult[]).map((r) => r.filePath);
  assert.deepEqual(files(root), [join(root, 'other/x.draft.hbs'), join(root, 'sub/a.hbs'), join(root, 'sub/deeper/ok.hbs')]);
  // Walking sub/deeper alone: the rules of sub/.gitignore and of the repository's root still apply.
  assert.deepEqual(files(join(root, 'sub'), ['deeper']), [join(root, 'sub/deeper/ok.hbs')]);
});

test('stylish output has no colour when NO_COLOR is set and names the rule', () => {
  const root = tempTree({ 'a.hbs': 'Dear Customer,\n' });
  const { stdout } = runCli(['check'], { cwd: root });
  assert.doesNotMatch(stdout, /\u001b\[/);
  assert.match(stdout, /1:1\s+warning\s+“Dear Customer” greets a category.*generic-greeting/);
});

test('usage and config errors exit 2 with a clear message', () => {
  const root = tempTree({ '.candorrc.json': '{ "root": true, "rules": { "nope": "off" } }', 'a.hbs': 'Hi' });
  const config = runCli(['check'], { cwd: root });
  assert.equal(config.code, 2);
  assert.match(config.stderr, /config error in .*\.candorrc\.json:1:\d+: `rules\.nope`/);
  const usage = runCli(['check', '--format', 'nope'], { cwd: root });
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /unknown format/);
  const missing = runCli(['check', 'no/such/dir'], { cwd: root });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no\/such\/dir: No such file or directory/);
});
