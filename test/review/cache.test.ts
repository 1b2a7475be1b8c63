// `--cache`: a re-run re-lints only what changed (text, partials, config), with the same findings as a fresh run,
// and the cache file is written only when a run changed it: appended to for a few entries, else written whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { findingWith, runCli, tempTree } from '../helpers.ts';
import { write } from './gitRepo.ts';
import { LintCache } from '../../server/src/cli/cache.ts';
import { defaultEngineConfig } from '../../server/src/config/types.ts';
import { LineIndex } from '../../server/src/engine/text.ts';
import type { Finding } from '../../server/src/engine/types.ts';

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

test('a run that changes nothing leaves the cache file as it was; a deleted file leaves the cache at the next run', () => {
  const root = repo();
  const file = join(root, 'node_modules', '.cache', 'candor', 'candor-cache.json');
  cached(root);
  const before = statSync(file);
  const bytes = readFileSync(file);
  const warm = cached(root);
  assert.deepEqual([warm.linted, warm.fromCache], [0, 4]);
  const after = statSync(file);
  assert.deepEqual([after.ino, after.mtimeMs], [before.ino, before.mtimeMs], 'not written again');
  assert.deepEqual(readFileSync(file), bytes);

  unlinkSync(join(root, 'refunds', 'two.hbs'));
  const entries = () => [...fileEntries(file).keys()].map((path) => path.slice(root.length + 1)).sort();
  assert.ok(entries().includes('refunds/two.hbs'));
  // Checking one folder: the other folders' entries stay, the deleted file's goes.
  const one = runCli(['check', '-f', 'json', '--cache', 'refunds'], { cwd: root, env: { CANDOR_DEBUG: 'cache' } });
  assert.match(one.stderr, /cache: 0 linted, 1 from cache/);
  assert.deepEqual(entries(), ['outages/down.hbs', 'partials/signature.hbs', 'refunds/one.hbs']);
});

/**
 * The entries a cache file holds, read as the format says: a hash line, the JSON document, then journal records
 * (`<hash> <JSON>`), each continuing the document's string table, applied in order.
 */
function fileEntries(file: string): Map<string, unknown> {
  const [hash, document, ...records] = readFileSync(file, 'latin1').split('\n');
  assert.equal(records.pop(), '', 'the file ends with a line break');
  const doc = JSON.parse(document!) as { strings: string[]; entries: Record<string, unknown> };
  assert.equal(hash, createHash('sha256').update(document!).digest('hex'));
  const entries = new Map(Object.entries(doc.entries));
  let strings = doc.strings.length;
  for (const line of records) {
    assert.equal(line.slice(0, 64), createHash('sha256').update(line.slice(65)).digest('hex'));
    const record = JSON.parse(line.slice(65)) as { document: string; from: number; strings: string[]; entries: Record<string, unknown> };
    assert.deepEqual([record.document, record.from], [hash, strings]);
    strings += record.strings.length;
    for (const [path, entry] of Object.entries(record.entries)) {
      if (entry) entries.set(path, entry);
      else entries.delete(path);
    }
  }
  return entries;
}

test('a run that changed a few entries appends them to the file; the file is written whole once the records grow', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) files[`replies/r${i}.hbs`] = `---\ncase: resolved\n---\nReply ${i}: your refund arrives soon. Have a great day!\n`;
  const root = tempTree(files);
  const file = join(root, 'node_modules', '.cache', 'candor', 'candor-cache.json');
  assert.equal(cached(root).linted, 40);
  const whole = readFileSync(file);
  assert.equal(whole.toString('latin1').split('\n').length, 3, 'a hash line, the document and the final line break');

  // One edit, one deletion: one record after the document, which stays as it was.
  write(root, 'replies/r1.hbs', '---\ncase: resolved\n---\nReply 1, edited: “your refund” arrives within 3 days.\n');
  unlinkSync(join(root, 'replies', 'r2.hbs'));
  const edited = cached(root);
  assert.deepEqual([edited.linted, edited.fromCache], [1, 38]);
  assert.equal(edited.report, fresh(root));
  const appended = readFileSync(file);
  assert.deepEqual(appended.subarray(0, whole.length), whole);
  assert.equal(appended.toString('latin1').split('\n').length, 4);
  assert.ok(!fileEntries(file).has(join(root, 'replies', 'r2.hbs')));
  const warm = cached(root);
  assert.deepEqual([warm.linted, warm.fromCache], [0, 39]);
  assert.equal(warm.report, edited.report);
  assert.deepEqual(readFileSync(file), appended, 'a run that changes nothing appends nothing');

  // Records add up until they pass a quarter of the document's size: then the file is one document again.
  let lines = 4;
  for (let round = 0; lines > 2; round++) {
    assert.ok(round < 40, 'the file is written whole at last');
    write(root, `replies/r${3 + round}.hbs`, `---\ncase: resolved\n---\nReply ${round}, edited again: your refund arrives within ${round + 2} days.\n`);
    assert.equal(cached(root).linted, 1);
    lines = readFileSync(file, 'latin1').split('\n').length - 1;
  }
  assert.ok(readFileSync(file).length < whole.length * 1.25);
  assert.equal(cached(root).report, fresh(root));
});

