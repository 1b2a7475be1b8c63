// Odd files through the CLI: each gets one clear message, the rest of the run goes on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigResolver } from '../../server/src/config/load.ts';
import { lintFiles, binaryKind, hasControlByte, readTemplate } from '../../server/src/cli/lintFiles.ts';
import { runCli, tempTree } from '../helpers.ts';

const good = 'Hi {{name}}, we will refund you within 3 business days.\n';
const bad = 'Dear Customer, we value your business.\n';

test('a binary file with a template extension gets one message; the other templates are linted', () => {
  const root = tempTree({ 'ok.hbs': bad });
  writeFileSync(join(root, 'image.hbs'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0, 5, 6, 7, 8]));
  writeFileSync(join(root, 'utf16.hbs'), Buffer.from('\uFEFFHello there', 'utf16le'));
  const { code, stdout } = runCli(['check', '--format', 'json', '.'], { cwd: root });
  const results = JSON.parse(stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string | null; message: string }> }>;
  const byName = (name: string) => results.find((r) => r.filePath.endsWith(name))!;
  assert.equal(byName('image.hbs').messages.length, 1);
  assert.match(byName('image.hbs').messages[0]!.message, /binary file/);
  assert.match(byName('utf16.hbs').messages[0]!.message, /UTF-16/);
  assert.ok(byName('ok.hbs').messages.some((m) => m.ruleId === 'generic-greeting'));
  assert.equal(code, 1);
});

test('binary detection leaves a template with one stray NUL to the engine', () => {
  assert.equal(binaryKind(Buffer.from('Hi\u0000 there, we will call you at 5pm.')), 'text');
  assert.equal(binaryKind(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0])), 'binary');
});

test('binary detection counts NUL and control bytes in the first 8 KB as its rule says, on random samples', () => {
  // The rule written plainly: at least 4 NULs making 1 % of the sample, or at least 8 NUL and control bytes
  // (not tab, line feed, vertical tab, form feed, carriage return or escape; DEL is one) making 10 % of it.
  const reference = (bytes: Uint8Array) => {
    const sample = [...bytes.subarray(0, 8192)];
    const nul = sample.filter((b) => b === 0).length;
    const control = sample.filter((b) => (b > 0 && b < 0x20 && ![9, 10, 11, 12, 13, 27].includes(b)) || b === 0x7f).length;
    return (nul >= 4 && nul * 100 >= sample.length) || (nul + control >= 8 && (nul + control) * 10 >= sample.length) ? 'binary' : 'text';
  };
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / (1 << 24);
  let binary = 0;
  for (let round = 0; round < 400; round++) {
    const length = Math.floor(random() * 12_000);
    const odd = random() * 0.3;
    const bytes = new Uint8Array(length);
    for (let i = 0; i < length; i++) bytes[i] = random() < odd ? Math.floor(random() * 33) + (random() < 0.1 ? 95 : 0) : 32 + Math.floor(random() * 95);
    if (bytes.length >= 2 && bytes[0] === 0xff) bytes[0] = 0x41;
    const kind = reference(bytes);
    if (kind === 'binary') binary++;
    assert.equal(binaryKind(bytes), kind, `round ${round}`);
  }
  assert.ok(binary > 20 && binary < 380, `${binary} of 400 samples binary: both answers are exercised`);
});

test('the four-bytes-at-a-time scan finds a NUL or control byte exactly where a byte-by-byte one does', () => {
  // Every byte value at every position of a word and every alignment, then random buffers (mostly text, some bytes
  // of 0x80 and above, which the word test may flag, and rare control bytes), each read from every offset.
  const control = (b: number) => (b < 0x20 && ![9, 10, 11, 12, 13, 27].includes(b)) || b === 0x7f;
  const reference = (bytes: Uint8Array) => bytes.some(control);
  const buffer = new Uint8Array(64);
  for (let value = 0; value < 256; value++) {
    for (let at = 0; at < 12; at++) {
      buffer.fill(0x61);
      buffer[at] = value;
      for (let offset = 0; offset < 4; offset++) {
        for (const length of [0, 1, 3, 4, 5, 8, 13]) {
          const view = buffer.subarray(offset, offset + length);
          assert.equal(hasControlByte(view), reference(view), `byte ${value} at ${at}, view ${offset}+${length}`);
        }
      }
    }
  }
  let seed = 5;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / (1 << 24);
  let found = 0;
  for (let round = 0; round < 3000; round++) {
    const length = Math.floor(random() * 200);
    const bytes = new Uint8Array(length + 4);
    const rare = random() * 0.02;
    for (let i = 0; i < bytes.length; i++) {
      const r = random();
      bytes[i] = r < rare ? Math.floor(random() * 0x20) : r < 0.1 ? 0x80 + Math.floor(random() * 0x80) : r < 0.15 ? [9, 10, 13, 27, 0x7f][Math.floor(random() * 5)]! : 0x20 + Math.floor(random() * 0x5f);
    }
    const offset = Math.floor(random() * 4);
    const view = bytes.subarray(offset, offset + length);
    const expected = reference(view);
    if (expected) found++;
    assert.equal(hasControlByte(view), expected, `round ${round}`);
  }
  assert.ok(found > 300 && found < 2700, `${found} of 3000 buffers hold a control byte: both answers are exercised`);
});

