// The config JSON Schema stays in step with the loader: every rule id, every top-level key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { builtinRules } from '../../server/src/rules/registry.ts';
import { ConfigResolver } from '../../server/src/config/load.ts';
import { repoRoot } from '../helpers.ts';

const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas/candorrc.schema.json'), 'utf8'));

test('the schema names every built-in rule', () => {
  assert.deepEqual(Object.keys(schema.$defs.rules.properties).sort(), builtinRules.map((r) => r.id).sort());
});

test('the example config uses only schema keys and loads cleanly', () => {
  const example = parse(readFileSync(join(repoRoot, 'examples/.candorrc.json'), 'utf8'));
  for (const key of Object.keys(example)) assert.ok(key in schema.properties, `${key} is in the schema`);
  const config = new ConfigResolver().forFile(join(repoRoot, 'examples/billing/x.hbs'));
  assert.ok(config.partialFiles.has('signature'));
  assert.equal(config.engine.data?.kind, 'sample');
});
