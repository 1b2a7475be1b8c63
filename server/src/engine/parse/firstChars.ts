// Which code units a regular expression's match can begin with, read from its source: a superset, never less, so a
// lexer may skip every rule that cannot begin with the code unit in front of it and still pick the rule it would
// have picked by trying them all in order.
//
// The reading covers what Handlebars' lexer rules are written with (literals and escapes, classes, groups,
// alternation, quantifiers, lookarounds, `^`, `$`, `.`); anything else (a back-reference, a flag, a construct it does
// not know) makes the answer "any code unit, or an empty match". Assertions are read as matching the empty string
// without looking at anything: that only ever widens the answer.

/** Buckets of the first code unit: 0–127 that ASCII code unit, 128 any other, 129 the end of the input. */
export const OTHER = 128;
export const END = 129;
export const BUCKETS = 130;

/** For each bucket, whether a match can begin there; `END` means the expression can match the empty string. */
export type FirstChars = Uint8Array;

const ASCII_SPACE = [9, 10, 11, 12, 13, 32];

class Unknown extends Error {}

/** Where a match of `source` (flags none, or only `y` / `g`) can begin; every bucket when the source is not understood. */
export function firstChars(source: string, flags = ''): FirstChars {
  if (/[^gy]/.test(flags)) return all();
  try {
    const reader = new Reader(source);
    const result = reader.alternation();
    if (reader.at < source.length) throw new Unknown();
    const out = new Uint8Array(BUCKETS);
    out.set(result.first.subarray(0, END));
    out[END] = result.empty ? 1 : 0;
    return out;
  } catch (error) {
    if (error instanceof Unknown) return all();
    throw error;
  }
}

function all(): FirstChars {
  return new Uint8Array(BUCKETS).fill(1);
}

interface Part {
  /** Buckets 0–128 (END unused). */
  first: Uint8Array;
  /** Whether it can match the empty string. */
  empty: boolean;
}

const none = (): Part => ({ first: new Uint8Array(BUCKETS), empty: true });

function merge(into: Uint8Array, from: Uint8Array): void {
  for (let i = 0; i < END; i++) if (from[i]) into[i] = 1;
}

class Reader {
  at = 0;
  constructor(private readonly source: string) {}

  private peek(): string | undefined {
    return this.source[this.at];
  }

  alternation(): Part {
    const result: Part = { first: new Uint8Array(BUCKETS), empty: false };
    for (;;) {
      const branch = this.sequence();
      merge(result.first, branch.first);
      result.empty ||= branch.empty;
      if (this.peek() !== '|') return result;
      this.at++;
    }
  }

  private sequence(): Part {
    const result = none();
    while (this.at < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      const term = this.quantified(this.atom());
      // What follows a term that can match nothing can begin the sequence too.
      if (result.empty) merge(result.first, term.first);
      result.empty &&= term.empty;
    }
    return result;
  }

  private quantified(atom: Part): Part {
    const c = this.peek();
    let optional = false;
    if (c === '*' || c === '?') {
      optional = true;
      this.at++;
    } else if (c === '+') this.at++;
    else if (c === '{') {
      const m = /^\{(\d+)(,\d*)?\}/.exec(this.source.slice(this.at));
      if (!m) throw new Unknown();
      optional = Number(m[1]) === 0;
      this.at += m[0].length;
    } else return atom;
    if (this.peek() === '?') this.at++;
    return { first: atom.first, empty: atom.empty || optional };
  }

  private atom(): Part {
    const c = this.source[this.at++]!;
    if (c === '(') {
      let assertion = false;
      if (this.source.startsWith('?:', this.at)) this.at += 2;
      else if (this.source.startsWith('?=', this.at) || this.source.startsWith('?!', this.at)) {
        this.at += 2;
        assertion = true;
      } else if (this.source.startsWith('?<=', this.at) || this.source.startsWith('?<!', this.at)) {
        this.at += 3;
        assertion = true;
      } else if (this.peek() === '?') throw new Unknown();
      const inner = this.alternation();
      if (this.source[this.at++] !== ')') throw new Unknown();
      return assertion ? none() : inner;
    }
    if (c === '^' || c === '$') return none();
    if (c === '[') return this.characterClass();
    if (c === '.') return single(charsOf((code) => code !== 10 && code !== 13), true);
    if (c === '\\') return this.escape(false);
    if (c === ')' || c === '|' || c === '*' || c === '+' || c === '?' || c === '{' || c === '}' || c === ']') throw new Unknown();
    return single(codeSet(c.charCodeAt(0)), c.charCodeAt(0) >= 128);
  }

