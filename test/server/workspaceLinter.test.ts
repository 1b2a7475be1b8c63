// The server's workspace-wide findings stay exact when a re-lint skips the workspace pass (an edit that leaves the
// file's commitments as they were) and when it does not: after every edit, each file's findings equal those of a
// fresh linter that lints the whole workspace in one pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { WorkspaceLinter, type LintedFile } from '../../server/src/lsp/linting.ts';
import { defaultSettings } from '../../server/src/lsp/settings.ts';
import { tempTree } from '../helpers.ts';

// A comment as long as a directive, to switch the directive on without moving anything after it.
const DISABLE = '{{!-- candor-disable conflicting-commitments --}}';
const FILLER = `{{!-- ${'x'.repeat(DISABLE.length - 11)} --}}`;

const FILES: Record<string, string> = {
  '.candorrc.json': '{}',
  'a.hbs': `${FILLER}\nHi,\n\nYour refund will arrive in 3 business days.\nThanks!\n`,
  'b.hbs': 'Hello,\n\nYour refund will arrive in 5-7 business days.\n',
  'c.hbs': 'Hello,\n\nDelivery takes 2 days. Your refund arrives in 10 business days.\n',
};

function fresh(root: string, texts: Map<string, string>): Map<string, LintedFile> {
  const linter = new WorkspaceLinter({ ...defaultSettings, lintHandlebars: 'always' }, () => {}, [root]);
  for (const [path, text] of texts) linter.lint(path, path, text, 1);
  linter.crossFile();
  return linter.files;
}

const view = (file: LintedFile) => file.findings.map((f) => [f.ruleId, f.range, f.message, f.related.map((r) => [r.path, r.range, r.start, r.end])]);

test('workspace-wide findings after each edit equal a fresh whole-workspace pass', () => {
  const root = tempTree(FILES);
  const texts = new Map(['a.hbs', 'b.hbs', 'c.hbs'].map((name) => [join(root, name), FILES[name]!]));
  const linter = new WorkspaceLinter({ ...defaultSettings, lintHandlebars: 'always' }, () => {}, [root]);
  for (const [path, text] of texts) linter.lint(path, path, text, 1);
  linter.crossFile();
  const a = join(root, 'a.hbs');
  const edits = [
    (t: string) => `${t}Have a lovely day.\n`, // after the commitment: the workspace pass is skipped
    (t: string) => t.replace('Thanks!', 'Thank you!'),
    (t: string) => t.replace('Hi,', 'Hi there,'), // moves the commitment: every file's related location moves
    (t: string) => t.replace('3 business days', '5-7 business days'), // the conflict with b goes away
    (t: string) => t.replace('Thank you!', '{{!-- candor-disable conflicting-commitments --}}Thank you!'),
    (t: string) => t.replace('Hi there,\n', '{{!-- candor-disable-next-line conflicting-commitments --}}\nHi there,\n'),
    (t: string) => t.replace('5-7 business days', '4 business days'),
    (t: string) => t.replace('Hi there,\n\n', 'Hi there,,\n'), // same offsets, one line less before the commitment
    (t: string) => t.replace(FILLER, DISABLE), // same offsets, the commitment now suppressed
    (t: string) => t.replace(DISABLE, FILLER),
  ];
  assert.equal(FILLER.length, DISABLE.length);
  let version = 1;
  for (const edit of edits) {
    texts.set(a, edit(texts.get(a)!));
    linter.lint(a, a, texts.get(a)!, ++version);
    linter.crossFile();
    const expected = fresh(root, texts);
    for (const [path, file] of expected) assert.deepEqual(view(linter.files.get(path)!), view(file), `${path} after edit ${version - 1}`);
  }
  const b = linter.files.get(join(root, 'b.hbs'))!;
  assert.ok(b.findings.some((f) => f.ruleId === 'conflicting-commitments'), 'the fixture keeps a conflict to compare');
});
