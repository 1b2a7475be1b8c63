// Line index: line starts found with indexOf when only `\n` breaks lines, character by character otherwise. Findings
// on one range are ordered by rule id code unit by code unit, whatever the machine's locale, and a repeated finding
// is dropped wherever it is among those of its range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../server/src/engine/text.ts';
import { sortFindings, withoutDuplicates } from '../../server/src/engine/index.ts';
import type { Finding } from '../../server/src/engine/types.ts';

/** Line starts as the character-at-a-time scan finds them (`\r\n`, `\r` and `\n` break lines). */
function referenceStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') starts.push(i + 1);
    else if (text[i] === '\r') {
      if (text[i + 1] === '\n') i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

test('line starts are the same with and without carriage returns', () => {
  const pieces = ['a', 'word ', '\n', '\n\n', '\r\n', '\r', '\u2028', '🎉', ''];
  let seed = 3;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  for (let n = 0; n < 2000; n++) {
    let text = '';
    const count = Math.floor(random() * 12);
    for (let k = 0; k < count; k++) text += pieces[Math.floor(random() * pieces.length)];
    const lines = new LineIndex(text);
    assert.deepEqual(lines.starts, referenceStarts(text), JSON.stringify(text));
  }
  assert.deepEqual(new LineIndex('').starts, [0]);
  assert.deepEqual(new LineIndex('a\nb\n').starts, [0, 2, 4]);
});

test('findings on one range are ordered by rule id in code-unit order, not by the locale', () => {
  const ids = ['b-rule', 'aa-rule', 'B-rule', 'a-rule', 'a0', 'a-b', 'ab'];
  const findings = ids.map((ruleId) => ({ ruleId, range: [3, 9] }) as unknown as Finding);
  findings.push({ ruleId: 'z', range: [1, 2] } as unknown as Finding);
  // 'B' (U+0042) sorts before 'a' (U+0061), '-' before digits and letters; a collator puts 'B' after 'a', and a
  // Danish one puts "aa" (read as "å") after "b".
  assert.deepEqual(sortFindings(findings).map((f) => f.ruleId), ['z', 'B-rule', 'a-b', 'a-rule', 'a0', 'aa-rule', 'ab', 'b-rule']);
});

test('sorted findings lose their repeats (same rule, range and message), wherever they sit among those of their range', () => {
  const finding = (ruleId: string, range: [number, number], message: string, tag: string) => ({ ruleId, range, message, tags: [tag] }) as unknown as Finding;
  const findings = [
    finding('r', [4, 8], 'one', 'a'),
    finding('r', [4, 8], 'two', 'b'),
    finding('r', [4, 8], 'one', 'c'),
    finding('s', [4, 8], 'one', 'd'),
    finding('r', [4, 9], 'one', 'e'),
    finding('r', [0, 2], 'one', 'f'),
    finding('r', [4, 8], 'two', 'g'),
  ];
  // The first of each repeat stays: sorting is stable, so it is the one that came first.
  assert.deepEqual(withoutDuplicates(sortFindings(findings)).map((f) => f.tags[0]), ['f', 'a', 'b', 'd', 'e']);
});
