// `--cache`: a re-run re-lints only what changed (text, partials, config), with the same findings as a fresh run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempTree } from '../helpers.ts';
import { write } from './gitRepo.ts';

function repo(): string {
  return tempTree({
    '.candorrc.json': JSON.stringify({ partials: ['partials/**/*.hbs'] }),
    'partials/signature.hbs': 'Thanks,\nThe Support Team\n',
    'outages/down.hbs': '---\ncase: unresolved\n---\nOops! The site is down. I will update you by 3pm today.\n{{> signature}}\n',
    'refunds/one.hbs': '---\ncase: resolved\n---\nYour refund arrives within 3 business days.\n',
    'refunds/two.hbs': '---\ncase: resolved\n---\nYour refund arrives within 3 business days.\n',
  });
}

function cached(root: string, args: string[] = []) {
  const run = runCli(['check', '-f', 'json', '--cache', ...args], { cwd: root, env: { CANDOR_DEBUG: 'cache' } });
  const stats = /cache: (\d+) linted, (\d+) from cache/.exec(run.stderr);
  assert.ok(stats, run.stderr);
  return { linted: Number(stats[1]), fromCache: Number(stats[2]), report: normalise(run.stdout), code: run.code };
}

function fresh(root: string): string {
  return normalise(runCli(['check', '-f', 'json'], { cwd: root }).stdout);
}

function normalise(json: string): string {
  return JSON.stringify(JSON.parse(json));
}

test('the second run lints nothing, an edit re-lints one file, a partial edit re-lints its includers', () => {
  const root = repo();
  const first = cached(root);
  assert.deepEqual([first.linted, first.fromCache], [4, 0]);
  assert.ok(existsSync(join(root, 'node_modules', '.cache', 'candor', 'candor-cache.json')));
  assert.equal(first.report, fresh(root));

  const second = cached(root);
  assert.deepEqual([second.linted, second.fromCache], [0, 4]);
  assert.equal(second.report, first.report);

  // Conflicting commitments is workspace-wide: the unchanged file's conflict appears although it comes from cache.
  write(root, 'refunds/two.hbs', '---\ncase: resolved\n---\nYour refund arrives within 10 business days.\n');
  const third = cached(root);
  assert.deepEqual([third.linted, third.fromCache], [1, 3]);
  assert.equal(third.report, fresh(root));
  assert.match(third.report, /conflicting-commitments/);

  write(root, 'partials/signature.hbs', 'Thanks,\nThe Support Team\nHave a great day!\n');
  const fourth = cached(root);
  assert.deepEqual([fourth.linted, fourth.fromCache], [2, 2], 'the partial itself and the template that includes it');
  assert.equal(fourth.report, fresh(root));
  assert.match(fourth.report, /cheerful-sign-off/);
});

test('a config change or a --rule override re-lints everything; --cache-location moves the cache', () => {
  const root = repo();
  cached(root, ['--cache-location', '.candor-cache']);
  assert.ok(existsSync(join(root, '.candor-cache', 'candor-cache.json')));
  assert.deepEqual(cached(root, ['--cache-location', '.candor-cache']).linted, 0);
  const override = cached(root, ['--cache-location', '.candor-cache', '--rule', 'flippant-tone:off']);
  assert.equal(override.linted, 4);
  assert.doesNotMatch(override.report, /flippant-tone/);
  write(root, '.candorrc.json', JSON.stringify({ partials: ['partials/**/*.hbs'], rules: { 'flippant-tone': 'error' } }));
  const config = cached(root, ['--cache-location', '.candor-cache']);
  assert.equal(config.linted, 4);
  assert.equal(config.code, 1);
  assert.equal(config.report, fresh(root));
});