  /** An escape after `\`: as a term, or inside a class (where `\b` is a backspace). */
  private escape(inClass: boolean): Part {
    const c = this.source[this.at++];
    if (c === undefined) throw new Unknown();
    switch (c) {
      case 's':
        return single(codeSet(...ASCII_SPACE), true);
      case 'S':
        return single(charsOf((code) => !ASCII_SPACE.includes(code)), true);
      case 'd':
        return single(charsOf((code) => code >= 48 && code <= 57), false);
      case 'D':
        return single(charsOf((code) => code < 48 || code > 57), true);
      case 'w':
        return single(charsOf(isWord), false);
      case 'W':
        return single(charsOf((code) => !isWord(code)), true);
      case 'b':
        return inClass ? single(codeSet(8), false) : none();
      case 'B':
        if (inClass) throw new Unknown();
        return none();
      case 'n':
        return single(codeSet(10), false);
      case 'r':
        return single(codeSet(13), false);
      case 't':
        return single(codeSet(9), false);
      case 'f':
        return single(codeSet(12), false);
      case 'v':
        return single(codeSet(11), false);
      case '0':
        if (/[0-9]/.test(this.peek() ?? '')) throw new Unknown();
        return single(codeSet(0), false);
      case 'x':
      case 'u': {
        const digits = c === 'x' ? 2 : 4;
        const hex = this.source.slice(this.at, this.at + digits);
        if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) throw new Unknown();
        this.at += digits;
        const code = parseInt(hex, 16);
        return single(codeSet(code), code >= 128);
      }
      default:
        // Back-references, `\k<…>`, `\c…`, `\p{…}`: not read here.
        if (/[1-9kcpP]/.test(c)) throw new Unknown();
        return single(codeSet(c.charCodeAt(0)), c.charCodeAt(0) >= 128);
    }
  }

  private characterClass(): Part {
    const negated = this.peek() === '^';
    if (negated) this.at++;
    const set = new Uint8Array(BUCKETS);
    let other = false;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new Unknown();
      // As JavaScript reads it, `]` always ends the class: `[]` matches nothing and `[^]` any code unit.
      if (c === ']') {
        this.at++;
        break;
      }
      const low = this.classAtom();
      if (this.peek() === '-' && this.source[this.at + 1] !== ']' && this.source[this.at + 1] !== undefined && low.code !== undefined) {
        this.at++;
        const high = this.classAtom();
        if (high.code === undefined || high.code < low.code) throw new Unknown();
        for (let code = low.code; code <= Math.min(high.code, 127); code++) set[code] = 1;
        if (high.code >= 128) other = true;
        continue;
      }
      merge(set, low.part.first);
      if (low.part.first[OTHER]) other = true;
    }
    if (!negated) {
      set[OTHER] = other ? 1 : 0;
      return { first: set, empty: false };
    }
    // The complement: every ASCII code unit not in the class; any other code unit may be outside it.
    const out = new Uint8Array(BUCKETS);
    for (let code = 0; code < 128; code++) out[code] = set[code] ? 0 : 1;
    out[OTHER] = 1;
    return { first: out, empty: false };
  }

  /** One member of a class: a code unit (`code`, so it can start a range) or a class escape such as `\s`. */
  private classAtom(): { part: Part; code?: number } {
    const c = this.source[this.at++]!;
    if (c !== '\\') return { part: single(codeSet(c.charCodeAt(0)), c.charCodeAt(0) >= 128), code: c.charCodeAt(0) };
    const escaped = this.peek();
    const part = this.escape(true);
    const singleCode = 'sSdDwW'.includes(escaped ?? '') ? undefined : onlyCode(part);
    return { part, code: singleCode };
  }
}

function single(first: Uint8Array, other: boolean): Part {
  if (other) first[OTHER] = 1;
  return { first, empty: false };
}

function codeSet(...codes: number[]): Uint8Array {
  const set = new Uint8Array(BUCKETS);
  for (const code of codes) set[code < 128 ? code : OTHER] = 1;
  return set;
}

function charsOf(test: (code: number) => boolean): Uint8Array {
  const set = new Uint8Array(BUCKETS);
  for (let code = 0; code < 128; code++) if (test(code)) set[code] = 1;
  return set;
}

function isWord(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** The one code unit a part stands for, when it stands for exactly one ASCII code unit. */
function onlyCode(part: Part): number | undefined {
  let found: number | undefined;
  for (let i = 0; i < END; i++) {
    if (!part.first[i]) continue;
    if (found !== undefined || i === OTHER) return undefined;
    found = i;
  }
  return found;
}