test('readTemplate skips exactly the files binary detection calls binary or UTF-16, and reads the rest', () => {
  // readTemplate asks the decoded text first and counts bytes only for a text with a NUL or control character:
  // on random files (ASCII and multi-byte UTF-8, odd bytes anywhere, UTF-16 marks with and without NULs) its
  // answer must be binaryKind's.
  let seed = 11;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / (1 << 24);
  const root = tempTree({});
  const answers = new Set<string>();
  for (let round = 0; round < 150; round++) {
    const parts: Buffer[] = [];
    if (random() < 0.1) parts.push(Buffer.from(random() < 0.5 ? [0xff, 0xfe] : [0xfe, 0xff]));
    const odd = random() < 0.5 ? 0 : random() * 0.3;
    const length = Math.floor(random() * 3_000);
    for (let i = 0; i < length; i++) {
      const r = random();
      if (r < odd) parts.push(Buffer.from([Math.floor(random() * 32)]));
      else if (r < odd + 0.05) parts.push(Buffer.from(random() < 0.5 ? 'é' : '“', 'utf8'));
      else if (r < odd + 0.06) parts.push(Buffer.from([0x7f]));
      else parts.push(Buffer.from([32 + Math.floor(random() * 95)]));
    }
    const bytes = Buffer.concat(parts);
    const file = join(root, `f${round}.hbs`);
    writeFileSync(file, bytes);
    const kind = binaryKind(bytes);
    const read = readTemplate(file);
    answers.add(kind);
    if (kind === 'text') assert.deepEqual(read, { text: bytes.toString('utf8') }, `round ${round}`);
    else assert.match((read as { problem: string }).problem, kind === 'utf16' ? /UTF-16/ : /binary file/, `round ${round}`);
  }
  assert.deepEqual([...answers].sort(), ['binary', 'text', 'utf16'], 'every answer is exercised');
});

test("readTemplate reads every file whole, whatever its size, and one file's bytes never leak into the next", () => {
  // Sizes around the reader's reused buffer (64 KB at first, kept up to 1 MB): empty, small, just over, and larger
  // than the buffer is ever kept at, then small again after a large one.
  const line = (i: number) => `Line ${i}: your refund of {{order.total}} is on its way — ünïcödé “quotes” too.\n`;
  const sized = (n: number) => {
    let text = '';
    for (let i = 0; text.length < n; i++) text += line(i);
    return text;
  };
  const files: Record<string, string> = {
    'empty.hbs': '',
    'small.hbs': good,
    'over-64k.hbs': sized(70_000),
    'exact.hbs': 'x'.repeat(65_536),
    'large.hbs': sized(2_500_000),
    'small-after.hbs': bad,
  };
  const root = tempTree(files);
  for (const [name, text] of Object.entries(files)) assert.deepEqual(readTemplate(join(root, name)), { text }, name);
  assert.deepEqual(readTemplate(join(root, 'small.hbs')), { text: good });
  assert.match((readTemplate(join(root, 'missing.hbs')) as { problem: string }).problem, /ENOENT/);
  assert.match((readTemplate(root) as { problem: string }).problem, /EISDIR/);
});

test('symlink loops, a directory named like a template and a path given twice', () => {
  const root = tempTree({ 'ok.hbs': good, 'x.hbs/inner.hbs': bad });
  symlinkSync(root, join(root, 'loop'));
  symlinkSync(join(root, 'self'), join(root, 'self'));
  const { code, stdout, stderr } = runCli(['check', '--format', 'json', '.', 'ok.hbs', './ok.hbs', 'self'], { cwd: root });
  const results = JSON.parse(stdout) as Array<{ filePath: string }>;
  const names = results.map((r) => r.filePath.slice(root.length + 1)).sort();
  assert.deepEqual(names, ['ok.hbs', 'x.hbs/inner.hbs'], 'each file once; the loop is not followed forever');
  assert.match(stderr, /self: Symbolic link loop/);
  assert.equal(code, 0, 'only warnings: the odd paths do not fail the run');
});

