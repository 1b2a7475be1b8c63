// Message paths keep their choices in the order they were made, once per condition, one map per path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel } from '../../server/src/engine/index.ts';
import { defaultEngineConfig } from '../../server/src/config/types.ts';
import { noHost } from '../../server/src/engine/types.ts';

test('choices are listed in the order made, a condition met again is not listed twice', () => {
  const text = '{{#if a}}A{{#if b}}B{{/if}}{{/if}} and {{#if a}}again{{else}}not a{{/if}} {{#if c}}C{{/if}}';
  const paths = buildModel(text, 'p.hbs', defaultEngineConfig, noHost).paths;
  const listed = paths.map((p) => [...p.choices].map(([k, v]) => `${k}=${v}`).join(' '));
  assert.deepEqual(listed, ['a=true b=true c=true', 'a=true b=true c=false', 'a=true b=false c=true', 'a=true b=false c=false', 'a=false c=true', 'a=false c=false']);
  assert.equal(new Set(paths.map((p) => p.choices)).size, paths.length);
  assert.deepEqual(paths.map((p) => p.segments.map((s) => s.text).join('|')), [
    'A|B|and|again|C', 'A|B|and|again', 'A|and|again|C', 'A|and|again', 'and|not a|C', 'and|not a',
  ]);
});
