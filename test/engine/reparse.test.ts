// Re-parsing after an edit inside a run of text gives exactly the tree Handlebars gives the new text, and
// refuses every edit it cannot prove (mustaches, braces, escapes, line ends other than \n).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { templatesIn } from '../helpers.ts';
import { join } from 'node:path';
import { LineIndex } from '../../server/src/engine/text.ts';
import { parseTemplate } from '../../server/src/engine/parse/template.ts';
import { clearParsedTemplates, keepParsedTemplates, parseTemplateOf, reparseAfterEdit } from '../../server/src/engine/parse/reparse.ts';

const texts = [
  ...templatesIn(join(process.cwd(), 'examples')).map((p) => readFileSync(p, 'utf8')),
  'Hi {{name}},\n\n{{!-- a long comment --}}\nThanks.\n{{#if case.resolved}}Done.{{else}}Soon.\n{{/if}}\nBye',
  'plain text only, no mustaches\nsecond line',
  'a\\{{escaped}} b {{x}} c',
  '{{{{raw}}}} {{x}} {{{{/raw}}}} after',
  'line one\r\nline two {{x}}\r\nthree',
];

const INSERTS = ['x', ' ', '\n', 'ab\ncd', '{', '}', '{{', '\\', '~', '\r', '\u2028', 'é', '', '\n\n'];

function* edits(text: string, seed: number): Generator<string> {
  let state = seed;
  const next = (n: number) => ((state = (state * 1103515245 + 12345) >>> 0) % n);
  for (let i = 0; i < 120; i++) {
    const at = next(text.length + 1);
    const removed = next(3) === 0 ? next(6) : 0;
    yield text.slice(0, at) + INSERTS[next(INSERTS.length)] + text.slice(Math.min(text.length, at + removed));
  }
}

test('a tree taken over after an edit equals the tree of a fresh parse', () => {
  let reused = 0;
  let refused = 0;
  for (const [n, text] of texts.entries()) {
    const lines = new LineIndex(text);
    const old = parseTemplate(text, lines);
    if (!old.ast || old.problem) continue;
    for (const edited of edits(text, n + 7)) {
      const tree = reparseAfterEdit(text, old.ast, lines, edited);
      if (!tree) {
        refused++;
        continue;
      }
      const fresh = parseTemplate(edited, new LineIndex(edited));
      assert.equal(fresh.problem, undefined, JSON.stringify(edited));
      assert.deepStrictEqual(tree, fresh.ast, JSON.stringify(edited));
      reused++;
    }
  }
  assert.ok(reused > 200, `reused ${reused}`);
  assert.ok(refused > 100, `refused ${refused}`);
});

test('typing a sentence character by character into a line reuses the tree each time and stays exact', () => {
  clearParsedTemplates();
  let text = 'Hi {{customer.firstName}},\n\n{{#if case.resolved}}\nAll done.\n{{else}}\nWe are on it.\n{{/if}}\nThanks,\n{{> signature}}\n';
  const path = 'typing.hbs';
  parseTemplateOf(path, text, new LineIndex(text));
  const at = text.indexOf('We are on it.') + 'We are on it.'.length;
  const typed = ' We will write again by 5pm\nwith news.';
  for (let i = 1; i <= typed.length; i++) {
    const edited = text.slice(0, at) + typed.slice(0, i) + text.slice(at);
    const lines = new LineIndex(edited);
    assert.deepStrictEqual(parseTemplateOf(path, edited, lines), parseTemplate(edited, lines));
  }
  // Unsafe edits parse from scratch and are still right.
  for (const edited of [text.replace('All done.', 'All {{x}} done.'), text.replace('Thanks,', 'Thanks,}'), text.replace('{{/if}}', '{{/iff}}')]) {
    const lines = new LineIndex(edited);
    assert.deepStrictEqual(parseTemplateOf(path, edited, lines), parseTemplate(edited, lines));
  }
  text = '';
});

test('a check keeps no tree: with keepParsedTemplates(0) every parse is fresh, and the editor default shares them again', () => {
  const text = 'Hi {{customer.firstName}}, we are on it.\n';
  const lines = new LineIndex(text);
  clearParsedTemplates();
  const first = parseTemplateOf('/kept.hbs', text, lines).ast;
  assert.equal(parseTemplateOf('/kept.hbs', text, lines).ast, first, 'the same text gets the remembered tree');
  keepParsedTemplates(0);
  try {
    const once = parseTemplateOf('/kept.hbs', text, lines).ast;
    const again = parseTemplateOf('/kept.hbs', text, lines).ast;
    assert.notEqual(again, once, 'nothing remembered');
    assert.deepStrictEqual(again, once);
  } finally {
    keepParsedTemplates();
  }
  const kept = parseTemplateOf('/kept.hbs', text, lines).ast;
  assert.equal(parseTemplateOf('/kept.hbs', text, lines).ast, kept);
});
