// `--format github`, `junit` and `compact`, parsed back to check positions and escaping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { findingWith, runCli } from '../helpers.ts';
import { fixtureRepo, TRICKY_MESSAGE } from './fixtureRepo.ts';
import { escapeXml, formatJunit } from '../../server/src/cli/format/junit.ts';
import type { Finding } from '../../server/src/engine/types.ts';

const KINDLY = TRICKY_MESSAGE.replace('{phrase}', 'Kindly');

interface Annotation {
  command: string;
  properties: Record<string, string>;
  message: string;
}

/** Reads a workflow command back the way the GitHub runner does. */
function parseAnnotation(line: string): Annotation {
  const match = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
  assert.ok(match, `not a workflow command: ${line}`);
  const unescape = (text: string) => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const properties: Record<string, string> = {};
  for (const pair of match[2]!.split(',')) {
    const eq = pair.indexOf('=');
    properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
  }
  return { command: match[1]!, properties, message: unescape(match[3]!) };
}

test('github annotations carry positions and escape %, :, , and new lines', () => {
  const root = fixtureRepo();
  const run = runCli(['check', '--format', 'github'], { cwd: root });
  assert.equal(run.code, 0, run.stderr);
  const annotations = run.stdout.trimEnd().split('\n').map(parseAnnotation);
  const greeting = annotations.find((a) => a.properties.title?.includes('generic-greeting'))!;
  assert.equal(greeting.command, 'warning');
  assert.deepEqual(greeting.properties, { file: 'outages/delay.hbs', line: '1', col: '1', endLine: '1', endColumn: '14', title: 'Candor (generic-greeting)' });
  const kindly = annotations.find((a) => a.properties.title?.includes('acme/no-kindly'))!;
  assert.equal(kindly.message, KINDLY);
  assert.equal(kindly.properties.line, '4');
  const raw = run.stdout.split('\n').find((l) => l.includes('no-kindly'))!;
  assert.match(raw, /::Drop “Kindly”: 100%25 stiff, cold: <say please> & mean it\.%0ASecond line\.$/);
  assert.match(raw, /title=Candor \(acme\/no-kindly\)::/);
});

test('github annotations use notice for information and error for errors', () => {
  const root = fixtureRepo({ 'outages/blame.hbs': 'You failed to attach the receipt. Touch base with us on Monday.\n' });
  const run = runCli(['check', '--format', 'github', 'outages/blame.hbs', '--rule', 'idiom:information'], { cwd: root });
  assert.equal(run.code, 1);
  const commands = run.stdout.trimEnd().split('\n').map(parseAnnotation);
  assert.equal(commands.find((a) => a.properties.title!.includes('blames-customer'))!.command, 'error');
  assert.equal(commands.find((a) => a.properties.title!.includes('idiom'))!.command, 'notice');
});

test('junit is valid XML with a test case per file and a failure per finding', () => {
  const root = fixtureRepo();
  const run = runCli(['check', '--format', 'junit'], { cwd: root });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(XMLValidator.validate(run.stdout), true);
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' || name === 'failure' }).parse(run.stdout);
  const cases = xml.testsuites.testsuite.testcase as Array<{ name: string; failure?: Array<{ message: string; type: string }> }>;
  assert.deepEqual(cases.map((c) => c.name).sort(), ['outages/delay.hbs', 'partials/signature.hbs', 'refunds/standard.hbs']);
  const delay = cases.find((c) => c.name === 'outages/delay.hbs')!;
  assert.deepEqual(delay.failure!.map((f) => f.type).sort(), ['acme/no-kindly', 'cheerful-sign-off', 'conflicting-commitments', 'generic-greeting']);
  assert.equal(delay.failure!.find((f) => f.type === 'acme/no-kindly')!.message, KINDLY);
  assert.equal(cases.find((c) => c.name === 'partials/signature.hbs')!.failure, undefined);
  assert.equal(Number(xml.testsuites.failures), 5);
});

test('compact prints file:line:col: severity message [rule]', () => {
  const root = fixtureRepo();
  const run = runCli(['check', '--format', 'compact'], { cwd: root });
  const lines = run.stdout.trimEnd().split('\n');
  for (const line of lines) assert.match(line, /^[\w/.-]+\.hbs:\d+:\d+: (error|warning|information) .+ \[[\w/-]+\]$/);
  assert.ok(lines.includes('outages/delay.hbs:1:1: warning “Dear Customer” greets a category, not a person: use the customer’s name. [generic-greeting]'));
  assert.ok(lines.some((l) => l.startsWith('outages/delay.hbs:4:1: warning Drop “Kindly”') && l.endsWith('Second line. [acme/no-kindly]')));
});

test('junit escapes a failure as a whole text would be escaped: paths, messages and rule ids with XML in them', () => {
  const root = '/repo';
  const text = 'Dear <Customer> & co,\n\nsoon\n';
  const finding = (ruleId: string, message: string, start: number, end: number): Finding => findingWith({ ruleId, message, range: [start, end], excerpt: text.slice(start, end) });
  const path = `${root}/q&a/it's "new" <draft>.hbs`;
  const findings = [finding('generic-greeting', '“Dear <Customer>” & more: it\'s "quoted"\nsecond line \uD800 lone', 0, 15), finding('team/a&b', 'Soon <b>', 23, 27)];
  const xml = formatJunit([{ filePath: path, text, findings }], { cwd: root });
  assert.equal(XMLValidator.validate(xml), true);
  const name = "q&a/it's \"new\" <draft>.hbs";
  for (const [f, line, column] of [[findings[0]!, 1, 1], [findings[1]!, 3, 1]] as const) {
    const detail = `${f.severity} at ${name}:${line}:${column} (${f.ruleId})\n${f.message}`;
    assert.ok(xml.includes(`<failure message="${escapeXml(f.message)}" type="${escapeXml(f.ruleId)}">${escapeXml(detail)}</failure>`), detail);
  }
  assert.ok(xml.includes(`name="${escapeXml(name)}"`));
  assert.doesNotMatch(xml, /\uD800/);
});
