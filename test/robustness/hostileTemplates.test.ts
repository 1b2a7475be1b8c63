// Hostile templates through the engine: each gets a precise finding or is linted normally, and nothing throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, buildModel, type Finding } from '../../server/src/engine/index.ts';
import { defaultEngineConfig } from '../../server/src/config/types.ts';
import { noHost } from '../../server/src/engine/types.ts';
import { LineIndex } from '../../server/src/engine/text.ts';
import { MAX_NESTING } from '../../server/src/engine/parse/template.ts';
import { flagged, lintText } from '../helpers.ts';

function lintSafely(text: string): Finding[] {
  const ruleErrors: string[] = [];
  const findings = lint(text, '/templates/hostile.hbs', defaultEngineConfig, { onRuleError: (id, error) => ruleErrors.push(`${id}: ${String(error)}`) });
  assert.deepEqual(ruleErrors, [], 'no rule may throw');
  for (const f of findings) {
    assert.ok(f.range[0] >= 0 && f.range[0] <= f.range[1] && f.range[1] <= text.length, `${f.ruleId} range ${f.range} lies inside the text`);
    for (const edit of f.fix?.edits ?? []) assert.ok(edit.range[0] >= 0 && edit.range[1] <= text.length);
  }
  return findings;
}

const syntax = (findings: Finding[]) => findings.filter((f) => f.ruleId === 'template-syntax');

const hostile: Array<[string, string, RegExp | null]> = [
  ['unclosed block', 'Hi {{#if a}} there', /never closed/],
  ['mismatched block', '{{#if a}}x{{/each}}', /closed by `\{\{\/each\}\}`/],
  ['stray {{ at the end', 'Hello {{', /ends inside/],
  ['stray {{ mid-text', 'Hello {{ there', /./],
  ['raw block', '{{{{raw}}}} {{x}} {{#if}} {{{{/raw}}}} Thanks for your patience.', null],
  ['unclosed raw block', '{{{{raw}}}} {{x}}', /./],
  ['mixed tabs', 'Hi\t\t{{name}},\n\t  we value\tyour business', null],
  ['emoji and right-to-left text', '😀 שלום مرحبا {{name}} 👍🏽', null],
  ['front matter that is not YAML', '---\n: : [\n---\nHello', /not valid YAML/],
  ['front matter with no end', '---\ncase: unresolved\nHello there', /never ends/],
  ['only an opening fence', '---\n', /never ends/],
  ['lone CR line endings', 'Hi\rThanks for writing.\rBye', null],
  ['an escaped mustache', 'Write \\{{name}} literally.', null],
  ['triple-stash and comments', '{{{html}}} {{!-- candor-disable --}} {{! short }}', null],
];

for (const [name, text, expected] of hostile) {
  test(`hostile template: ${name}`, () => {
    const findings = syntax(lintSafely(text));
    if (expected) {
      assert.equal(findings.length >= 1, true, 'a template-syntax finding');
      assert.match(findings[0]!.message, expected);
    } else assert.deepEqual(findings.map((f) => f.message), []);
  });
}

test('10,000-deep {{#if}} nesting is reported as nested too deeply, quickly and without a crash', () => {
  const text = '{{#if a}}'.repeat(10_000) + 'x' + '{{/if}}'.repeat(10_000);
  const started = Date.now();
  const findings = syntax(lintSafely(text));
  assert.ok(Date.now() - started < 5_000, 'the nesting check runs before Handlebars’ quadratic parse');
  assert.equal(findings.length, 1);
  assert.match(findings[0]!.message, /nested too deeply/);
  assert.equal(findings[0]!.range[0], '{{#if a}}'.length * MAX_NESTING, 'reported at the block that passes the limit');
  assert.equal(flagged(text, findings[0]!), '{{#if a}}');
  // Unclosed deep nesting too.
  assert.match(syntax(lintSafely('{{#if a}}'.repeat(10_000)))[0]!.message, /nested too deeply/);
});

test('nesting within the limit still parses; comments and raw blocks do not count as nesting', () => {
  const ok = '{{#if a}}'.repeat(50) + 'x' + '{{/if}}'.repeat(50);
  assert.deepEqual(syntax(lintSafely(ok)), []);
  const commented = '{{!-- ' + '{{#if a}}'.repeat(MAX_NESTING + 5) + ' --}}Hello';
  assert.deepEqual(syntax(lintSafely(commented)), []);
});

test('a 5 MB single line lints without a crash', () => {
  const text = 'We will refund you within 3 business days and {{name}} '.repeat(95_000);
  assert.ok(text.length > 5_000_000);
  const started = Date.now();
  lintSafely(text);
  assert.ok(Date.now() - started < 60_000);
});