test('one folder whose links reach a template twice: each file is linted once, under its first path', () => {
  const root = tempTree({ 'a.hbs': bad, 'sub/c.hbs': good });
  symlinkSync(join(root, 'a.hbs'), join(root, 'b.hbs'));
  symlinkSync(join(root, 'sub'), join(root, 'mirror'));
  symlinkSync(join(root, 'sub', 'c.hbs'), join(root, 'sub', 'd.hbs'));
  const { stdout } = runCli(['check', '--format', 'json', '.'], { cwd: root });
  const names = (JSON.parse(stdout) as Array<{ filePath: string }>).map((r) => r.filePath.slice(root.length + 1)).sort();
  assert.deepEqual(names, ['a.hbs', 'sub/c.hbs']);
});

test('an unreadable file gets a message and the run goes on', (t) => {
  if (process.getuid?.() === 0) {
    t.skip('running as root: chmod 000 does not stop root from reading, so this case cannot be produced');
    return;
  }
  const root = tempTree({ 'ok.hbs': good, 'secret.hbs': bad });
  chmodSync(join(root, 'secret.hbs'), 0o000);
  const { stdout } = runCli(['check', '--format', 'json', '.'], { cwd: root });
  const results = JSON.parse(stdout) as Array<{ filePath: string; messages: Array<{ message: string }> }>;
  assert.match(results.find((r) => r.filePath.endsWith('secret.hbs'))!.messages[0]!.message, /permission denied/);
});

test('a file deleted between discovery and reading gets a message; the others are linted', () => {
  const root = tempTree({ 'a.hbs': bad, 'b.hbs': good });
  const files = [join(root, 'a.hbs'), join(root, 'b.hbs'), join(root, 'gone.hbs')];
  const results = lintFiles(files, new ConfigResolver({}));
  assert.match(results[2]!.fatal ?? '', /deleted or moved/);
  assert.ok(results[0]!.findings.some((f) => f.ruleId === 'generic-greeting'));
  mkdirSync(join(root, 'dir.hbs'));
  assert.match(lintFiles([join(root, 'dir.hbs')], new ConfigResolver({}))[0]!.fatal ?? '', /directory/);
  rmSync(root, { recursive: true, force: true });
});

test('nothing to lint exits 2 with a message', () => {
  const root = tempTree({ 'readme.txt': 'hi' });
  const { code, stderr } = runCli(['check', 'missing.hbs'], { cwd: root });
  assert.equal(code, 2);
  assert.match(stderr, /missing\.hbs: No such file/);
});

test('when no file could be linted at all the run exits 2, and --fix leaves binary files alone', () => {
  const root = tempTree({});
  const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0, 5, 6, 7, 8]);
  writeFileSync(join(root, 'image.hbs'), bytes);
  const { code, stderr } = runCli(['check', '--fix', '.'], { cwd: root });
  assert.equal(code, 2);
  assert.match(stderr, /none of the files could be linted/);
  assert.deepEqual(readFileSync(join(root, 'image.hbs')), bytes);
});

test('hostile templates through the CLI: no crash, no stack trace', () => {
  const root = tempTree({
    'deep.hbs': '{{#if a}}'.repeat(10_000) + 'x' + '{{/if}}'.repeat(10_000),
    'nul.hbs': 'Hi\u0000 there, we value your business.',
    'bom.hbs': '\uFEFFDear Customer,\r\nthanks.',
    'fm.hbs': '---\ncase: [\nHello',
    'raw.hbs': '{{{{raw}}}}{{#if}}{{{{/raw}}}}',
  });
  const { code, stdout, stderr } = runCli(['check', '--format', 'json', '.'], { cwd: root });
  assert.doesNotMatch(stderr, /internal error|at .*\.js:\d+/);
  const results = JSON.parse(stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; message: string }> }>;
  assert.equal(results.length, 5);
  assert.match(results.find((r) => r.filePath.endsWith('deep.hbs'))!.messages[0]!.message, /nested too deeply/);
  assert.ok(results.find((r) => r.filePath.endsWith('nul.hbs'))!.messages.some((m) => /NUL character/.test(m.message)));
  assert.equal(code, 1);
});
