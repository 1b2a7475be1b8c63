// Builds the normalised text that phrase patterns read, with an exact map from every character back to source.
// Whitespace runs collapse to one space (a blank line becomes "\n", a paragraph break), curly quotes become
// straight, HTML tags vanish (block tags break paragraphs), entities decode, and each placeholder becomes one
// private-use character so patterns can match across it.
import { detached } from '../text.ts';

/** Stands for any `{{placeholder}}` in prose. */
export const PLACEHOLDER = '\uE000';
/** Stands for a placeholder whose name says it holds a time or date (`{{eta}}`, `{{next_update_at}}`). */
export const TIME_PLACEHOLDER = '\uE001';

const TIME_NAME = /(?:date|time|eta|deadline|until|hours?|days?|minutes?|weeks?|when|window|sla|schedule|expected|_at$|At$|_by$|By$)/i;

const BLOCK_TAGS = new Set(['p', 'br', 'div', 'li', 'ul', 'ol', 'tr', 'td', 'th', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'section', 'article', 'header', 'footer', 'blockquote', 'pre']);

const ENTITIES: Record<string, string> = {
  nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", rsquo: "'", lsquo: "'", rdquo: '"', ldquo: '"',
  mdash: '—', ndash: '–', hellip: '…', copy: '©', reg: '®', trade: '™', euro: '€', pound: '£',
};

const QUOTES: Record<string, string> = { '\u2018': "'", '\u2019': "'", '\u201B': "'", '\u02BC': "'", '\u2032': "'", '\u201C': '"', '\u201D': '"', '\u201F': '"', '\u00A0': ' ' };

export interface ProseText {
  text: string;
  /** Where each character of `text` comes from in the source. */
  offsets: OffsetMap;
}

/** The third number of a piece that maps its characters one to one onto consecutive source characters. */
const RUN = -1;

/**
 * Where each character of a segment's text comes from in its source, as pieces: most of a segment is copied
 * from the source unchanged, so it is a few runs that map one to one (with a piece for each placeholder,
 * entity and collapsed whitespace between them), not two numbers per character. Each piece is three numbers in
 * `pieces`: the index in the text where it begins, the source offset of its first character, and either `RUN`
 * (character k of the piece is source character first + k) or the source offset where every one of its
 * characters ends (they all stand for the whole of first..end: a placeholder, an entity, a run of whitespace).
 */
export class OffsetMap {
  constructor(
    /** Pieces in text order, three numbers each. */
    readonly pieces: Int32Array,
    /** How many characters the map covers. */
    readonly length: number,
  ) {}

  /** Source offset where character `i` of the text starts. */
  start(i: number): number {
    const at = this.pieceOf(i);
    const pieces = this.pieces;
    return pieces[at + 2] === RUN ? pieces[at + 1]! + i - pieces[at]! : pieces[at + 1]!;
  }

  /** Source offset where character `i` of the text ends. */
  end(i: number): number {
    const at = this.pieceOf(i);
    const pieces = this.pieces;
    const last = pieces[at + 2]!;
    return last === RUN ? pieces[at + 1]! + i - pieces[at]! + 1 : last;
  }

