// The prose builder scans runs and writes its map as pieces into a shared arena: it must build exactly the text,
// the source map and the emptiness the character-at-a-time reference builder builds, on any input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NO_OFFSETS, OffsetArena, ProseBuilder, type ProseText } from '../../server/src/engine/prose/proseText.ts';
import { ReferenceProseBuilder, type ReferenceProse } from './referenceProse.ts';
import { offsetsOf, seededRandom } from '../helpers.ts';

const FRAGMENTS = [
  'Hello', 'we will', ' ', '  ', '\n', '\r\n', '\r', '\n\n', '\t', '\f', '\v', '\u00A0', '\u2028', '\u2029', '\u2003', '\uFEFF', 'we’ll', '‘', '“quoted”',
  '\u201B', '\u02BC', '\u2032', '\u201F', '<p>', '</p>', '<b>', '</b>', '<br/>', '<a href="', '">', '<', '>', '< p>', '<!-- c -->', '<script>', 'x<y', '</script>',
  '<style>', '</STYLE>', '<div class="x">', '</DIV >', '<h1>', '<1', '<!doctype html>', '&amp;', '&nbsp;', '&#32;', '&#160;', '&#x1F600;', '&#8195;', '&rsquo;',
  '&foo;', '&', '&#;', '&#1234567;', '&#x110000;', '&lt;p&gt;', '&hellip;', '&AMP;', '&#X27;', '\\', '\\{{x}}', '🎉', 'é', '\0', '.', 'a', 'B9',
];
const MUSTACHES = ['{{name}}', '{{eta}}', '{{next_update_at}}', '{{{raw}}}'];

type Step = { kind: 'content' | 'placeholder'; from: number; to: number; name: string } | { kind: 'break'; at: number };

function randomInput(random: () => number): { source: string; steps: Step[] } {
  let source = '';
  const steps: Step[] = [];
  const count = 1 + Math.floor(random() * 30);
  for (let k = 0; k < count; k++) {
    const r = random();
    if (r < 0.12) {
      const m = MUSTACHES[Math.floor(random() * MUSTACHES.length)]!;
      steps.push({ kind: 'placeholder', from: source.length, to: source.length + m.length, name: m.replace(/[{}]/g, '') });
      source += m;
    } else if (r < 0.15) steps.push({ kind: 'break', at: source.length });
    else {
      // Content statements of several fragments, cut anywhere (also inside a CRLF, an entity or a tag).
      let text = '';
      const parts = 1 + Math.floor(random() * 6);
      for (let p = 0; p < parts; p++) text += FRAGMENTS[Math.floor(random() * FRAGMENTS.length)]!;
      const last = steps.at(-1);
      if (last && last.kind === 'content' && last.to === source.length && random() < 0.3) last.to += text.length;
      else if (random() < 0.3) {
        // Two statements cut at any character, as a mustache between them would cut them.
        const cut = source.length + Math.floor(random() * (text.length + 1));
        steps.push({ kind: 'content', from: source.length, to: cut, name: '' }, { kind: 'content', from: cut, to: source.length + text.length, name: '' });
      } else steps.push({ kind: 'content', from: source.length, to: source.length + text.length, name: '' });
      source += text;
    }
  }
  return { source, steps };
}

function run(builder: ProseBuilder | ReferenceProseBuilder, source: string, steps: Step[]): void {
  for (const step of steps) {
    if (step.kind === 'break') builder.paragraphBreak(step.at);
    else if (step.kind === 'placeholder') builder.addPlaceholder(step.name, step.from, step.to);
    else builder.addContent(source, step.from, step.to);
  }
}

const plain = (p: ProseText) => ({ text: p.text, length: p.offsets.length, ...offsetsOf(p) });
const plainReference = (p: ReferenceProse) => ({ text: p.text, length: p.text.length, starts: Array.from(p.starts), ends: Array.from(p.ends) });

test('the run-scanning builder builds exactly what the reference builder builds', () => {
  const random = seededRandom(20261123);
  // One builder reused for every input, as a model reuses it for every segment.
  const builder = new ProseBuilder();
  for (let n = 0; n < 5000; n++) {
    const { source, steps } = randomInput(random);
    const reference = new ReferenceProseBuilder();
    run(reference, source, steps);
    run(builder, source, steps);
    const label = JSON.stringify(source);
    assert.equal(builder.isEmpty, reference.isEmpty, label);
    assert.deepEqual(plain(builder.finish()), plainReference(reference.finish()), label);
  }
});

test('segments finished into one arena get their own exact views of it', () => {
  const random = seededRandom(7);
  const arena = new OffsetArena(16);
  const builder = new ProseBuilder(arena);
  const expected: Array<ReturnType<typeof plain>> = [];
  const targets: ProseText[] = [];
  for (let n = 0; n < 300; n++) {
    const { source, steps } = randomInput(random);
    const reference = new ReferenceProseBuilder();
    run(reference, source, steps);
    run(builder, source, steps);
    if (builder.isEmpty) {
      builder.discard();
      continue;
    }
    const target: ProseText = { text: '', offsets: NO_OFFSETS };
    builder.finishInto(target);
    targets.push(target);
    expected.push(plainReference(reference.finish()));
  }
  arena.seal();
  assert.ok(targets.length > 100);
  assert.deepEqual(targets.map(plain), expected);
});

test('a map holds a piece per stretch copied unchanged, placeholder, entity or collapsed space, not a number per character', () => {
  const source = 'Hello there, {{name}}.  Your order&rsquo;s on its way:\n\nit ships today.';
  const builder = new ProseBuilder();
  const mustache = source.indexOf('{{');
  const afterMustache = source.indexOf('}}') + 2;
  builder.addContent(source, 0, mustache);
  builder.addPlaceholder('name', mustache, afterMustache);
  builder.addContent(source, afterMustache, source.length);
  const prose = builder.finish();
  assert.equal(prose.text, "Hello there, \uE000. Your order's on its way:\nit ships today.");
  // "Hello there, " · the placeholder · "." · the collapsed double space · "Your order" · the entity ·
  // "s on its way:" · the paragraph break · "it ships today.": nine pieces, however long the words.
  assert.equal(prose.offsets.pieces.length, 9 * 3);
  assert.deepEqual([prose.offsets.start(13), prose.offsets.end(13)], [mustache, afterMustache]);
  const entity = source.indexOf('&rsquo;');
  const quote = prose.text.indexOf("'");
  assert.deepEqual([prose.offsets.start(quote), prose.offsets.end(quote)], [entity, entity + '&rsquo;'.length]);
  const ships = prose.text.indexOf('ships');
  assert.deepEqual([prose.offsets.start(ships), prose.offsets.end(ships + 4)], [source.indexOf('ships'), source.indexOf('ships') + 5]);
});