test('a cut-off record, or one written after another run changed the file, is not used; the next save writes the file whole', () => {
  const text = 'We will fix it soon.\n';
  // The templates exist: saving drops the entries of files that do not.
  const dir = tempTree(Object.fromEntries([...Array.from({ length: 30 }, (_, i) => `t${i}.hbs`), 'other.hbs'].map((name) => [name, text])));
  const file = join(dir, 'cache.json');
  const record = (path: string) => ({ path, config: defaultEngineConfig, directives: [], lines: new LineIndex(text), fileState: 'unknown' as const, commitments: [] });
  const finding = (message: string): Finding => findingWith({ message, range: [15, 19] });
  const host = { resolvePartial: () => undefined };
  const paths = Array.from({ length: 30 }, (_, i) => join(dir, `t${i}.hbs`));
  const first = new LintCache(file, '9.9.9');
  for (const path of paths) first.store(path, text, defaultEngineConfig, [], [finding('base')], record(path), true);
  first.save();
  const document = readFileSync(file, 'latin1');

  // Two runs read the same file; each stores a finding with a message new to the table, at the same index.
  const a = new LintCache(file, '9.9.9');
  const b = new LintCache(file, '9.9.9');
  a.store(paths[0]!, text, defaultEngineConfig, [], [finding('from run a')], record(paths[0]!), true);
  b.store(paths[1]!, text, defaultEngineConfig, [], [finding('from run b')], record(paths[1]!), true);
  a.save();
  b.save();
  assert.equal(readFileSync(file, 'latin1').split('\n').length, 5, 'both appended');
  const reader = new LintCache(file, '9.9.9');
  assert.equal(reader.lookup(paths[0]!, text, defaultEngineConfig, host)?.findings[0]?.message, 'from run a');
  assert.equal(reader.lookup(paths[1]!, text, defaultEngineConfig, host)?.findings[0]?.message, 'base', "b's record continues a table it no longer matches");
  reader.save();
  assert.equal(readFileSync(file, 'latin1').split('\n').length, 3, 'written whole, without the unusable record');
  assert.equal(new LintCache(file, '9.9.9').lookup(paths[0]!, text, defaultEngineConfig, host)?.findings[0]?.message, 'from run a');

  // A record appended to a file another run has since replaced (same table length, another document) is not used.
  writeFileSync(file, document);
  const stale = new LintCache(file, '9.9.9');
  stale.store(paths[2]!, text, defaultEngineConfig, [], [finding('stale')], record(paths[2]!), true);
  const elsewhere = join(dir, 'replacement.json');
  const replacing = new LintCache(elsewhere, '9.9.9');
  for (const path of [...paths, join(dir, 'other.hbs')]) replacing.store(path, text, defaultEngineConfig, [], [finding('base')], record(path), true);
  replacing.save();
  renameSync(elsewhere, file);
  stale.save();
  const replaced = readFileSync(file, 'latin1').split('\n');
  assert.equal(replaced.length, 4, 'the stale run appended its record');
  assert.equal(JSON.parse(replaced[2]!.slice(65)).from, JSON.parse(replaced[1]!).strings.length, 'at the length of the new table, by chance');
  assert.equal(new LintCache(file, '9.9.9').lookup(paths[2]!, text, defaultEngineConfig, host)?.findings[0]?.message, 'base');

  // A record cut off by a run that stopped while appending: the records before it count, it does not.
  writeFileSync(file, document);
  const one = new LintCache(file, '9.9.9');
  one.store(paths[3]!, text, defaultEngineConfig, [], [finding('kept')], record(paths[3]!), true);
  one.save();
  const two = new LintCache(file, '9.9.9');
  two.store(paths[4]!, text, defaultEngineConfig, [], [finding('cut off')], record(paths[4]!), true);
  two.save();
  const full = readFileSync(file, 'latin1');
  writeFileSync(file, full.slice(0, full.length - 20), 'latin1');
  const afterCut = new LintCache(file, '9.9.9');
  assert.equal(afterCut.lookup(paths[3]!, text, defaultEngineConfig, host)?.findings[0]?.message, 'kept');
  assert.equal(afterCut.lookup(paths[4]!, text, defaultEngineConfig, host)?.findings[0]?.message, 'base');
  afterCut.save();
  assert.equal(readFileSync(file, 'latin1').split('\n').length, 3, 'written whole: nothing is appended after a broken record');
  assert.equal(new LintCache(file, '9.9.9').lookup(paths[3]!, text, defaultEngineConfig, host)?.findings[0]?.message, 'kept');
});

