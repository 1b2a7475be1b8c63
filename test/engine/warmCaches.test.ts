// The caches that make a re-lint after an edit cheap (phrase matches and next-step answers remembered by segment
// text) are exact: a sequence of edited texts linted with warm caches gives the findings a cold run gives, and a
// config with different rule objects never reads results found for the old ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { templatesIn } from '../helpers.ts';
import { join } from 'node:path';
import { buildModel, lint, workspaceRecord } from '../../server/src/engine/index.ts';
import { noHost } from '../../server/src/engine/types.ts';
import { clearTextMemos, rememberRepeatsOnly, scaleTextMemos } from '../../server/src/engine/textMemo.ts';
import { clearParsedTemplates } from '../../server/src/engine/parse/reparse.ts';
import type { Finding } from '../../server/src/engine/types.ts';
import { defaultEngineConfig, type EngineConfig } from '../../server/src/config/types.ts';
import type { PhraseRule } from '../../server/src/rules/types.ts';

const examples = templatesIn(join(process.cwd(), 'examples'));

function clearAll(): void {
  clearTextMemos();
  clearParsedTemplates();
}

function cold(text: string, path: string, config: EngineConfig = defaultEngineConfig): Finding[] {
  clearAll();
  return lint(text, path, config);
}

/** A deterministic writer: types phrases (some that rules report) into lines, deletes, and undoes. */
function* edits(text: string, seed: number): Generator<string> {
  const words = [' soon', ' sorry', ' we will get back to you', 'x', ' ASAP.', ' I have refunded it.', ' café', ' due to circumstances beyond our control', '\n', ''];
  let state = seed;
  const next = (n: number) => ((state = (state * 1103515245 + 12345) >>> 0) % n);
  let cur = text;
  const history: string[] = [];
  for (let i = 0; i < 40; i++) {
    history.push(cur);
    const at = next(cur.length + 1);
    const op = next(4);
    if (op === 0 && history.length > 2) cur = history[next(history.length)]!;
    else if (op === 1) cur = cur.slice(0, at) + cur.slice(Math.min(cur.length, at + 1 + next(12)));
    else cur = cur.slice(0, at) + words[next(words.length)] + cur.slice(at);
    yield cur;
  }
}

test('linting a sequence of edits with warm caches gives the findings of cold runs', () => {
  assert.ok(examples.length > 5);
  let compared = 0;
  for (const [n, path] of examples.entries()) {
    const text = readFileSync(path, 'utf8');
    for (const edited of edits(text, n + 1)) {
      const warm = lint(edited, path);
      assert.deepEqual(warm, cold(edited, path), `${path} after an edit`);
      // Warm again right after the cold run (the caches then hold exactly this text's answers).
      assert.deepEqual(lint(edited, path), warm);
      compared++;
    }
  }
  assert.ok(compared > 100);
});

test('a config with different rule objects never reuses the matches of the old ones', () => {
  const rule = (match: string): PhraseRule => ({
    kind: 'phrase', id: 'team-phrase', name: 'Team phrase', defaultSeverity: 'warning', when: 'any', description: 'd', why: 'w', better: [],
    fixable: false, examples: { bad: [], good: [] }, message: 'Avoid “{phrase}”.', patterns: [match],
  });
  const text = 'Hi there,\n\nThanks for waiting. The widget is ready.\n';
  const one: EngineConfig = { ...defaultEngineConfig, userPhrases: [rule('widget')] };
  const two: EngineConfig = { ...defaultEngineConfig, userPhrases: [rule('thanks for waiting')] };
  const first = lint(text, 'a.hbs', one).filter((f) => f.ruleId === 'team-phrase');
  const second = lint(text, 'a.hbs', two).filter((f) => f.ruleId === 'team-phrase');
  assert.deepEqual(first.map((f) => f.excerpt), ['widget']);
  assert.deepEqual(second.map((f) => f.excerpt), ['Thanks for waiting']);
  assert.deepEqual(lint(text, 'a.hbs', one), cold(text, 'a.hbs', one));
  assert.deepEqual(lint(text, 'a.hbs', two), cold(text, 'a.hbs', two));
});

