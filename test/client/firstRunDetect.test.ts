// First run (issue 8): the starter .candorrc.json guessed from a workspace's templates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  configText,
  describeGuess,
  detectPartialsFolder,
  guessConfig,
  guessResolved,
  isTemplatePath,
  looksResolved,
  partialsGlob,
  scanTemplate,
} from '../../client/src/firstRunDetect.ts';
import { ConfigResolver } from '../../server/src/config/load.ts';
import { tempTree } from '../helpers.ts';

const REFUND = 'Hi {{customer.firstName}},\n\n{{#if ticket.solved}}\nDone.\n{{else}}\nWe will write by Friday.\n{{/if}}\n\n{{> footer}}\n';
const SHIPPING = 'Hi {{customer.firstName}},\n\n{{#unless ticket.solved}}\nStill on its way.\n{{/unless}}\n\n{{> footer}}\n';

test('template paths: .hbs, .handlebars and .candor, never under node_modules or .git', () => {
  for (const path of ['a.hbs', 'emails/b.handlebars', 'x/c.candor', 'x/d.candor.hbs']) assert.ok(isTemplatePath(path), path);
  for (const path of ['a.js', 'README.md', 'node_modules/pkg/a.hbs', '.git/x.hbs', 'hbs']) assert.ok(!isTemplatePath(path), path);
});

test('scanTemplate reads partial calls and if/unless conditions, nested ones too', () => {
  const usage = scanTemplate('{{#each items}}{{#if (eq ticket.status "closed")}}{{> shared/row item=this}}{{/if}}{{/each}}{{#> layout}}{{#unless this.case.resolved}}x{{/unless}}{{/layout}}{{> "quoted-name"}}{{> (dynamic)}}');
  assert.deepEqual(usage.partials, ['shared/row', 'layout', 'quoted-name']);
  assert.deepEqual(usage.conditions, ['(eq ticket.status "closed")', 'case.resolved']);
});

test('scanTemplate falls back to a rough scan when the template does not parse', () => {
  const usage = scanTemplate('{{#if ticket.solved}}\nbroken {{#each}}\n{{> footer}}');
  assert.deepEqual(usage.partials, ['footer']);
  assert.deepEqual(usage.conditions, ['ticket.solved']);
});

test('looksResolved: resolved-like fields and status comparisons, not their opposites', () => {
  for (const condition of ['ticket.solved', 'case.resolved', 'isClosed', 'ticket.is_resolved', 'order.completed', 'case.isDone', '(eq ticket.status "solved")', '(eq "Closed" case.state)', '(is ticket.stage "resolved")'])
    assert.ok(looksResolved(condition), condition);
  for (const condition of ['ticket.unsolved', 'case.notResolved', 'case.resolvedAt', 'customer.vip', 'ticket.status', '(eq ticket.status "open")', '(eq ticket.priority "closed")', '(ne ticket.status "solved")', '(or a b)'])
    assert.ok(!looksResolved(condition), condition);
});

test('guessResolved orders by frequency, first seen breaking ties, and drops the rest', () => {
  assert.deepEqual(guessResolved(['case.resolved', 'customer.vip', 'ticket.solved', 'ticket.solved', '(eq ticket.status "closed")', 'case.resolved', 'ticket.solved']), [
    'ticket.solved',
    'case.resolved',
    '(eq ticket.status "closed")',
  ]);
  assert.deepEqual(guessResolved(['customer.vip']), []);
});

test('the partials folder is where the {{> name}} calls point', () => {
  const paths = ['emails/refund.hbs', 'emails/shipping.hbs', 'shared/bits/footer.hbs', 'shared/bits/sig/short.hbs', 'partials/unused.hbs'];
  assert.equal(detectPartialsFolder(paths, ['footer', 'sig/short', 'footer']), 'shared/bits');
  // Partials with an inner extension (`footer.html.hbs`) are named without it, as the server names them.
  assert.equal(detectPartialsFolder(['views/inc/footer.html.hbs'], ['footer']), 'views/inc');
  // The folder that explains the most distinct names wins.
  assert.equal(detectPartialsFolder(['a/footer.hbs', 'b/footer.hbs', 'b/header.hbs'], ['footer', 'header']), 'b');
});

test('without resolvable calls, a folder called partials is the guess; top-level files never are', () => {
  assert.equal(detectPartialsFolder(['emails/a.hbs', 'templates/partials/x/footer.hbs', 'partials/b.hbs'], ['missing']), 'partials');
  assert.equal(detectPartialsFolder(['emails/a.hbs', 'templates/partials/x/footer.hbs'], []), 'templates/partials');
  assert.equal(detectPartialsFolder(['footer.hbs', 'emails/a.hbs'], ['footer']), undefined);
  assert.equal(detectPartialsFolder(['emails/a.hbs'], []), undefined);
});

test('the partials glob follows the extensions in the folder', () => {
  assert.equal(partialsGlob('partials', ['partials/a.hbs', 'emails/b.handlebars']), 'partials/**/*.hbs');
  assert.equal(partialsGlob('inc', ['inc/a.handlebars', 'inc/deep/b.hbs']), 'inc/**/*.{hbs,handlebars}');
  assert.equal(partialsGlob('inc', ['inc/a.candor']), 'inc/**/*.hbs');
});

test('the guessed config for the e2e first-run fixture names partials/ and ticket.solved', () => {
  const guess = guessConfig([
    { path: 'emails/refund.hbs', text: REFUND },
    { path: 'emails/shipping.hbs', text: SHIPPING },
    { path: 'partials/footer.hbs', text: 'The Acme support team\n' },
  ]);
  assert.deepEqual(guess, { partialsFolder: 'partials', partialsGlob: 'partials/**/*.hbs', resolved: ['ticket.solved'] });
  assert.deepEqual(JSON.parse(configText(guess)), {
    root: true,
    extends: ['candor:recommended'],
    partials: ['partials/**/*.hbs'],
    caseState: { resolved: ['ticket.solved'] },
  });
  assert.match(describeGuess(guess), /partials\/.*ticket\.solved/);
});

test('nothing detected: the config keeps only the basics', () => {
  const guess = guessConfig([{ path: 'a.hbs', text: 'Hello {{name}}' }, { path: 'b.hbs' }]);
  assert.deepEqual(guess, { resolved: [] });
  assert.deepEqual(Object.keys(JSON.parse(configText(guess))), ['root', 'extends']);
  assert.equal(describeGuess(guess), '');
});

test('the written config loads in the server: partials resolve and the guess counts as resolved', () => {
  const files = { 'emails/refund.hbs': REFUND, 'emails/shipping.hbs': SHIPPING, 'partials/footer.hbs': 'The Acme support team\n', 'emails/status.hbs': '{{#if (eq ticket.status  \'closed\')}}x{{/if}}' };
  const guess = guessConfig(Object.entries(files).map(([path, text]) => ({ path, text })));
  const root = tempTree({ ...files, '.candorrc.json': configText(guess) });
  const config = new ConfigResolver({ stopAt: root }).forFile(join(root, 'emails', 'refund.hbs'));
  assert.ok(config.partialFiles.has('footer'), 'the footer partial resolves');
  assert.deepEqual(config.engine.caseState.resolved, ['ticket.solved', '(eq ticket.status "closed")']);
});
