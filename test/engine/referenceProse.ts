// The prose builder as it was before it scanned runs (one character at a time, maps in number arrays), kept
// verbatim as the reference the faster builder must match exactly: same text, same map, same emptiness.
import { PLACEHOLDER, TIME_PLACEHOLDER } from '../../server/src/engine/prose/proseText.ts';

const TIME_NAME = /(?:date|time|eta|deadline|until|hours?|days?|minutes?|weeks?|when|window|sla|schedule|expected|_at$|At$|_by$|By$)/i;

const BLOCK_TAGS = new Set(['p', 'br', 'div', 'li', 'ul', 'ol', 'tr', 'td', 'th', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'section', 'article', 'header', 'footer', 'blockquote', 'pre']);

const ENTITIES: Record<string, string> = {
  nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", rsquo: "'", lsquo: "'", rdquo: '"', ldquo: '"',
  mdash: '—', ndash: '–', hellip: '…', copy: '©', reg: '®', trade: '™', euro: '€', pound: '£',
};

const QUOTES: Record<string, string> = { '\u2018': "'", '\u2019': "'", '\u201B': "'", '\u02BC': "'", '\u2032': "'", '\u201C': '"', '\u201D': '"', '\u201F': '"', '\u00A0': ' ' };

export interface ReferenceProse {
  text: string;
  /** Source offset where each character of `text` starts. */
  starts: Int32Array;
  /** Source offset where each character of `text` ends. */
  ends: Int32Array;
}

function isTimePlaceholderName(name: string): boolean {
  return TIME_NAME.test(name);
}

/** A run of characters the builder copies as they are (everything but tags, entities, whitespace, quotes, `\`). */
const PLAIN_RUN = /[^<&\r\n \t\f\v\u00A0\u2028\u2029\\\u2018\u2019\u201B\u02BC\u2032\u201C\u201D\u201F]+/y;
const TAG_NAME_START = /[A-Za-z0-9/!]/;
const TAG_NAME_CHAR = /[A-Za-z0-9]/;
const TAG_OPENER = /[A-Za-z/!]/;
const ENTITY = /^&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/i;

/**
 * Accumulates content and placeholders of one run of prose. Text is kept as slices of the source joined once at
 * the end: no string grows one character at a time.
 */
export class ReferenceProseBuilder {
  private chunks: string[] = [];
  private length = 0;
  private starts: number[] = [];
  private ends: number[] = [];
  /** Whether a character other than whitespace was emitted (`isEmpty` is `text.trim() === ''`). */
  private visible = false;
  private pendingSpaceStart = -1;
  private pendingSpaceEnd = -1;
  private pendingNewlines = 0;
  private inTag = false;
  private rawTextTag: string | undefined;
  private tagStart = -1;
  private tagName = '';

  get isEmpty(): boolean {
    return !this.visible;
  }

