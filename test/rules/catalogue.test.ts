// The rule catalogue is complete: every rule has docs, a why, better wording and examples that behave as they claim,
// and the set of ids is exactly the one RULES.md promises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { builtinRules } from '../../server/src/rules/registry.ts';
import { buildModel, lintModel, lintWorkspace, type Finding } from '../../server/src/engine/index.ts';
import { defaultEngineConfig, type EngineConfig } from '../../server/src/config/types.ts';
import type { Rule } from '../../server/src/rules/types.ts';

/** The checkout root: the nearest folder above the compiled test that has a package.json. */
function findRepoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

const repoRoot = findRepoRoot();
const UNRESOLVED = '---\ncase: unresolved\n---\n';

/** Rules whose examples need a little context to mean anything. */
const exampleConfig: Record<string, Partial<EngineConfig>> = {
  'unknown-variable': { data: { kind: 'sample', value: { customer: { firstName: 'Ana' } }, path: 'sample.json' } },
};

/** Partials that exist for a rule's examples (the bad ones name partials that do not). */
const examplePartials: Record<string, Record<string, string>> = {
  'missing-partial': { signature: 'Sam, Candor Support' },
};

function inUnresolvedState(example: string): string {
  return example.startsWith('---\n') ? example : UNRESOLVED + example;
}

/** Lints the examples as one workspace (one file each), so workspace rules see them together. */
function lintExamples(rule: Rule, examples: string[]): Finding[][] {
  const config = { ...defaultEngineConfig, ...exampleConfig[rule.id] };
  const files = examples.map((example, i) => {
    const model = buildModel(inUnresolvedState(example), `/examples/${rule.id}/${i}.hbs`, config, {
      resolvePartial: (name) => {
        const text = examplePartials[rule.id]?.[name];
        return text === undefined ? undefined : { path: `/examples/partials/${name}.hbs`, text };
      },
    });
    return { model, findings: lintModel(model) };
  });
  lintWorkspace(files);
  return files.map((f) => f.findings.filter((finding) => finding.ruleId === rule.id));
}

for (const rule of builtinRules) {
  test(`${rule.id} is documented and explained`, () => {
    assert.ok(existsSync(join(repoRoot, 'docs', 'rules', `${rule.id}.md`)), `docs/rules/${rule.id}.md is missing`);
    assert.ok(rule.why.trim().length > 40, `${rule.id} has no real \`why\``);
    assert.ok(rule.better.length > 0 && rule.better.every((b) => b.trim().length > 0), `${rule.id} has no \`better\` wording`);
    assert.ok(rule.examples.bad.length > 0, `${rule.id} has no bad example`);
    assert.ok(rule.examples.good.length > 0, `${rule.id} has no good example`);
    assert.ok(rule.description.trim().length > 0 && rule.name.trim().length > 0, `${rule.id} has no name or description`);
  });

  test(`${rule.id}: its bad examples are flagged and its good examples are not`, () => {
    lintExamples(rule, rule.examples.bad).forEach((found, i) => {
      assert.ok(found.length > 0, `bad example ${JSON.stringify(rule.examples.bad[i])} produced no ${rule.id} finding`);
    });
    lintExamples(rule, rule.examples.good).forEach((found, i) => {
      assert.equal(found.length, 0, `good example ${JSON.stringify(rule.examples.good[i])} produced ${found.map((f) => f.message).join('; ')}`);
    });
  });
}

test('the rule ids are exactly those RULES.md promises', (t) => {
  const rulesMd = join(repoRoot, '..', 'shared', 'RULES.md');
  if (!existsSync(rulesMd)) {
    t.skip(`${rulesMd} is not here, so the ids cannot be compared with the catalogue`);
    return;
  }
  const promised = new Set(['dead-end-answer', 'unused-disable']);
  for (const match of readFileSync(rulesMd, 'utf8').matchAll(/^\|\s*`([a-z][a-z-]*)`\s*\|/gm)) promised.add(match[1]!);
  assert.deepEqual(builtinRules.map((r) => r.id).sort(), [...promised].sort());
});

test('rule ids are unique kebab-case', () => {
  const ids = builtinRules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[a-z]+(?:-[a-z]+)*$/);
});
