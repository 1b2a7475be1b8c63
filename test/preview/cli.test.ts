// `candor preview` as a real process: text per message path, and a standalone HTML report for a folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempTree } from '../helpers.ts';

const repo = () =>
  tempTree({
    '.candorrc.json': JSON.stringify({ root: true, partials: ['partials/*.hbs'], data: 'sample.json' }),
    'sample.json': JSON.stringify({ customer: { firstName: 'Ada' }, case: { resolved: true } }),
    'partials/signature.hbs': 'Have a great day!',
    'refund.hbs': 'Hi {{customer.firstName}},\n{{#if case.resolved}}Your refund is on its way.{{else}}We will reply soon.{{/if}}\n{{> signature}}\n',
    'other.hbs': '---\ncase: unresolved\n---\nHi {{customer.nickname}}, we are looking into it.\n',
  });

test('text preview shows one message per case branch, filtered by --case', () => {
  const root = repo();
  const all = runCli(['preview', 'refund.hbs'], { cwd: root });
  assert.equal(all.code, 0, all.stderr);
  assert.match(all.stdout, /── Resolved ── no findings\n {3}Hi Ada,\n {3}Your refund is on its way\.\n {3}Have a great day!/);
  assert.match(all.stdout, /── Unresolved ── 2 warnings · 1 info · no next update/);
  const open = runCli(['preview', 'refund.hbs', '--case', 'unresolved'], { cwd: root });
  assert.doesNotMatch(open.stdout, /── Resolved/);
  assert.match(open.stdout, /⟦Have a great day!⟧/);
});

test('an HTML report for a folder is one file with every template and no external assets', () => {
  const root = repo();
  const { code } = runCli(['preview', '.', '--format', 'html', '-o', 'out/preview.html'], { cwd: root });
  assert.equal(code, 0);
  const html = readFileSync(join(root, 'out/preview.html'), 'utf8');
  assert.equal((html.match(/<section>/g) ?? []).length, 3, 'refund, other and the partial');
  assert.match(html, /‹customer\.nickname›/);
  assert.doesNotMatch(html, /<script|<link|src=/);
});

test('bad preview arguments exit 2', () => {
  const root = repo();
  assert.equal(runCli(['preview', 'refund.hbs', '--case', 'maybe'], { cwd: root }).code, 2);
  assert.equal(runCli(['preview'], { cwd: root }).code, 2);
});