test('a cached finding comes back whole, the file holds each string once, in ASCII, and a damaged file is not used', () => {
  const dir = tempTree({});
  const file = join(dir, 'cache.json');
  const path = join(dir, 'a.hbs');
  const text = 'Hi “there”,\nwe will fix it soon.\n';
  const finding = (message: string, extra: Partial<Finding> = {}): Finding =>
    findingWith({ message, range: [23, 27], conditions: ['nothing says whether the case is resolved', '`customer.isNew` is false'], ...extra });
  const findings = [
    finding('“soon” gives no time the customer can plan around.'),
    finding('“soon” gives no time the customer can plan around.', {
      partialChain: ['signature', 'footer'],
      fix: { description: 'Replace “soon” with “by 5pm”', edits: [{ range: [23, 27], text: 'by 5pm' }] },
      suggestions: [{ description: 'Remove it', edits: [{ range: [22, 27], text: '' }] }],
      related: [{ path: join(dir, 'b.hbs'), range: [1, 2], start: { line: 1, column: 2 }, end: { line: 1, column: 3 }, message: 'Here — too.' }],
      tags: ['unnecessary'],
    }),
  ];
  const record = { path, config: defaultEngineConfig, directives: [], lines: new LineIndex(text), fileState: 'unknown' as const, commitments: [{ topic: 'refund', duration: '3 days', range: [0, 4] as [number, number], excerpt: 'x' }] };
  const reads = [{ name: 'signature', from: path, path: join(dir, 'signature.hbs'), hash: 'abc' }];
  const host = { resolvePartial: () => undefined };
  const writer = new LintCache(file, '9.9.9');
  writer.store(path, text, defaultEngineConfig, [], findings, record, true);
  writer.store(join(dir, 'with-partial.hbs'), text, defaultEngineConfig, reads, findings, { ...record, path: join(dir, 'with-partial.hbs') }, true);
  writer.save();

  const saved = readFileSync(file);
  assert.ok(isAscii(saved), 'the cache file is ASCII');
  const [hash, json] = [saved.subarray(0, 64).toString('latin1'), saved.subarray(65, saved.length - 1).toString('latin1')];
  assert.equal(saved.at(-1), 0x0a, 'the document line ends with a line break');
  assert.equal(hash, createHash('sha256').update(json).digest('hex'), 'the first line is the hash of the rest');
  const doc = JSON.parse(json) as { strings: string[] };
  assert.equal(doc.strings.filter((s) => s === findings[0]!.message).length, 1, 'a message repeated by findings and files is stored once');
  assert.equal(doc.strings.filter((s) => s === findings[0]!.conditions[0]).length, 1);

  const reader = new LintCache(file, '9.9.9');
  const hit = reader.lookup(path, text, defaultEngineConfig, host);
  assert.deepEqual(hit?.findings, findings);
  assert.deepEqual(hit?.record.commitments, record.commitments);
  // Each look-up hands out its own objects.
  hit!.findings[1]!.fix!.edits[0]!.text = 'changed';
  hit!.findings.push(finding('added by the workspace pass'));
  assert.deepEqual(new LintCache(file, '9.9.9').lookup(path, text, defaultEngineConfig, host)?.findings, findings);
  // Another text, version or partial resolution: a miss.
  assert.equal(reader.lookup(path, `${text}!`, defaultEngineConfig, host), undefined);
  assert.equal(new LintCache(file, '9.9.10').lookup(path, text, defaultEngineConfig, host), undefined);
  assert.equal(reader.lookup(join(dir, 'with-partial.hbs'), text, defaultEngineConfig, host), undefined, 'the partial no longer resolves');

  // A damaged or hand-edited file (here an index past the string table, the hash line kept) is not used at all,
  // and the next save writes a whole one again.
  const damaged = JSON.parse(json) as { entries: Record<string, { findings: unknown[][] }> };
  damaged.entries[path]!.findings[0]![2] = 10_000;
  writeFileSync(file, `${hash}\n${JSON.stringify(damaged)}\n`);
  const afterDamage = new LintCache(file, '9.9.9');
  assert.equal(afterDamage.lookup(path, text, defaultEngineConfig, host), undefined);
  writeFileSync(file, json);
  assert.equal(new LintCache(file, '9.9.9').lookup(path, text, defaultEngineConfig, host), undefined, 'no hash line');
  afterDamage.save();
  assert.notEqual(readFileSync(file, 'latin1'), json, 'written again');
});
