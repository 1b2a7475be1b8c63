// Broken and hostile configs: catastrophic user patterns, paths leaving the workspace, and config never executed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, ConfigResolver } from '../../server/src/config/load.ts';
import { backtrackingRisk } from '../../server/src/config/safeRegex.ts';
import { compilePatternSource } from '../../server/src/rules/phraseMatcher.ts';
import { lint } from '../../server/src/engine/index.ts';
import { defaultEngineConfig } from '../../server/src/config/types.ts';
import type { PhraseRule } from '../../server/src/rules/types.ts';
import { repoRoot, tempTree } from '../helpers.ts';

function configError(files: Record<string, string>, templateDir = '.'): ConfigError {
  const root = tempTree({ ...files, [join(templateDir, 'a.hbs')]: 'Hi' });
  try {
    new ConfigResolver({}).forFile(join(root, templateDir, 'a.hbs'));
  } catch (error) {
    assert.ok(error instanceof ConfigError, `a ConfigError, not ${String(error)}`);
    return error;
  }
  assert.fail('expected a ConfigError');
}

const phraseConfig = (pattern: string, key = 'patterns') =>
  JSON.stringify({ phrases: [{ id: 'acme/x', message: 'm', patterns: key === 'patterns' ? [pattern] : ['fine'], ...(key === 'patterns' ? {} : { unlessInSentence: [pattern] }) }] });

for (const pattern of ['(a+)+', '(\\w*)*', '(a|a)*', '(x+x+)+y', '(?:a|ab)+', '((ab)*c)*', '( +)+', '(\\d+){2,}']) {
  test(`a user phrase pattern with catastrophic backtracking is refused: ${pattern}`, () => {
    const error = configError({ '.candorrc.json': phraseConfig(pattern) });
    assert.equal(error.key, 'phrases[0].patterns[0]');
    assert.match(error.message, /\.candorrc\.json:\d+:\d+: `phrases\[0\]\.patterns\[0\]`: .*exponential time/);
  });
}

test('unlessInSentence patterns are checked too', () => {
  assert.equal(configError({ '.candorrc.json': phraseConfig('(a+)+', 'unless') }).key, 'phrases[0].unlessInSentence[0]');
});

test('ordinary phrase patterns are accepted', () => {
  for (const pattern of ['kindly do the needful', "we(?: are|'re) (?:sorry|apologi[sz]e)", 'a+b', '(?:very )?urgent', '\\d+ days?', 'colou?r', '(a|b)+', '[a-z]+ing', 'per (?:my|our) last (?:e-?mail|message)']) {
    assert.equal(backtrackingRisk(compilePatternSource(pattern)), undefined, pattern);
  }
});

test('a user rule whose `patterns` getter throws is reported and the other rules still run', () => {
  const broken = {
    kind: 'phrase', id: 'acme/broken', name: 'broken', defaultSeverity: 'warning', when: 'any', fixable: false, description: 'd', message: 'm', why: 'w', better: [],
    examples: { bad: [], good: [] },
    get patterns(): string[] {
      throw new Error('boom');
    },
  } as PhraseRule;
  const errors: string[] = [];
  const findings = lint('Dear Customer, we value your business.', '/t.hbs', { ...defaultEngineConfig, userPhrases: [broken] }, { onRuleError: (id, error) => errors.push(`${id}: ${(error as Error).message}`) });
  assert.deepEqual(errors, ['acme/broken: boom']);
  assert.ok(findings.some((f) => f.ruleId === 'generic-greeting'));
  assert.ok(findings.some((f) => f.ruleId === 'impersonal-boilerplate'));
});

test('extends may not leave the folder tree of the outermost config', () => {
  const outside = configError({ 'ws/.candorrc.json': '{ "extends": "../evil.json" }', 'evil.json': '{}' }, 'ws');
  assert.equal(outside.key, 'extends[0]');
  assert.match(outside.message, /outside/);
  const absolute = configError({ '.candorrc.json': '{ "extends": "/etc/passwd" }' });
  assert.equal(absolute.key, 'extends[0]');
  assert.match(absolute.message, /no absolute paths/);
});

