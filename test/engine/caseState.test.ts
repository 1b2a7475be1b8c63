// The case-state model: branches, else-if chains, nesting, front matter, config overrides and partials.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Handlebars from 'handlebars';
import { lintText, flagged } from '../helpers.ts';
import { printExpression, printExpressions } from '../../server/src/engine/prose/caseState.ts';

const signOff = (text: string, options?: Parameters<typeof lintText>[1]) =>
  lintText(text, options).filter((f) => f.ruleId === 'cheerful-sign-off');

test('a sign-off in the resolved branch is fine, in the else branch it is flagged', () => {
  const text = '{{#if case.resolved}}All fixed. Have a great day!{{else}}Still broken. Have a great day!{{/if}}';
  const found = signOff(text);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.caseState, 'unresolved');
  assert.ok(found[0]!.range[0] > text.indexOf('{{else}}'));
  assert.equal(flagged(text, found[0]!), 'Have a great day');
  assert.deepEqual(found[0]!.conditions, ['`case.resolved` is false']);
});

test('unless reverses the branch meaning', () => {
  const text = '{{#unless ticket.resolved}}Have a great day!{{else}}Enjoy your weekend!{{/unless}}';
  const found = signOff(text);
  assert.equal(found.length, 1);
  assert.equal(flagged(text, found[0]!), 'Have a great day');
});

test('else-if chains with status comparisons', () => {
  const text = '{{#if (eq ticket.status "solved")}}Have a nice day!{{else if (eq ticket.status "pending")}}Have a good day!{{else}}Enjoy your day!{{/if}}';
  const found = signOff(text).map((f) => flagged(text, f));
  assert.deepEqual(found, ['Have a good day']);
});

test('front matter sets the file state and unknown state lowers the severity', () => {
  const unresolved = signOff('---\ncase: unresolved\n---\nWe are still looking. Have a great day!');
  assert.equal(unresolved.length, 1);
  assert.equal(unresolved[0]!.severity, 'warning');
  const resolved = signOff('---\ncase: resolved\n---\nAll done. Have a great day!');
  assert.equal(resolved.length, 0);
  const unknown = signOff('All done. Have a great day!');
  assert.equal(unknown.length, 1);
  assert.equal(unknown[0]!.severity, 'information');
});

test('a config override by glob sets the state, front matter wins over it', () => {
  assert.equal(signOff('Have a great day!', { config: { fileCase: 'unresolved' } })[0]!.severity, 'warning');
  assert.equal(signOff('---\ncase: resolved\n---\nHave a great day!', { config: { fileCase: 'unresolved' } }).length, 0);
});

test('a sign-off inside a partial is reported at the call site of an unresolved template', () => {
  const text = '---\ncase: unresolved\n---\nWe are on it.\n{{> signature}}\n';
  const found = signOff(text, { partials: { signature: 'Thanks,\nHave a great day!\nSam' } });
  assert.equal(found.length, 1);
  assert.equal(flagged(text, found[0]!), '{{> signature}}');
  assert.equal(found[0]!.related[0]!.path, '/partials/signature.hbs');
  assert.equal(found[0]!.related[0]!.start.line, 2);
  assert.deepEqual(found[0]!.partialChain, ['signature']);
  const resolved = signOff('{{#if case.resolved}}{{> signature}}{{/if}}', { partials: { signature: 'Have a great day!' } });
  assert.equal(resolved.length, 0);
});

test('configured caseState expressions are recognised', () => {
  const text = '{{#if (eq ticket.phase "done")}}Have a great day!{{else}}Enjoy your day!{{/if}}';
  const found = signOff(text, { config: { caseState: { resolved: ['(eq ticket.phase "done")'], unresolved: [], builtins: true } } });
  assert.deepEqual(found.map((f) => flagged(text, f)), ['Enjoy your day']);
});

test('a block expression is printed as it is written: sub-expressions with parameters, literals and hash pairs', () => {
  const program = Handlebars.parse('{{#if (lookup ticket "status" 3 true fallback=(eq x null) strict=false) other}}x{{/if}}');
  const block = program.body[0] as hbs.AST.BlockStatement;
  assert.equal(printExpression(block.params[0]), '(lookup ticket "status" 3 true fallback=(eq x null) strict=false)');
  assert.equal(printExpressions(block.params), '(lookup ticket "status" 3 true fallback=(eq x null) strict=false) other');
  assert.equal(printExpressions([]), '');
  // A sub-expression without parameters keeps no trailing space.
  const bare = Handlebars.parse('{{#if (now)}}x{{/if}}').body[0] as hbs.AST.BlockStatement;
  assert.equal(printExpression(bare.params[0]), '(now)');
});
