// Checks that the TextMate grammar scopes a sample template as intended and that the editor's JSON assets are well formed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const ROOT_SCOPE = 'text.html.handlebars.candor';

interface ScopedToken {
  line: number;
  text: string;
  scopes: string[];
}

let grammarLoad: Promise<textmate.IGrammar> | undefined;

function loadGrammar(): Promise<textmate.IGrammar> {
  grammarLoad ??= (async () => {
    await oniguruma.loadWASM(readFileSync(path.resolve('node_modules/vscode-oniguruma/release/onig.wasm')));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      // Embedded grammars such as source.yaml ship with VS Code, not with Candor; the grammar must cope without them.
      loadGrammar: async (scopeName: string) =>
        scopeName === ROOT_SCOPE ? textmate.parseRawGrammar(readFileSync(path.resolve('syntaxes/candor.tmLanguage.json'), 'utf8'), 'candor.tmLanguage.json') : null,
    });
    const grammar = await registry.loadGrammar(ROOT_SCOPE);
    assert.ok(grammar, 'the Candor grammar loads');
    return grammar;
  })();
  return grammarLoad;
}

async function tokenize(source: string): Promise<{ tokens: ScopedToken[]; endDepth: number }> {
  const grammar = await loadGrammar();
  const tokens: ScopedToken[] = [];
  let state: textmate.StateStack = textmate.INITIAL;
  source.split('\n').forEach((lineText, line) => {
    const result = grammar.tokenizeLine(lineText, state);
    for (const token of result.tokens) tokens.push({ line, text: lineText.slice(token.startIndex, token.endIndex), scopes: token.scopes });
    state = result.ruleStack;
  });
  return { tokens, endDepth: state.depth };
}

/** The `occurrence`-th token (0-based) whose text is exactly `text`, optionally on one line. */
function tokenOf(tokens: ScopedToken[], text: string, where: { line?: number; occurrence?: number } = {}): ScopedToken {
  const matches = tokens.filter((token) => token.text === text && (where.line === undefined || token.line === where.line));
  const token = matches[where.occurrence ?? 0];
  assert.ok(token, `no token ${JSON.stringify(text)}${where.line === undefined ? '' : ` on line ${where.line}`}; tokens: ${JSON.stringify(tokens.map((t) => t.text))}`);
  return token;
}

function assertScope(token: ScopedToken, scope: string): void {
  assert.ok(token.scopes.includes(scope), `${JSON.stringify(token.text)} (line ${token.line}) should have ${scope}; has ${token.scopes.join(' ')}`);
}

function assertNoScope(token: ScopedToken, scope: string): void {
  assert.ok(!token.scopes.includes(scope), `${JSON.stringify(token.text)} (line ${token.line}) should not have ${scope}`);
}

const SAMPLE = [
  '---',
  'case: unresolved',
  '---',
  '{{!-- candor-disable-next-line vague-timeline -- the legal team wrote this line --}}',
  'Hi {{customer.firstName}}, your refund is delayed.',
  '{{!-- a note for the next writer --}}',
  '{{#if case.resolved}}',
  'Your refund of {{formatMoney refund.amount "EUR"}} is on its way.',
  '{{else}}',
  'I will update you by {{next_update_time}}.',
  '{{/if}}',
  '{{> signature}}',
].join('\n');

test('front matter is an embedded YAML block', async () => {
  const { tokens } = await tokenize(SAMPLE);
  assertScope(tokenOf(tokens, '---', { line: 0 }), 'punctuation.definition.frontmatter.begin.candor');
  const caseKey = tokenOf(tokens, 'case', { line: 1 });
  assertScope(caseKey, 'meta.embedded.block.frontmatter.candor');
  assertScope(caseKey, 'source.yaml');
  assertScope(caseKey, 'entity.name.tag.yaml');
  assertScope(tokenOf(tokens, '---', { line: 2 }), 'punctuation.definition.frontmatter.end.candor');
  assertNoScope(tokenOf(tokens, 'Hi '), 'meta.embedded.block.frontmatter.candor');
});