test('extends with `..` that stays inside the outermost config’s tree is allowed', () => {
  const root = tempTree({
    '.candorrc.json': '{ "root": true }',
    'shared/base.json': '{ "rules": { "idiom": "error" } }',
    'team/.candorrc.json': '{ "extends": "../shared/base.json" }',
    'team/a.hbs': 'Hi',
  });
  const config = new ConfigResolver({}).forFile(join(root, 'team/a.hbs'));
  assert.equal(config.engine.rules.idiom?.severity, 'error');
});

test('partials and data paths cannot escape through `..` or absolute paths', () => {
  assert.equal(configError({ '.candorrc.json': '{ "partials": ["../**/*.hbs"] }' }).key, 'partials');
  assert.equal(configError({ '.candorrc.json': '{ "data": "/etc/passwd" }' }).key, 'data');
  assert.equal(configError({ '.candorrc.json': '{ "data": "../secret.json" }' }).key, 'data');
});

test('broken configs are ConfigErrors naming file and key, never crashes', () => {
  const cases: Array<[Record<string, string>, string]> = [
    [{ '.candorrc.json': '{ "rules": ' }, ''],
    [{ '.candorrc.json': '\u0000\u0001' }, ''],
    [{ '.candorrc.json': '[]' }, ''],
    [{ '.candorrc.json': '{ "rules": { "no-such-rule": "error" } }' }, 'rules.no-such-rule'],
    [{ '.candorrc.json': '{ "rules": { "idiom": "loud" } }' }, 'rules.idiom'],
    [{ '.candorrc.json': '{ "phrases": [{ "id": "acme/x", "message": "m", "patterns": ["(unclosed"] }] }' }, 'phrases[0].patterns'],
    [{ '.candorrc.json': '{ "extends": "./a.json" }', 'a.json': '{ "extends": "./.candorrc.json" }' }, 'extends'],
    [{ '.candorrc.json': '{ "data": "missing.json" }' }, 'data'],
    [{ '.candorrc.json': '{ "caseState": { "resolved": ["{{"] } }' }, 'caseState.resolved[0]'],
  ];
  for (const [files, key] of cases) {
    const error = configError(files);
    assert.ok(error.message.includes('.candorrc.json') || error.message.includes('a.json'), error.message);
    assert.ok(error.key.startsWith(key), `${error.key} starts with ${key}`);
  }
});

test('config and engine code never executes anything: no eval, new Function or dynamic require', () => {
  const offenders: string[] = [];
  const scan = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) scan(path);
      else if (name.endsWith('.ts')) {
        const source = readFileSync(path, 'utf8').replace(/\/\/.*$/gm, '');
        for (const pattern of [/\beval\s*\(/, /\bnew\s+Function\b/, /\brequire\s*\(/, /\bimport\s*\(/, /\bvm\.|from 'node:vm'/]) {
          if (pattern.test(source)) offenders.push(`${path}: ${pattern}`);
        }
      }
    }
  };
  for (const dir of ['server/src/engine', 'server/src/config', 'server/src/rules']) scan(join(repoRoot, dir));
  assert.deepEqual(offenders, []);
});

test('the modules loaded on first use are fixed ones: no specifier is computed', () => {
  const source = readFileSync(join(repoRoot, 'server', 'src', 'nodeModules.ts'), 'utf8').replace(/\/\/.*$/gm, '');
  const specifiers = [...source.matchAll(/\brequire\s*\(([^)]*)\)/g)].map((m) => m[1]!.trim());
  assert.deepEqual(specifiers, ["'node:crypto'", "'node:child_process'", "'node:worker_threads'", "'node:os'", "'yaml'", "'handlebars/dist/cjs/handlebars/compiler/base.js'", "'handlebars'"]);
  assert.doesNotMatch(source, /\bimport\s*\(|\beval\s*\(|\bnew\s+Function\b/);
});
