// Linting loads only the parts of its libraries it uses: Handlebars' parser (not its runtime and compiler), and the
// YAML library only for front matter the simple reader does not take. Both were loaded by every run before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type Handlebars from 'handlebars';
import { lintText } from '../helpers.ts';
import { parse, parser, parseWithoutProcessing } from '../../server/src/engine/parse/handlebarsParser.ts';

/** Whether a module whose path ends with `suffix` has been loaded in this process. */
function loaded(suffix: string): boolean {
  return Object.keys(require.cache).some((path) => path.replace(/\\/g, '/').endsWith(suffix));
}

test('a lint loads neither Handlebars runtime nor the YAML library until front matter needs it', () => {
  const runtime = 'node_modules/handlebars/dist/cjs/handlebars.runtime.js';
  const yaml = 'node_modules/yaml/dist/index.js';
  // (This file loads Handlebars' main module only in the test below, with a require.)
  assert.equal(loaded(runtime), false, 'Handlebars runtime loaded before any lint');
  const findings = lintText('---\ncase: unresolved\ntags: [billing, refunds]\n---\n{{#if customer.vip}}Hi {{customer.name}},{{/if}} we are looking into it.\n');
  assert.ok(findings.some((f) => f.ruleId === 'missing-next-update'), 'the template was linted');
  assert.equal(loaded(runtime), false, 'a lint loaded Handlebars runtime');
  assert.equal(loaded(yaml), false, 'simple front matter loaded the YAML library');
  lintText('---\ncase: "unresolved" # quoted, with a comment\n---\nWe are looking into it.\n');
  assert.equal(loaded(yaml), true, 'front matter the simple reader does not take is read by the YAML library');
  assert.equal(loaded(runtime), false);
});

test("the parser module is Handlebars' own parser: the same functions and tables", () => {
  const full = require('handlebars') as typeof Handlebars & { Parser: unknown };
  assert.equal(parser, full.Parser);
  assert.equal(parse, full.parse);
  assert.equal(parseWithoutProcessing, full.parseWithoutProcessing);
  const text = '{{#each items as |item|}}{{item.name}}{{else}}none{{/each}}';
  assert.deepEqual(parseWithoutProcessing(text), full.parseWithoutProcessing(text));
});