test("a phrase rule's message quotes each phrase as written, however often it is made", () => {
  const rule = (id: string, patterns: string[], message: string): PhraseRule => ({
    kind: 'phrase', id, name: id, defaultSeverity: 'warning', when: 'any', description: 'd', why: 'w', better: [],
    fixable: false, examples: { bad: [], good: [] }, message, patterns,
  });
  const config: EngineConfig = {
    ...defaultEngineConfig,
    userPhrases: [
      rule('team-a', ['widget', 'gadget', String.raw`\$& fee`], 'Say what “{phrase}” is; “{phrase}” tells nobody.'),
      // The same message as team-a's, matching other words.
      rule('team-b', ['gizmo'], 'Say what “{phrase}” is; “{phrase}” tells nobody.'),
    ],
  };
  const text = 'The widget is ready. The gadget is not. A $& fee applies. The gizmo ships. The widget again.\n';
  const expected = ['widget', 'gadget', '$& fee', 'gizmo', 'widget'].map((phrase) => `Say what “${phrase}” is; “${phrase}” tells nobody.`);
  for (let round = 0; round < 3; round++) {
    const messages = lint(text, `m${round}.hbs`, config).filter((f) => f.ruleId.startsWith('team-')).map((f) => f.message);
    assert.deepEqual(messages, expected);
  }
});

test('the same segment text in different states gives findings built from each segment', () => {
  const text = '{{#if case.resolved}}We will get back to you soon.{{else}}We will get back to you soon.{{/if}}\n';
  const warm = lint(text, 'b.hbs');
  assert.deepEqual(warm, cold(text, 'b.hbs'));
  assert.ok(new Set(warm.map((f) => f.severity)).size >= 1);
});

test('commitments for the workspace pass are the same with warm caches as cold', () => {
  const commitments = (text: string, path: string) => workspaceRecord(buildModel(text, path, defaultEngineConfig, noHost)).commitments;
  const extra = ' Your refund arrives within 3 business days. Delivery takes 2-4 days.';
  let compared = 0;
  for (const [n, path] of examples.entries()) {
    const text = readFileSync(path, 'utf8');
    for (const edited of edits(text.replace('\n\n', `${extra}\n\n`), n + 11)) {
      const warm = commitments(edited, path);
      clearAll();
      assert.deepEqual(warm, commitments(edited, path), `${path} after an edit`);
      if (warm.length) compared++;
    }
  }
  assert.ok(compared > 50, `compared ${compared}`);
});

test('memos scaled down, as the CLI runs them, evict constantly and still give the findings of cold runs', () => {
  scaleTextMemos(0.001);
  try {
    for (const [n, path] of examples.slice(0, 4).entries()) {
      const text = readFileSync(path, 'utf8');
      for (const edited of edits(text, n + 21)) assert.deepEqual(lint(edited, path), cold(edited, path), `${path} after an edit`);
    }
  } finally {
    scaleTextMemos(1);
  }
});

test('memos that keep only repeated texts, as the CLI runs them, give the findings of cold runs', () => {
  scaleTextMemos(1 / 16);
  rememberRepeatsOnly(true);
  try {
    for (const [n, path] of examples.slice(0, 4).entries()) {
      const text = readFileSync(path, 'utf8');
      const texts = [...edits(text, n + 31)];
      const expected = texts.map((edited) => cold(edited, path));
      clearAll();
      // Each text three times over, in turn: met once, kept, then read from the memos (and edits share most text).
      for (let round = 0; round < 3; round++) {
        texts.forEach((edited, i) => assert.deepEqual(lint(edited, path), expected[i], `${path}, edit ${i}, round ${round}`));
      }
    }
  } finally {
    rememberRepeatsOnly(false);
    scaleTextMemos(1);
  }
});
