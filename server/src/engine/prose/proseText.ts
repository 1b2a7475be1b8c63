// Builds the normalised text that phrase patterns read, with an exact map from every character back to source.
// Whitespace runs collapse to one space (a blank line becomes "\n", a paragraph break), curly quotes become
// straight, HTML tags vanish (block tags break paragraphs), entities decode, and each placeholder becomes one
// private-use character so patterns can match across it.

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
  /** Source offset where each character of `text` starts. */
  starts: Int32Array;
  /** Source offset where each character of `text` ends. */
  ends: Int32Array;
}

export function isTimePlaceholderName(name: string): boolean {
  return TIME_NAME.test(name);
}

/** Whether a UTF-16 code unit is one the builder copies as it is (everything but tags, entities, whitespace, quotes, `\\`). */
function isPlain(c: number): boolean {
  if (c < 0x80) return PLAIN_ASCII[c] === 1;
  return c !== 0x00a0 && c !== 0x02bc && (c < 0x2018 || c > 0x2032 || (c !== 0x2018 && c !== 0x2019 && c !== 0x201b && c !== 0x201c && c !== 0x201d && c !== 0x201f && c !== 0x2028 && c !== 0x2029 && c !== 0x2032));
}
const PLAIN_ASCII = new Uint8Array(128).fill(1);
for (const c of '<&\r\n \t\f\v\\') PLAIN_ASCII[c.charCodeAt(0)] = 0;
const TAG_NAME_START = /[A-Za-z0-9/!]/;
const TAG_NAME_CHAR = /[A-Za-z0-9]/;
const TAG_OPENER = /[A-Za-z/!]/;
const NON_SPACE = /\S/;
export const NO_OFFSETS = new Int32Array(0);
/** Sticky: tried at an `&`. Every match is at most 10 characters long and ends at its only `;`. */
const ENTITY = /&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/iy;

/** Working arrays kept for the next arena, up to this many entries (4 MB each). */
const MAX_SPARE = 1 << 20;
let spareArrays: [Int32Array, Int32Array] | undefined;

/**
 * The source maps of every segment of one model, in two growing `Int32Array`s shared by all of them (each
 * segment's `starts`/`ends` are views made when the arena is sealed): builders write offsets straight into it,
 * with no per-segment arrays of numbers to copy.
 */
export class OffsetArena {
  starts: Int32Array;
  ends: Int32Array;
  length = 0;
  private targets: ProseText[] = [];
  private ranges: number[] = [];

  constructor(capacity = 1024) {
    // Models are built one after another: reuse the working arrays of the last sealed arena (one arena at a time
    // takes them; any other allocates its own), so a model allocates only its two exact-size arrays.
    const spare = spareArrays;
    spareArrays = undefined;
    this.starts = spare && spare[0].length >= capacity ? spare[0] : new Int32Array(capacity);
    this.ends = spare && spare[1].length >= capacity ? spare[1] : new Int32Array(capacity);
  }

  push(start: number, end: number): void {
    if (this.length === this.starts.length) this.grow(this.length + 1);
    this.starts[this.length] = start;
    this.ends[this.length++] = end;
  }

  /** Writes the one-to-one map of source characters `from`..`to`. */
  pushRun(from: number, to: number): void {
    const n = to - from;
    if (this.length + n > this.starts.length) this.grow(this.length + n);
    const starts = this.starts;
    const ends = this.ends;
    let at = this.length;
    for (let k = from; k < to; k++, at++) {
      starts[at] = k;
      ends[at] = k + 1;
    }
    this.length = at;
  }

  private grow(needed: number): void {
    const capacity = Math.max(needed, this.starts.length * 2);
    const starts = new Int32Array(capacity);
    const ends = new Int32Array(capacity);
    starts.set(this.starts.subarray(0, this.length));
    ends.set(this.ends.subarray(0, this.length));
    this.starts = starts;
    this.ends = ends;
  }

  /** `prose` gets entries `from`..`to` as its `starts`/`ends` when the arena is sealed. */
  add(prose: ProseText, from: number, to: number): void {
    this.targets.push(prose);
    this.ranges.push(from, to);
  }

  /**
   * Copies the entries into one buffer of the exact size (no spare capacity kept alive; one allocation, as
   * allocating a buffer costs far more than copying a few kilobytes) and hands out views of it: the starts
   * first, then the ends.
   */
  seal(): void {
    const n = this.length;
    const all = new Int32Array(2 * n);
    all.set(this.starts.subarray(0, n));
    all.set(this.ends.subarray(0, n), n);
    const buffer = all.buffer;
    for (let i = 0; i < this.targets.length; i++) {
      const prose = this.targets[i]!;
      const from = this.ranges[2 * i]!;
      const length = this.ranges[2 * i + 1]! - from;
      prose.starts = new Int32Array(buffer, 4 * from, length);
      prose.ends = new Int32Array(buffer, 4 * (n + from), length);
    }
    if (this.starts.length <= MAX_SPARE) spareArrays = [this.starts, this.ends];
    this.starts = this.ends = NO_OFFSETS;
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

  constructor(arena: OffsetArena = new OffsetArena(64)) {
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
        let j = i + 1;
        while (j < to && isPlain(source.charCodeAt(j))) j++;
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

  /** The text and map built so far, as arrays of their own; the builder starts over. */
  finish(): ProseText {
    const text = this.builtText();
    const starts = this.arena.starts.slice(this.base, this.arena.length);
    const ends = this.arena.ends.slice(this.base, this.arena.length);
    this.arena.length = this.base;
    this.reset();
    return { text, starts, ends };
  }

  /**
   * Sets `target.text`; its `starts`/`ends` arrive as views of the arena's shared arrays when it is sealed.
   * The builder starts over for the next segment.
   */
  finishInto(target: ProseText): void {
    target.text = this.builtText();
    this.arena.add(target, this.base, this.arena.length);
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
          this.arena.push(this.pendingSpaceStart, this.pendingSpaceEnd);
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
    this.arena.pushRun(from, to);
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
    for (let k = 0; k < value.length; k++) this.arena.push(from, to);
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