test('suppression directives get their own scopes inside the comment', async () => {
  const { tokens } = await tokenize(SAMPLE);
  const directive = tokenOf(tokens, 'candor-disable-next-line');
  assertScope(directive, 'comment.block.template.candor');
  assertScope(directive, 'meta.directive.suppression.candor');
  assertScope(directive, 'keyword.control.directive.candor');
  assertScope(tokenOf(tokens, 'vague-timeline'), 'constant.other.rule-id.candor');
  const reason = tokenOf(tokens, ' the legal team wrote this line ');
  assertScope(reason, 'meta.directive.reason.candor');
  assertNoScope(reason, 'constant.other.rule-id.candor');
  const note = tokenOf(tokens, ' a note for the next writer ');
  assertScope(note, 'comment.block.template.candor');
  assertNoScope(note, 'meta.directive.suppression.candor');
});

test('prose stays plain text', async () => {
  const { tokens } = await tokenize(SAMPLE);
  for (const prose of ['Hi ', ', your refund is delayed.', 'Your refund of ', ' is on its way.', 'I will update you by ']) {
    assert.deepEqual(tokenOf(tokens, prose).scopes, [ROOT_SCOPE], `${JSON.stringify(prose)} should carry no Handlebars scope`);
  }
});

test('placeholders, helpers, blocks and partials are scoped', async () => {
  const { tokens, endDepth } = await tokenize(SAMPLE);
  const placeholder = tokenOf(tokens, 'customer.firstName');
  assertScope(placeholder, 'meta.tag.template.placeholder.candor');
  assertScope(placeholder, 'variable.other.path.candor');
  assertScope(tokenOf(tokens, '{{', { line: 4 }), 'punctuation.definition.tag.begin.candor');
  assertScope(tokenOf(tokens, 'next_update_time'), 'variable.other.path.candor');

  assertScope(tokenOf(tokens, 'formatMoney'), 'entity.name.function.helper.candor');
  assertScope(tokenOf(tokens, 'refund.amount'), 'variable.other.path.candor');
  assertScope(tokenOf(tokens, 'EUR'), 'string.quoted.double.candor');

  const open = tokenOf(tokens, 'if', { line: 6 });
  assertScope(open, 'meta.tag.template.block.open.candor');
  assertScope(open, 'keyword.control.conditional.candor');
  assertScope(tokenOf(tokens, 'case.resolved'), 'variable.other.path.candor');
  const otherwise = tokenOf(tokens, 'else', { line: 8 });
  assertScope(otherwise, 'meta.tag.template.block.else.candor');
  assertScope(otherwise, 'keyword.control.else.candor');
  const close = tokenOf(tokens, 'if', { line: 10 });
  assertScope(close, 'meta.tag.template.block.close.candor');
  assertScope(close, 'keyword.control.conditional.candor');

  const partial = tokenOf(tokens, 'signature');
  assertScope(partial, 'meta.tag.template.partial.candor');
  assertScope(partial, 'entity.name.type.partial.candor');

  assert.equal(endDepth, 1, 'every construct in the sample is closed again');
});

