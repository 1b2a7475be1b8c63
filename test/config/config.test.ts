// .candorrc.json: lookup, cascade, extends, overrides, user phrase rules and loud, located errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { ConfigError, ConfigResolver } from '../../server/src/config/load.ts';
import { buildModel, lintModel } from '../../server/src/engine/index.ts';
import { tempTree } from '../helpers.ts';

function lintFile(resolver: ConfigResolver, root: string, rel: string, text: string) {
  const path = join(root, rel);
  writeFileSync(path, text);
  const config = resolver.forFile(path);
  return lintModel(buildModel(text, path, config.engine, config.host));
}

test('configs cascade from the root down, and root: true stops the lookup', () => {
  const root = tempTree({
    '.candorrc.json': '{ "rules": { "idiom": "off", "vague-timeline": "error" } }',
    'team/.candorrc.json': '// team settings\n{ "root": true, "rules": { "vague-timeline": "off" } }',
    'team/sub/.candorrc.json': '{ "rules": { "idiom": "error", } }',
    'other/.candorrc.json': '{ "rules": { "idiom": "warning" } }',
  });
  const resolver = new ConfigResolver();
  const team = resolver.forFile(join(root, 'team/sub/a.hbs')).engine.rules;
  assert.equal(team['idiom']!.severity, 'error');
  assert.equal(team['vague-timeline']!.severity, 'off');
  const other = resolver.forFile(join(root, 'other/a.hbs')).engine.rules;
  assert.equal(other['idiom']!.severity, 'warning');
  assert.equal(other['vague-timeline']!.severity, 'error');
});

test('overrides by glob set the case state and rules; partials resolve relative to the config', () => {
  const root = tempTree({
    '.candorrc.json': JSON.stringify({ root: true, partials: ['partials/**/*.hbs'], overrides: [{ files: ['outages/**'], case: 'unresolved', rules: { 'flippant-tone': 'error' } }] }),
    'partials/signature.hbs': 'Have a great day!',
    'outages/x.hbs': '',
  });
  const resolver = new ConfigResolver();
  const findings = lintFile(resolver, root, 'outages/x.hbs', 'Oops! We are on it.\n{{> signature}}');
  assert.equal(findings.find((f) => f.ruleId === 'flippant-tone')?.severity, 'error');
  const signOff = findings.find((f) => f.ruleId === 'cheerful-sign-off');
  assert.equal(signOff?.severity, 'warning');
  assert.equal(signOff?.related[0]?.path, join(root, 'partials/signature.hbs'));
  assert.equal(resolver.forFile(join(root, 'partials/signature.hbs')).engine.isPartial, true);
});

test('user phrase rules work without code, with case conditions and replacements', () => {
  const root = tempTree({
    '.candorrc.json': JSON.stringify({ root: true, phrases: [{ id: 'acme/kindly', patterns: ['kindly'], message: 'sounds stiff; say please.', replacement: 'please' }, { id: 'acme/promo', patterns: ['summer sale'], message: 'no promotions on open cases.', case: 'unresolved' }] }),
  });
  const resolver = new ConfigResolver();
  const findings = lintFile(resolver, root, 'a.hbs', '---\ncase: resolved\n---\nKindly reply. Our summer sale is on.');
  assert.deepEqual(findings.map((f) => f.ruleId), ['acme/kindly']);
  assert.equal(findings[0]!.suggestions[0]!.edits[0]!.text, 'Please');
  assert.match(findings[0]!.message, /“Kindly”: sounds stiff/);
});

test('extends presets and files; candor:strict raises information rules', () => {
  const root = tempTree({
    'base.json': '{ "rules": { "shifts-blame": "error" } }',
    '.candorrc.json': '{ "root": true, "extends": ["candor:strict", "./base.json"] }',
  });
  const rules = new ConfigResolver().forFile(join(root, 'a.hbs')).engine.rules;
  assert.equal(rules['shifts-blame']!.severity, 'error');
  assert.equal(rules['idiom']!.severity, 'warning');
});

const broken: Array<[string, Record<string, string>, RegExp]> = [
  ['invalid JSON', { '.candorrc.json': '{ "rules": { "idiom": "off" ' }, /\.candorrc\.json:1:\d+: is not valid JSON/],
  ['unknown key', { '.candorrc.json': '{\n  "rulez": {} }' }, /\.candorrc\.json:2:3: `rulez`: is not a Candor setting/],
  ['unknown rule id', { '.candorrc.json': '{ "rules": { "vague-timelines": "off" } }' }, /`rules\.vague-timelines`: is not a rule Candor knows\. Did you mean `vague-timeline`/],
  ['wrong severity', { '.candorrc.json': '{ "rules": { "idiom": "loud" } }' }, /`rules\.idiom`: `"loud"` is not a severity/],
  ['bad user pattern', { '.candorrc.json': '{ "phrases": [{ "id": "x/y", "patterns": ["(unclosed"], "message": "m" }] }' }, /`phrases\[0\]\.patterns`: contains a pattern that is not a valid expression/],
  ['extends cycle', { '.candorrc.json': '{ "extends": "./a.json" }', 'a.json': '{ "extends": "./b.json" }', 'b.json': '{ "extends": "./a.json" }' }, /`extends`: `extends` goes round in a circle/],
  ['missing data file', { '.candorrc.json': '{ "data": "data/nope.json" }' }, /`data`: `data\/nope\.json` cannot be read/],
  ['data path escaping the folder', { '.candorrc.json': '{ "data": "../../etc/passwd" }' }, /`data`: .* must be a path inside the folder/],
  ['bad caseState expression', { '.candorrc.json': '{ "caseState": { "resolved": ["(eq a"] } }' }, /`caseState\.resolved\[0\]`: `\(eq a` is not a Handlebars expression/],
];

for (const [name, files, expected] of broken) {
  test(`a broken config is a located error: ${name}`, () => {
    const root = tempTree({ ...files, '.candorrc.json': files['.candorrc.json']!.replace(/^\{/, '{ "root": true,').replace('{ "root": true, }', '{ "root": true }') });
    assert.throws(
      () => new ConfigResolver().forFile(join(root, 'a.hbs')),
      (error: unknown) => error instanceof ConfigError && expected.test(error.message) && error.message.includes(root),
    );
  });
}