  /** Appends source text `source.slice(from, to)`. */
  addContent(source: string, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      if (this.inTag) {
        // Once the name has ended (a space was added), nothing changes until `>`: skip there.
        if (this.tagName.endsWith(' ')) {
          const close = source.indexOf('>', i);
          if (close < 0 || close >= to) return;
          i = close;
          this.closeTag(i + 1);
          continue;
        }
        const ch = source[i]!;
        if (this.tagName === '' && TAG_NAME_START.test(ch)) this.tagName = ch;
        else if (this.tagName && TAG_NAME_CHAR.test(ch) && !this.tagName.includes(' ')) this.tagName += ch;
        else if (this.tagName && !this.tagName.endsWith(' ')) this.tagName += ' ';
        if (ch === '>') this.closeTag(i + 1);
        continue;
      }
      if (this.rawTextTag) {
        const lt = source.indexOf('<', i);
        if (lt < 0 || lt >= to) return;
        i = lt;
        if (source.slice(i + 1, i + 2 + this.rawTextTag.length).toLowerCase() === '/' + this.rawTextTag) {
          this.rawTextTag = undefined;
          this.openTag(i);
        }
        continue;
      }
      PLAIN_RUN.lastIndex = i;
      if (PLAIN_RUN.test(source)) {
        const end = Math.min(PLAIN_RUN.lastIndex, to);
        this.emitRun(source, i, end);
        i = end - 1;
        continue;
      }
      const ch = source[i]!;
      if (ch === '<' && TAG_OPENER.test(source[i + 1] ?? '')) {
        this.openTag(i);
        continue;
      }
      if (ch === '&') {
        const entity = ENTITY.exec(source.slice(i, Math.min(to, i + 12)));
        if (entity) {
          const value = decodeEntity(entity[1]!);
          if (value !== undefined) {
            const end = i + entity[0].length;
            if (value === ' ') this.space(i, end, 0);
            else this.emit(QUOTES[value] ?? value, i, end);
            i = end - 1;
            continue;
          }
        }
      }
      if (ch === '\r' || ch === '\n') {
        if (ch === '\r' && source[i + 1] === '\n') {
          this.space(i, i + 2, 1);
          i++;
        } else this.space(i, i + 1, 1);
        continue;
      }
      if (ch === ' ' || ch === '\t' || ch === '\f' || ch === '\v' || ch === '\u00A0' || ch === '\u2028' || ch === '\u2029') {
        this.space(i, i + 1, 0);
        continue;
      }
      // Handlebars' escape `\{{` reads as literal braces.
      if (ch === '\\' && source.startsWith('{{', i + 1)) continue;
      this.emit(QUOTES[ch] ?? ch, i, i + 1);
    }
  }

  /** Appends a placeholder standing for the mustache at `from`..`to`. */
  addPlaceholder(name: string, from: number, to: number): void {
    if (this.inTag || this.rawTextTag) return;
    this.emit(isTimePlaceholderName(name) ? TIME_PLACEHOLDER : PLACEHOLDER, from, to);
  }

  /** Ends the current paragraph (used where a block boundary separates prose). */
  paragraphBreak(at: number): void {
    this.space(at, at, 2);
  }

  finish(): ReferenceProse {
    return { text: this.builtText(), starts: Int32Array.from(this.starts), ends: Int32Array.from(this.ends) };
  }

  private builtText(): string {
    return this.chunks.length === 1 ? this.chunks[0]! : this.chunks.join('');
  }

  private openTag(at: number): void {
    this.inTag = true;
    this.tagStart = at;
    this.tagName = '';
  }

  private closeTag(end: number): void {
    this.inTag = false;
    const name = this.tagName.trim().toLowerCase().replace(/^\//, '').split(' ')[0] ?? '';
    if (!this.tagName.startsWith('/') && (name === 'script' || name === 'style')) this.rawTextTag = name;
    if (BLOCK_TAGS.has(name)) this.space(this.tagStart, end, 2);
  }

  private space(from: number, to: number, newlines: number): void {
    if (this.pendingSpaceStart < 0) this.pendingSpaceStart = from;
    this.pendingSpaceEnd = to;
    this.pendingNewlines += newlines;
  }

  private flushSpace(): void {
    if (this.pendingSpaceStart >= 0) {
      if (this.length > 0) {
        this.chunks.push(this.pendingNewlines >= 2 ? '\n' : ' ');
        this.starts.push(this.pendingSpaceStart);
        this.ends.push(this.pendingSpaceEnd);
        this.length++;
      }
      this.pendingSpaceStart = -1;
      this.pendingNewlines = 0;
    }
  }

  /** Appends `source.slice(from, to)`, characters that map one to one onto the source. */
  private emitRun(source: string, from: number, to: number): void {
    this.flushSpace();
    const run = source.slice(from, to);
    this.chunks.push(run);
    for (let k = from; k < to; k++) {
      this.starts.push(k);
      this.ends.push(k + 1);
    }
    this.length += to - from;
    // Unicode spaces other than the ones collapsed above (U+2003, U+FEFF…) are copied but do not count as text.
    if (!this.visible && /\S/.test(run)) this.visible = true;
  }

  private emit(value: string, from: number, to: number): void {
    this.flushSpace();
    this.chunks.push(value);
    for (let k = 0; k < value.length; k++) {
      this.starts.push(from);
      this.ends.push(to);
    }
    this.length += value.length;
    if (!this.visible && /\S/.test(value)) this.visible = true;
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
