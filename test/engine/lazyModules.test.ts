// Linting loads only the parts of its libraries it uses: Handlebars' tree helpers (not its runtime and compiler, and
// its own parser only for what Candor's parsers leave to it), and the YAML library only for front matter the simple
// reader does not take. All were loaded by every run before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type Handlebars from 'handlebars';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, lintText, repoRoot, runCli, tempTree } from '../helpers.ts';
import { grammarHelpers, jisonParser, parse, parseWithoutProcessing } from '../../server/src/engine/parse/handlebarsParser.ts';
import { parseConfigText } from '../../server/src/config/load.ts';

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

test("Handlebars' own parser is loaded only for a template Candor's parsers leave to it, not for configs or templates they read", () => {
  const jison = 'node_modules/handlebars/dist/cjs/handlebars/compiler/parser.js';
  assert.equal(loaded(jison), false, "Handlebars' parser loaded before any lint");
  // caseState expressions are parsed when the config loads.
  const config = parseConfigText('{ "caseState": { "resolved": ["ticket.closed", "(eq ticket.status \\"solved\\")"] } }', '/repo/.candorrc.json', () => {
    throw new Error('no extends');
  });
  assert.deepEqual(config.caseState.resolved, ['ticket.closed', '(eq ticket.status "solved")']);
  const findings = lintText('{{#if case.resolved}}Glad that is sorted!{{else}}{{#each steps as |step|}}{{step}}{{/each}} We will fix it soon.{{/if}}\n');
  assert.ok(findings.some((f) => f.ruleId === 'vague-timeline'), 'the template was linted');
  assert.equal(loaded(jison), false, "a config and a template Candor's parsers read loaded Handlebars' parser");
  // A syntax error is reported with Handlebars' own message: its grammar's tables are loaded for it.
  const broken = lintText('{{#if case.resolved}}Thanks!\n');
  assert.ok(broken.some((f) => f.ruleId === 'template-syntax'), JSON.stringify(broken));
  assert.equal(loaded(jison), true);
});

test("the parser module is Handlebars' own parser: the same functions and tables", () => {
  const full = require('handlebars') as typeof Handlebars & { Parser: unknown };
  assert.equal(jisonParser(), full.Parser);
  const text = '{{#each items as |item|}}  {{~item.name}}{{else}}none{{/each}}';
  assert.deepEqual(parseWithoutProcessing(text), full.parseWithoutProcessing(text));
  assert.deepEqual(parse(text), full.parse(text));
  // The tree helpers Candor's parsers use are the functions Handlebars' parser copies into its `yy`.
  const yy = (full.Parser as { yy: Record<string, unknown> }).yy;
  for (const [name, helper] of Object.entries(grammarHelpers)) if (typeof helper === 'function') assert.equal(yy[name], helper, name);
  assert.ok(typeof grammarHelpers.preparePath === 'function' && typeof grammarHelpers.SourceLocation === 'function');
});

test('the CLI bundle holds no YAML library: it requires dist/yaml.js, next to it, when front matter needs it', () => {
  const cli = readFileSync(cliPath, 'utf8');
  const yaml = readFileSync(join(repoRoot, 'dist', 'yaml.js'), 'utf8');
  // A class only the YAML library defines.
  const definesParseError = /\bYAMLParseError = class\b/;
  assert.match(yaml, definesParseError);
  assert.doesNotMatch(cli, definesParseError);
  assert.ok(cli.includes('require("./yaml.js")'));
  // A block list: front matter only the library reads. Its `case` decides the template's state.
  const root = tempTree({ 'reply.hbs': '---\ncase: unresolved\ntags:\n  - billing\n  - refunds\n---\nThanks for writing in. Have a great day!\n' });
  const result = runCli(['check', '--format', 'json', '.'], { cwd: root });
  // Warnings only (exit 0); a missing ./yaml.js would end the run with an error (exit 2).
  assert.equal(result.code, 0, result.stderr);
  const messages = (JSON.parse(result.stdout) as Array<{ messages: Array<{ ruleId: string; caseState: string; conditions: string[] }> }>)[0]!.messages;
  const nextUpdate = messages.find((m) => m.ruleId === 'missing-next-update');
  assert.ok(nextUpdate, JSON.stringify(messages));
  assert.equal(nextUpdate.caseState, 'unresolved');
  assert.deepEqual(nextUpdate.conditions, ['the front matter says `case: unresolved`']);
});

test('a one-file check writing its report with -o loads neither node:os nor standard output\'s stream', () => {
  const root = tempTree({ 'reply.hbs': 'We are looking into it.\n' });
  // A preload that lists, as the process exits, the modules Node loaded (written without touching process.stdout).
  const probe = join(root, 'probe.cjs');
  writeFileSync(probe, "process.on('exit', () => require('fs').writeSync(2, '\\nLOADED ' + JSON.stringify(process.moduleLoadList) + '\\n'));\n");
  const run = (file: string) => spawnSync(process.execPath, ['-r', probe, cliPath, 'check', '--format', 'json', '-o', join(root, 'out.json'), file], { cwd: root, encoding: 'utf8' });
  const loaded = (stderr: string) => JSON.parse(/LOADED (.*)/.exec(stderr)![1]!) as string[];
  const small = run('reply.hbs');
  assert.equal(small.status, 0, small.stderr);
  const modules = loaded(small.stderr);
  assert.ok(modules.includes('NativeModule fs'), "the list is Node's module list");
  assert.ok(!modules.includes('NativeModule os'), 'node:os loaded by a one-file check');
  assert.ok(!modules.includes('NativeModule net') && !modules.includes('NativeModule tty'), 'standard output\'s stream made by a check writing to -o');
  assert.ok(JSON.parse(readFileSync(join(root, 'out.json'), 'utf8')).length === 1, 'the report was written');
});