  /** Index in `pieces` of the piece holding character `i`: the last one beginning at or before it. */
  private pieceOf(i: number): number {
    const pieces = this.pieces;
    let lo = 0;
    let hi = pieces.length / 3 - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (pieces[3 * mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return 3 * lo;
  }
}

export const NO_OFFSETS = new OffsetMap(new Int32Array(0), 0);

export function isTimePlaceholderName(name: string): boolean {
  let known = timeNames.get(name);
  if (known === undefined) {
    if (timeNames.size >= 4096) timeNames.clear();
    // Kept detached: a name is a slice of its template's text, which the map would otherwise keep alive.
    timeNames.set(detached(name), (known = TIME_NAME.test(name)));
  }
  return known;
}

/**
 * `TIME_NAME`'s answers by placeholder name: a repository's templates use the same few dozen names over and over,
 * and the expression (an alternation tried at every position of the name) cost more than looking the name up.
 */
const timeNames = new Map<string, boolean>();

/** Whether a UTF-16 code unit is one the builder copies as it is (everything but tags, entities, whitespace, quotes, `\\`). */
function isPlain(c: number): boolean {
  if (c < 0x80) return PLAIN_ASCII[c] === 1;
  return c !== 0x00a0 && c !== 0x02bc && (c < 0x2018 || c > 0x2032 || (c !== 0x2018 && c !== 0x2019 && c !== 0x201b && c !== 0x201c && c !== 0x201d && c !== 0x201f && c !== 0x2028 && c !== 0x2029 && c !== 0x2032));
}
const PLAIN_ASCII = new Uint8Array(128).fill(1);
for (const c of '<&\r\n \t\f\v\\') PLAIN_ASCII[c.charCodeAt(0)] = 0;
/**
 * Sticky: characters `isPlain` accepts other than `{`, with single spaces between them (a space followed by such a
 * character). The same sets: `PLAIN_ASCII` and `isPlain`'s list above.
 */
const PLAIN_RUN = /(?:[^<&\r\n \t\f\v\\{\u00A0\u02BC\u2018\u2019\u201B\u201C\u201D\u201F\u2028\u2029\u2032]| (?=[^<&\r\n \t\f\v\\{\u00A0\u02BC\u2018\u2019\u201B\u201C\u201D\u201F\u2028\u2029\u2032]))*/y;
const TAG_NAME_START = /[A-Za-z0-9/!]/;
const TAG_NAME_CHAR = /[A-Za-z0-9]/;
const TAG_OPENER = /[A-Za-z/!]/;
const NON_SPACE = /\S/;
/** Sticky: tried at an `&`. Every match is at most 10 characters long and ends at its only `;`. */
const ENTITY = /&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/iy;

/** A working array kept for the next arena, up to this many numbers (4 MB). */
const MAX_SPARE = 1 << 20;
let spareArray: Int32Array | undefined;

/**
 * The maps of every segment of one model, in one growing `Int32Array` of pieces shared by all of them (each
 * segment's map gets a view when the arena is sealed): builders write pieces straight into it.
 */
export class OffsetArena {
  pieces: Int32Array;
  /** Numbers written so far (three per piece). */
  length = 0;
  private targets: ProseText[] = [];
  private ranges: number[] = [];

  constructor(capacity = 192) {
    // Models are built one after another: reuse the working array of the last sealed arena (one arena at a time
    // takes it; any other allocates its own), so a model allocates only its exact-size array.
    const spare = spareArray;
    spareArray = undefined;
    this.pieces = spare && spare.length >= capacity ? spare : new Int32Array(capacity);
  }

  /**
   * Maps text characters `at`..`at + (to - from)` one to one onto source `from`..`to`. `base` is where the
   * segment's pieces begin: a run that continues the segment's last piece extends it.
   */
  pushRun(base: number, at: number, from: number, to: number): void {
    if (to <= from) return;
    const n = this.length;
    if (n > base) {
      const pieces = this.pieces;
      if (pieces[n - 1] === RUN && pieces[n - 2]! + at - pieces[n - 3]! === from) return;
    }
    this.write(at, from, RUN);
  }

  /** Maps text character `at` onto the whole of source `from`..`to`. */
  push(base: number, at: number, from: number, to: number): void {
    if (to === from + 1) return this.pushRun(base, at, from, to);
    const n = this.length;
    // The next character of a placeholder or entity that decodes to two code units: the same piece.
    if (n > base && this.pieces[n - 1] === to && this.pieces[n - 2] === from) return;
    this.write(at, from, to);
  }

  private write(at: number, from: number, last: number): void {
    if (this.length + 3 > this.pieces.length) {
      const grown = new Int32Array(Math.max(192, this.pieces.length * 2));
      grown.set(this.pieces.subarray(0, this.length));
      this.pieces = grown;
    }
    const pieces = this.pieces;
    pieces[this.length] = at;
    pieces[this.length + 1] = from;
    pieces[this.length + 2] = last;
    this.length += 3;
  }

  /** `prose` gets pieces `from`..`to` (and `chars` characters) as its map when the arena is sealed. */
  add(prose: ProseText, from: number, to: number, chars: number): void {
    this.targets.push(prose);
    this.ranges.push(from, to, chars);
  }

  /**
   * Copies the pieces into one buffer of the exact size (no spare capacity kept alive) and hands out views
   * of it.
   */
  seal(): void {
    const all = this.pieces.slice(0, this.length);
    const buffer = all.buffer;
    for (let i = 0; i < this.targets.length; i++) {
      const from = this.ranges[3 * i]!;
      const to = this.ranges[3 * i + 1]!;
      this.targets[i]!.offsets = new OffsetMap(new Int32Array(buffer, 4 * from, to - from), this.ranges[3 * i + 2]!);
    }
    if (this.pieces.length <= MAX_SPARE) spareArray = this.pieces;
    this.pieces = NO_OFFSETS.pieces;
    this.length = 0;
    this.targets = [];
    this.ranges = [];
  }
}

/**
 * Accumulates content and placeholders of one run of prose, writing its source map into an arena. One builder
 * serves a whole model: `finishInto` or `discard` ends a segment and starts the next. Text that is copied from
 * the source unchanged (words and the single spaces between them) is kept as one pending slice, so a segment
 * is usually a few slices of the source joined once, or a single slice.
 */
export class ProseBuilder {
  private readonly arena: OffsetArena;
  /** Arena index where this segment's map starts. */
  private base: number;
  private chunks: string[] = [];
  /** The pending slice of source copied unchanged, `runFrom`..`runTo` of `runSource`. */
  private runSource: string | undefined;
  private runFrom = 0;
  private runTo = 0;
  private length = 0;
  /** Whether a character other than whitespace was emitted (`isEmpty` is `text.trim() === ''`). */
  private visible = false;
  private pendingSpaceStart = -1;
  private pendingSpaceEnd = -1;
  private pendingNewlines = 0;
  /** The pending space is one `' '` of this source, which the output copies unchanged (or undefined). */
  private pendingSpaceSource: string | undefined;
  private inTag = false;
  private tagNameEnded = false;
  private rawTextTag: string | undefined;
  private tagStart = -1;
  private tagName = '';

  constructor(arena: OffsetArena = new OffsetArena()) {
    this.arena = arena;
    this.base = arena.length;
  }

  get isEmpty(): boolean {
    return !this.visible;
  }

  /** Appends source text `source.slice(from, to)`. */
  addContent(source: string, from: number, to: number): void {
    let i = from;
    while (i < to) {
      if (this.inTag) {
        // Once the name has ended, nothing changes until `>`: skip there.
        if (this.tagNameEnded) {
          const close = source.indexOf('>', i);
          if (close < 0 || close >= to) return;
          this.closeTag(close + 1);
          i = close + 1;
          continue;
        }
        const ch = source[i]!;
        if (this.tagName === '') {
          if (TAG_NAME_START.test(ch)) this.tagName = ch;
        } else if (TAG_NAME_CHAR.test(ch)) this.tagName += ch;
        else this.tagNameEnded = true;
        if (ch === '>') this.closeTag(i + 1);
        i++;
        continue;
      }
      if (this.rawTextTag) {
        const lt = source.indexOf('<', i);
        if (lt < 0 || lt >= to) return;
        if (source.slice(lt + 1, lt + 2 + this.rawTextTag.length).toLowerCase() === '/' + this.rawTextTag) {
          this.rawTextTag = undefined;
          this.openTag(lt);
        }
        i = lt + 1;
        continue;
      }
      const c = source.charCodeAt(i);
      if (isPlain(c)) {
        // A single space between two characters copied as they are is copied as it is too (it maps one to one
        // and collapses with nothing), so a run goes on across the words of a sentence.
        // Found by an expression (native code; this reads almost every character of every template): it stops
        // at `{` too, so it does not run on past a mustache, and a run it cuts there goes on as the same run.
        PLAIN_RUN.lastIndex = i + 1;
        PLAIN_RUN.test(source);
        let j = PLAIN_RUN.lastIndex;
        if (j > to) {
          // A space the run took for the character after it, which is past the end: not part of this run.
          j = to;
          if (source.charCodeAt(j - 1) === 0x20) j--;
        }
        this.flushSpace();
        this.copy(source, i, j);
        // Unicode spaces other than the ones collapsed here (U+2003, U+FEFF…) are copied but do not count as text.
        if (!this.visible && (c < 0x80 || NON_SPACE.test(source.slice(i, j)))) this.visible = true;
        i = j;
        continue;
      }
      switch (c) {
        case 0x3c: // <
          if (TAG_OPENER.test(source[i + 1] ?? '')) {
            this.openTag(i);
            i++;
            continue;
          }
          break;
        case 0x26: {
          // &
          ENTITY.lastIndex = i;
          const entity = ENTITY.exec(source);
          if (entity && ENTITY.lastIndex <= to) {
            const value = decodeEntity(entity[1]!);
            if (value !== undefined) {
              const end = ENTITY.lastIndex;
              if (value === ' ') this.space(i, end, 0, undefined);
              else this.emit(QUOTES[value] ?? value, i, end);
              i = end;
              continue;
            }
          }
          break;
        }
        case 0x0d: // \r
        case 0x0a: // \n
        case 0x20: // space
        case 0x09: // \t
        case 0x0c: // \f
        case 0x0b: // \v
        case 0x00a0:
        case 0x2028:
        case 0x2029: {
          // A run of whitespace is one pending space; a `\r\n` counts as one line break (and may end past `to`).
          let j = i;
          let newlines = 0;
          while (j < to) {
            const d = source.charCodeAt(j);
            if (d === 0x0d) {
              newlines++;
              j += source.charCodeAt(j + 1) === 0x0a ? 2 : 1;
            } else if (d === 0x0a) {
              newlines++;
              j++;
            } else if (d === 0x20 || d === 0x09 || d === 0x0c || d === 0x0b || d === 0x00a0 || d === 0x2028 || d === 0x2029) j++;
            else break;
          }
          this.space(i, j, newlines, j === i + 1 && c === 0x20 ? source : undefined);
          i = j;
          continue;
        }
        case 0x5c: // \
          // Handlebars' escape `\{{` reads as literal braces.
          if (source.startsWith('{{', i + 1)) {
            i++;
            continue;
          }
          break;
        default: {
          // A curly quote or a prime: the straight quote it stands for.
          this.emit(QUOTES[source[i]!]!, i, i + 1);
          i++;
          continue;
        }
      }
      // `<` that opens no tag, `&` that starts no entity, `\` that escapes nothing: copied as they are.
      this.flushSpace();
      this.copy(source, i, i + 1);
      this.visible = true;
      i++;
    }
  }

  /** Appends a placeholder standing for the mustache at `from`..`to`. */
  addPlaceholder(name: string, from: number, to: number): void {
    if (this.inTag || this.rawTextTag) return;
    this.emit(isTimePlaceholderName(name) ? TIME_PLACEHOLDER : PLACEHOLDER, from, to);
  }

  /** Ends the current paragraph (used where a block boundary separates prose). */
  paragraphBreak(at: number): void {
    this.space(at, at, 2, undefined);
  }

  /** The text and map built so far, the map with an array of its own; the builder starts over. */
  finish(): ProseText {
    const text = this.builtText();
    const offsets = new OffsetMap(this.arena.pieces.slice(this.base, this.arena.length), this.length);
    this.arena.length = this.base;
    this.reset();
    return { text, offsets };
  }

  /**
   * Sets `target.text`; its map arrives as a view of the arena's shared array when the arena is sealed.
   * The builder starts over for the next segment.
   */
  finishInto(target: ProseText): void {
    target.text = this.builtText();
    this.arena.add(target, this.base, this.arena.length, this.length);
    this.reset();
  }

  /** Drops what was built (a segment with no visible text) and starts over. */
  discard(): void {
    this.arena.length = this.base;
    this.reset();
  }

  private reset(): void {
    this.base = this.arena.length;
    this.chunks.length = 0;
    this.runSource = undefined;
    this.length = 0;
    this.visible = false;
    this.pendingSpaceStart = -1;
    this.pendingSpaceEnd = -1;
    this.pendingNewlines = 0;
    this.pendingSpaceSource = undefined;
    this.inTag = false;
    this.tagNameEnded = false;
    this.rawTextTag = undefined;
    this.tagStart = -1;
    this.tagName = '';
  }

  private builtText(): string {
    this.endRun();
    return this.chunks.length === 1 ? this.chunks[0]! : this.chunks.join('');
  }

  private openTag(at: number): void {
    this.inTag = true;
    this.tagNameEnded = false;
    this.tagStart = at;
    this.tagName = '';
  }

  private closeTag(end: number): void {
    this.inTag = false;
    const name = this.tagName.toLowerCase().replace(/^\//, '');
    if (this.tagName[0] !== '/' && (name === 'script' || name === 'style')) this.rawTextTag = name;
    if (BLOCK_TAGS.has(name)) this.space(this.tagStart, end, 2, undefined);
  }

  /** `source` when this is a single `' '` of it (so an output `' '` copies it unchanged), else undefined. */
  private space(from: number, to: number, newlines: number, source: string | undefined): void {
    if (this.pendingSpaceStart < 0) {
      this.pendingSpaceStart = from;
      this.pendingSpaceSource = source;
    } else this.pendingSpaceSource = undefined;
    this.pendingSpaceEnd = to;
    this.pendingNewlines += newlines;
  }

  private flushSpace(): void {
    if (this.pendingSpaceStart >= 0) {
      if (this.length > 0) {
        if (this.pendingSpaceSource !== undefined && this.pendingNewlines < 2) this.copy(this.pendingSpaceSource, this.pendingSpaceStart, this.pendingSpaceEnd);
        else {
          this.endRun();
          this.chunks.push(this.pendingNewlines >= 2 ? '\n' : ' ');
          this.arena.push(this.base, this.length, this.pendingSpaceStart, this.pendingSpaceEnd);
          this.length++;
        }
      }
      this.pendingSpaceStart = -1;
      this.pendingNewlines = 0;
      this.pendingSpaceSource = undefined;
    }
  }

  /** Appends `source.slice(from, to)`, characters that map one to one onto the source. */
  private copy(source: string, from: number, to: number): void {
    if (this.runSource === source && this.runTo === from) this.runTo = to;
    else {
      this.endRun();
      this.runSource = source;
      this.runFrom = from;
      this.runTo = to;
    }
    this.arena.pushRun(this.base, this.length, from, to);
    this.length += to - from;
  }

  private endRun(): void {
    if (this.runSource !== undefined) {
      this.chunks.push(this.runSource.slice(this.runFrom, this.runTo));
      this.runSource = undefined;
    }
  }

  /** Appends `value`, every character of which maps onto the whole of `from`..`to`. */
  private emit(value: string, from: number, to: number): void {
    this.flushSpace();
    this.endRun();
    this.chunks.push(value);
    for (let k = 0; k < value.length; k++) this.arena.push(this.base, this.length + k, from, to);
    this.length += value.length;
    if (!this.visible && NON_SPACE.test(value)) this.visible = true;
  }
}

function decodeEntity(body: string): string | undefined {
  if (body[0] === '#') {
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff) return undefined;
    const ch = String.fromCodePoint(code);
    return QUOTES[ch] ?? ch;
  }
  return ENTITIES[body.toLowerCase()];
}
