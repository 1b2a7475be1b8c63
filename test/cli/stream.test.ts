// Reports written in pieces (format/stream.ts) are the text JSON.stringify gives for the whole document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bufferedBytes, chunked, collect, jsonMembers, nestedJson, SLOT, writeJsonWithStreamedArray } from '../../server/src/cli/format/stream.ts';

const ITEMS: unknown[] = [
  { a: 1, b: ['x', 'line\nbreak “quoted”', { c: [] }], d: {} },
  [],
  'text',
  { nested: { deeper: [1, 2, [3, { e: null }]] } },
];

test('nestedJson is the value as it appears at any depth of an indented document', () => {
  for (const item of ITEMS) {
    for (let depth = 0; depth < 5; depth++) {
      const indent = '  '.repeat(depth);
      assert.equal(nestedJson(item, indent), indent + JSON.stringify(item, null, 2).replace(/\n/g, `\n${indent}`));
    }
  }
});

test('a document with a streamed array is written as JSON.stringify writes it, empty or not, at any depth', () => {
  const documents = (items: unknown[]) => [
    { top: items },
    { runs: [{ tool: { name: 'x' }, results: items, after: [1, { y: 2 }] }] },
    items,
  ];
  for (const items of [[], ITEMS.slice(0, 1), ITEMS]) {
    const expected = documents(items).map((doc) => JSON.stringify(doc, null, 2));
    const slotted = documents([SLOT]);
    slotted.forEach((doc, i) => {
      const text = collect((write) => writeJsonWithStreamedArray(write, doc, items, items.length === 0));
      assert.equal(text, expected[i]);
    });
  }
  // Skipped elements (undefined) leave no trace.
  assert.equal(collect((write) => writeJsonWithStreamedArray(write, [SLOT], [undefined, 1, undefined, 2], false)), JSON.stringify([1, 2], null, 2));
});

test('jsonMembers is the inside of an object as it appears at any depth, without undefined members', () => {
  const objects: object[] = [{}, { gone: undefined }, ...ITEMS.filter((item) => typeof item === 'object' && !Array.isArray(item)) as object[], { a: 'x', gone: undefined, b: [1, { c: 'ü\n' }] }];
  for (const object of objects) {
    for (let depth = 0; depth < 4; depth++) {
      const indent = '  '.repeat(depth);
      const members = jsonMembers(object, indent);
      const whole = nestedJson(object, indent);
      // Put back between the braces, the members are the object as nestedJson writes it.
      assert.equal(members ? `${indent}{\n${members}\n${indent}}` : `${indent}{}`, whole);
      if (members) assert.ok(members.startsWith(`${indent}  "`), JSON.stringify(members));
    }
  }
});

test("a streamed array may be written by the caller's own renderer, at the slot's depth", () => {
  const items = [{ n: 1 }, { n: 2 }];
  const depths: string[] = [];
  // In pieces, as a renderer may write an element.
  const render = (item: { n: number }, indent: string, write: (text: string) => void) => {
    depths.push(indent);
    const text = nestedJson(item, indent);
    write(text.slice(0, 3));
    write(text.slice(3));
  };
  const text = collect((write) => writeJsonWithStreamedArray(write, { runs: [{ results: [SLOT] }] }, items, false, render));
  assert.equal(text, JSON.stringify({ runs: [{ results: items }] }, null, 2));
  assert.deepEqual(depths, ['        ', '        ']);
});

test('chunked writes pass every character on, in order, in few pieces', () => {
  const pieces: string[] = [];
  const out = chunked((text) => pieces.push(text), 10);
  const parts = ['abc', '', 'defghij', 'k', 'lmnopqrstuvwxyz', '0'];
  for (const part of parts) out.write(part);
  out.flush();
  assert.equal(pieces.join(''), parts.join(''));
  assert.ok(pieces.length < parts.length);
  assert.ok(pieces.every((piece) => piece.length > 0));
});

test('bufferedBytes writes the UTF-8 of every piece, in order, in few flushes, whatever the pieces hold', () => {
  const flushes: Buffer[] = [];
  // The sink gets a view of the buffer that is reused: it must copy what it keeps.
  const out = bufferedBytes((bytes) => flushes.push(Buffer.from(bytes)), 32);
  const parts = ['abc', '', '“curly”', '🎉 party', 'x'.repeat(11), 'ß'.repeat(20), 'plain ascii here', '\uD83D', 'end'];
  for (const part of parts) out.write(part);
  out.flush();
  assert.deepEqual(Buffer.concat(flushes), Buffer.concat(parts.map((part) => Buffer.from(part, 'utf8'))));
  assert.ok(flushes.length > 1 && flushes.length < parts.length, `${flushes.length} flushes`);
  assert.ok(flushes.every((bytes) => bytes.length > 0));
});

test('bufferedBytes writes a repeated piece as it writes any other, each time, among other pieces', () => {
  const flushes: Buffer[] = [];
  const out = bufferedBytes((bytes) => flushes.push(Buffer.from(bytes)), 32);
  const why = ',\n  "why": “the same text” under every message';
  const pieces: Array<[string, boolean]> = [];
  for (let i = 0; i < 6; i++) pieces.push([`{"n": ${i}`, false], [why, true], [i % 2 ? '' : 'ü}', false], ['🎉'.repeat(i * 3), true]);
  // Longer than the buffer: goes to the sink on its own.
  pieces.push(['long repeated piece '.repeat(4), true], ['long repeated piece '.repeat(4), true]);
  for (const [text, repeated] of pieces) out.write(text, repeated);
  out.flush();
  assert.equal(Buffer.concat(flushes).toString('utf8'), pieces.map(([text]) => text).join(''));
  assert.ok(flushes.every((bytes) => bytes.length > 0));
});
