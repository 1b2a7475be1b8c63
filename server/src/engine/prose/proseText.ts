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
  starts: number[];
  /** Source offset where each character of `text` ends. */
  ends: number[];
}

export function isTimePlaceholderName(name: string): boolean {
  return TIME_NAME.test(name);
}

/** Accumulates content and placeholders of one run of prose. */
export class ProseBuilder {
  private text = '';
  private starts: number[] = [];
  private ends: number[] = [];
  private pendingSpaceStart = -1;
  private pendingSpaceEnd = -1;
  private pendingNewlines = 0;
  private inTag = false;
  private rawTextTag: string | undefined;
  private tagStart = -1;
  private tagName = '';

  get isEmpty(): boolean {
    return this.text.trim().length === 0;
  }

  /** Appends source text `source.slice(from, to)`. */
  addContent(source: string, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const ch = source[i]!;
      if (this.inTag) {
        if (this.tagName === '' && /[A-Za-z0-9/!]/.test(ch)) this.tagName = ch;
        else if (this.tagName && /[A-Za-z0-9]/.test(ch) && !this.tagName.includes(' ')) this.tagName += ch;
        else if (this.tagName && !this.tagName.endsWith(' ')) this.tagName += ' ';
        if (ch === '>') this.closeTag(i + 1);
        continue;
      }
      if (this.rawTextTag) {
        if (ch === '<' && source.slice(i + 1, i + 2 + this.rawTextTag.length).toLowerCase() === '/' + this.rawTextTag) {
          this.rawTextTag = undefined;
          this.openTag(i);
        }
        continue;
      }
      if (ch === '<' && /[A-Za-z/!]/.test(source[i + 1] ?? '')) {
        this.openTag(i);
        continue;
      }
      if (ch === '&') {
        const entity = /^&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/i.exec(source.slice(i, Math.min(to, i + 12)));
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

  finish(): ProseText {
    return { text: this.text, starts: this.starts, ends: this.ends };
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

  private emit(value: string, from: number, to: number): void {
    if (this.pendingSpaceStart >= 0) {
      if (this.text.length > 0) {
        this.text += this.pendingNewlines >= 2 ? '\n' : ' ';
        this.starts.push(this.pendingSpaceStart);
        this.ends.push(this.pendingSpaceEnd);
      }
      this.pendingSpaceStart = -1;
      this.pendingNewlines = 0;
    }
    for (let k = 0; k < value.length; k++) {
      this.text += value[k];
      this.starts.push(from);
      this.ends.push(to);
    }
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