test('else-if chains, sub-expressions, whitespace control, raw mustaches and HTML', async () => {
  const { tokens, endDepth } = await tokenize(
    [
      '{{#unless case.resolved}}{{else if (eq ticket.status "solved")}}{{~else~}}{{/unless}}',
      '{{{signature_html}}} {{! candor-enable idiom }}',
      '<p class="{{tone}}">Thanks &amp; sorry</p> 1) first',
    ].join('\n'),
  );
  assertScope(tokenOf(tokens, 'unless'), 'keyword.control.conditional.candor');
  assertScope(tokenOf(tokens, 'if', { line: 0 }), 'meta.tag.template.block.else.candor');
  assertScope(tokenOf(tokens, 'if', { line: 0 }), 'keyword.control.conditional.candor');
  const helper = tokenOf(tokens, 'eq');
  assertScope(helper, 'meta.subexpression.candor');
  assertScope(helper, 'entity.name.function.helper.candor');
  assertScope(tokenOf(tokens, '~'), 'keyword.operator.whitespace-control.candor');
  assertScope(tokenOf(tokens, 'signature_html'), 'meta.tag.template.raw.candor');
  assertScope(tokenOf(tokens, 'candor-enable'), 'keyword.control.directive.candor');
  assertScope(tokenOf(tokens, 'idiom'), 'constant.other.rule-id.candor');
  assertScope(tokenOf(tokens, 'p', { occurrence: 0 }), 'entity.name.tag.html.candor');
  assertScope(tokenOf(tokens, 'tone'), 'meta.tag.template.placeholder.candor');
  assert.deepEqual(tokenOf(tokens, 'Thanks ').scopes, [ROOT_SCOPE]);
  assert.deepEqual(tokenOf(tokens, ' 1) first').scopes, [ROOT_SCOPE]);
  assert.equal(endDepth, 1);
});

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(path.resolve(file), 'utf8'));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isText = (value: unknown): boolean => typeof value === 'string' && value.length > 0;
const isTextOrTextList = (value: unknown): boolean =>
  isText(value) || (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string'));

test('language-configuration.json parses and its patterns fit Handlebars', () => {
  const configuration = readJson('language-configuration.json');
  assert.ok(isRecord(configuration));
  assert.deepEqual(configuration.comments, { blockComment: ['{{!--', '--}}'] });
  const folding = configuration.folding;
  assert.ok(isRecord(folding) && isRecord(folding.markers));
  const start = new RegExp(String(folding.markers.start));
  const end = new RegExp(String(folding.markers.end));
  assert.ok(start.test('{{#if case.resolved}}') && start.test('  {{~#each items}}'));
  assert.ok(!start.test('{{#if x}}yes{{/if}}') && !start.test('{{^}}'));
  assert.ok(end.test('{{/if}}') && end.test('{{~/each}}'));
  const wordPattern = configuration.wordPattern;
  assert.ok(isRecord(wordPattern));
  const words = new RegExp(String(wordPattern.pattern), `g${String(wordPattern.flags ?? '')}`);
  assert.deepEqual('{{customer.firstName}} can’t {{../case.id}}'.match(words), ['customer.firstName', 'can’t', '../case.id']);
});

test('every snippet has a prefix, a body and a description, and models the wording Candor asks for', () => {
  const snippets = readJson('snippets/candor.json');
  assert.ok(isRecord(snippets));
  const entries = Object.entries(snippets);
  assert.ok(entries.length > 0);
  const bodies: string[] = [];
  for (const [name, snippet] of entries) {
    assert.ok(isRecord(snippet), `${name} is an object`);
    assert.ok(isTextOrTextList(snippet.prefix), `${name} has a prefix`);
    assert.ok(isTextOrTextList(snippet.body), `${name} has a body`);
    assert.ok(isText(snippet.description), `${name} has a description`);
    bodies.push(([] as unknown[]).concat(snippet.body).join('\n'));
  }
  const all = bodies.join('\n');
  for (const directive of ['candor-disable-next-line', 'candor-disable ', 'candor-enable', 'candor-disable-file']) {
    assert.ok(all.includes(`{{!-- ${directive}`), `a snippet writes ${directive}`);
  }
  assert.ok(all.includes('{{#if case.resolved}}') && all.includes('{{next_update_time}}'));
  for (const phrase of [/\bsoon\b/i, /\bshortly\b/i, /dear (valued )?customer/i, /inconvenience/i, /rest assured/i, /have a (great|nice) day/i]) {
    assert.ok(!phrase.test(all), `no snippet says ${phrase.source}`);
  }
});
