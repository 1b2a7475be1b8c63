// Template problems: syntax errors at exact places in plain words, front matter errors, missing partials.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText, flagged, offsetsOf } from '../helpers.ts';
import type { OffsetMap } from '../../server/src/engine/prose/proseText.ts';

const syntax = (text: string) => lintText(text).filter((f) => f.ruleId === 'template-syntax');

test('an unclosed block names the block and points at it', () => {
  const text = 'Hi there,\n{{#if case.resolved}}\nAll done.\n';
  const [finding] = syntax(text);
  assert.ok(finding);
  assert.equal(finding.severity, 'error');
  assert.equal(flagged(text, finding), '{{#if case.resolved}}');
  assert.match(finding.message, /`\{\{#if\}\}` is never closed/);
});

test('a mismatched close names both blocks', () => {
  const text = '{{#if a}}x{{/each}}';
  const [finding] = syntax(text);
  assert.match(finding!.message, /closed by `\{\{\/each\}\}`/);
});

test('a stray mustache reports where Handlebars stopped', () => {
  const text = 'Hello {{ }} there';
  const [finding] = syntax(text);
  assert.ok(finding);
  assert.ok(finding.range[0] >= 6 && finding.range[0] <= 10, `range ${finding.range}`);
  assert.match(finding.message, /Handlebars expected/);
});

test('front matter that is not YAML, or never ends, is reported and the rest still lints', () => {
  const broken = lintText('---\ncase: [unresolved\n---\nHave a great day!');
  assert.ok(broken.some((f) => f.ruleId === 'template-syntax' && /not valid YAML/.test(f.message)));
  const open = lintText('---\ncase: unresolved\nHave a great day!');
  assert.ok(open.some((f) => f.ruleId === 'template-syntax' && /never ends/.test(f.message)));
  const badState = lintText('---\ncase: fixed\n---\nHello');
  assert.ok(badState.some((f) => f.ruleId === 'template-syntax' && /not a case state/.test(f.message)));
});

test('missing partials are errors at the call, found partials are not', () => {
  const text = 'Thanks,\n{{> signatur}}\n{{> signature}}';
  const found = lintText(text, { partials: { signature: 'Sam' } }).filter((f) => f.ruleId === 'missing-partial');
  assert.equal(found.length, 1);
  assert.equal(flagged(text, found[0]!), '{{> signatur}}');
});

test('a partial that includes itself does not loop', () => {
  const found = lintText('---\ncase: unresolved\n---\n{{> a}}', { partials: { a: 'Have a great day! {{> a}}' } });
  assert.equal(found.filter((f) => f.ruleId === 'cheerful-sign-off').length, 1);
});

test('unknown variables are checked against sample data with a suggestion', () => {
  const config = { data: { kind: 'sample' as const, value: { customer: { firstName: 'Ada' } }, path: 'sample.json' } };
  const text = 'Hi {{customer.fristName}} and {{customer.firstName}}';
  const found = lintText(text, { config }).filter((f) => f.ruleId === 'unknown-variable');
  assert.equal(found.length, 1);
  assert.equal(flagged(text, found[0]!), 'customer.fristName');
  assert.match(found[0]!.message, /did you mean `customer\.firstName`/);
  assert.equal(lintText(text).filter((f) => f.ruleId === 'unknown-variable').length, 0, 'silent without configured data');
});

test('a text with no mustache gets the tree Handlebars would give it, without parsing', async () => {
  const { contentOnly } = await import('../../server/src/engine/parse/template.ts');
  const Handlebars = (await import('handlebars')).default as unknown as { parseWithoutProcessing(text: string): unknown };
  const pieces = ['a', 'Hello there.', ' ', '\n', '\r\n', '\r', '\n\n', '\u2028', '\u2029', '\u0085', '{', '}', '}}', '{ {', '\\', '\\\\', '🎉', '“q”', '<p>', '&amp;', '\t', '\uFEFF'];
  let seed = 5;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  const texts = ['', ...pieces];
  for (let n = 0; n < 2000; n++) {
    let text = '';
    const count = Math.floor(random() * 10);
    for (let k = 0; k < count; k++) text += pieces[Math.floor(random() * pieces.length)];
    if (!text.includes('{{')) texts.push(text);
  }
  for (const text of texts) {
    const expected = Handlebars.parseWithoutProcessing(text) as { loc?: unknown };
    const ast = contentOnly(text) as unknown as { loc?: unknown };
    assert.equal(JSON.stringify(ast), JSON.stringify(expected), JSON.stringify(text));
    assert.equal('loc' in ast, 'loc' in expected);
    // The statement's location is a Handlebars SourceLocation, as the parsers' are (one shape for the code reading them).
    const statementLoc = (tree: unknown) => (tree as { body: Array<{ loc: object }> }).body[0]?.loc;
    if (text) assert.equal(Object.getPrototypeOf(statementLoc(ast)), Object.getPrototypeOf(statementLoc(expected)));
  }
});

test('a template with no mustache gives the model a parsed one gives', async () => {
  const { buildModel } = await import('../../server/src/engine/model.ts');
  const { buildProseModel } = await import('../../server/src/engine/prose/segments.ts');
  const { LineIndex } = await import('../../server/src/engine/text.ts');
  const { defaultEngineConfig } = await import('../../server/src/config/types.ts');
  const { noHost } = await import('../../server/src/engine/types.ts');
  const Handlebars = (await import('handlebars')).default as unknown as { parseWithoutProcessing(text: string): hbs.AST.Program };
  const texts = [
    'Hi there,\r\nWe&rsquo;ll be back soon.\r\n\r\n<p>Sorry for any “inconvenience”.</p>\r\n🎉 Thanks!',
    '<div>Line one\u2028still one\nline two</div>\r',
    '---\ncase: resolved\n---\nAll done & dusted.\n',
  ];
  const plain = (model: { segments: Array<{ text: string; offsets: OffsetMap }>; tree: unknown[] }) =>
    JSON.stringify({ segments: model.segments.map((s) => ({ ...s, offsets: undefined, ...offsetsOf(s) })), tree: model.tree.length });
  for (const text of texts) {
    const model = buildModel(text, '/t/reply.hbs', defaultEngineConfig, noHost);
    assert.equal(model.parseProblem, undefined);
    const source = model.frontMatter ? text.slice(0, model.frontMatter.bodyStart).replace(/[^\r\n]/g, ' ') + text.slice(model.frontMatter.bodyStart) : text;
    const parsed = buildProseModel({ path: '/t/reply.hbs', text: source, lines: new LineIndex(text), ast: Handlebars.parseWithoutProcessing(source), fileState: model.fileState, caseState: defaultEngineConfig.caseState, host: noHost });
    assert.ok(model.segments.length > 0);
    assert.equal(plain(model), plain(parsed));
  }
});