test('a NUL byte is a finding at its exact place, and the rest of the template is still read', () => {
  const text = 'Hi {{name}}\u0000, we value your business.';
  const findings = lintSafely(text);
  const nul = syntax(findings);
  assert.equal(nul.length, 1);
  assert.match(nul[0]!.message, /NUL character/);
  assert.deepEqual(nul[0]!.range, [text.indexOf('\u0000'), text.indexOf('\u0000') + 1]);
  assert.ok(findings.some((f) => f.ruleId === 'impersonal-boilerplate'), 'prose after the NUL is still checked');
});

test('invalid UTF-8 decoded as U+FFFD lints normally', () => {
  const text = Buffer.from([0x48, 0x69, 0x20, 0xff, 0xfe, 0xc3, 0x28, 0x20, 0x44, 0x65, 0x61, 0x72, 0x20, 0x43, 0x75, 0x73, 0x74, 0x6f, 0x6d, 0x65, 0x72]).toString('utf8');
  assert.ok(text.includes('\uFFFD'));
  const findings = lintSafely(text);
  const greeting = findings.find((f) => f.ruleId === 'generic-greeting');
  assert.ok(greeting);
  assert.equal(flagged(text, greeting), 'Dear Customer');
});

test('ranges stay exact with a BOM, CRLF and astral characters (UTF-16 offsets)', () => {
  const text = '\uFEFF---\r\ncase: unresolved\r\n---\r\n😀😀 Hi {{name}},\r\n\r\nDear Customer, 𝒜 we value your business.\r\nHave a great day!\r\n';
  const findings = lintSafely(text);
  const byRule = (id: string) => findings.find((f) => f.ruleId === id)!;
  assert.equal(flagged(text, byRule('generic-greeting')), 'Dear Customer');
  assert.equal(flagged(text, byRule('impersonal-boilerplate')), 'we value your business');
  assert.equal(flagged(text, byRule('cheerful-sign-off')), 'Have a great day');
  const lines = new LineIndex(text);
  const at = lines.position(byRule('impersonal-boilerplate').range[0]);
  assert.deepEqual(at, { line: 6, column: 'Dear Customer, 𝒜 '.length + 1 }, 'column counts UTF-16 code units; CRLF is one line break');
  assert.equal(buildModel(text, '/t.hbs', defaultEngineConfig, noHost).fileState, 'unresolved', 'front matter after a BOM is read');
});

test('a lone-CR template keeps exact line positions', () => {
  const text = 'Hello\rDear Customer\rBye';
  const f = lintSafely(text).find((x) => x.ruleId === 'generic-greeting')!;
  assert.deepEqual(new LineIndex(text).position(f.range[1]), { line: 2, column: 'Dear Customer'.length + 1 });
});

test('many nested choices do not multiply message paths without bound', () => {
  let text = '---\ncase: unresolved\n---\n';
  for (let i = 0; i < 8; i++) {
    text += `{{#if x${i}}}`;
    for (let j = 0; j < 8; j++) text += `{{#if a${i}_${j}}}yes{{else}}no{{/if}} `;
    text += '{{else}}z{{/if}}\n';
  }
  const started = Date.now();
  const model = buildModel(text, '/t.hbs', defaultEngineConfig, noHost);
  assert.ok(model.paths.length <= 128, `${model.paths.length} paths`);
  lintSafely(text);
  assert.ok(Date.now() - started < 5_000);
});

test('random mutations of a real template never throw and keep ranges inside the text', () => {
  const base = '---\ncase: unresolved\n---\nHi {{customer.firstName}},\n\n{{#if case.resolved}}We refunded you.{{else}}Sorry, we are looking into it. {{> signature}}{{/if}}\n{{!-- candor-disable-next-line idiom --}}\nLet us touch base soon! 😀\r\n';
  const pieces = ['{{', '}}', '{{#if a}}', '{{/if}}', '{{else}}', '{{/each}}', '\u0000', '\uFEFF', '\r', '\n', '---\n', '{{{{raw}}}}', '{{{{/raw}}}}', '{{!--', '--}}', '\uD83D', '\\', '"', '(', ')', '~', '{{>', '&amp;', '<p>', '</p>'];
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let round = 0; round < 300; round++) {
    let text = base;
    for (let k = 0; k < 1 + random(4); k++) {
      const at = random(text.length + 1);
      text = random(3) === 0 ? text.slice(0, at) + text.slice(at + 1 + random(6)) : text.slice(0, at) + pieces[random(pieces.length)] + text.slice(at);
    }
    lintSafely(text);
  }
});

test('lintText helper path: partials that are hostile do not break the caller', () => {
  const findings = lintText('Hi {{> sig}} {{> deep}}', { partials: { sig: '{{#if a}}unclosed', deep: '{{#if a}}'.repeat(3_000) } });
  assert.ok(findings.every((f) => f.range[1] <= 'Hi {{> sig}} {{> deep}}'.length));
});
