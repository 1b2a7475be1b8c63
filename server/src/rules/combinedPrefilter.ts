// One pass over a segment that answers, for many phrase rules at once, what each rule's own prefilter expression
// would answer (see `prefilterPieces` in phraseMatcher.ts): testing 16 alternations on every segment cost more
// than the rules' matching itself once most segments were skipped.
import type { RequiredWord } from './phraseMatcher.ts';

/**
 * Each rule's prefilter is `new RegExp(pieces, 'i')`: a piece is a lower-case word, with `(?<![A-Za-z0-9])`
 * before it when bounded on the left and `(?![A-Za-z0-9])` after it when bounded on the right. Without `u`, the
 * `i` flag never folds a non-ASCII character onto an ASCII one (nor the other way), so on any text:
 * - the boundaries are exactly "not an ASCII letter or digit" (or the text's edge);
 * - a word of ASCII letters and digits occurs exactly inside a maximal run of ASCII letters and digits (a token)
 *   of the text read with A-Z as a-z: as the whole token (both sides bounded), a prefix of it (left), a suffix
 *   of it (right), or anywhere in it (neither);
 * - any other word made of ASCII characters and UTF-16 surrogates (uncased, and nothing folds onto them) occurs
 *   where the text with A-Z read as a-z holds it code unit for code unit, which `indexOf` finds.
 * Words with other non-ASCII characters are not accepted (`add` returns false): such a rule keeps its own
 * expression.
 */
export class CombinedPrefilter {
  /**
   * Three tries over letters and digits (index 0-35; node 0 the root, child 0 none): words bounded on the left
   * (whole-token and prefix words) walked once from each token's start, words bounded on the right only (suffix
   * words, stored reversed) walked once back from each token's end, and unbounded words walked from every
   * position of a token (few words, so most walks stop at the first character).
   */
  private readonly starts = new Trie();
  private readonly ends = new Trie();
  private readonly inside = new Trie();
  /** Pieces that are not letters and digits only, found by `indexOf`. */
  private readonly others: Array<{ word: string; left: boolean; right: boolean; bit: number; ascii: boolean }> = [];
  private slots = 0;
  private frozen = false;

  /** Rules one pass can answer for: the bits of a 31-bit mask. */
  static readonly MAX_RULES = 31;

  /** Adds a rule by its prefilter pieces; its slot (bit index), or -1 when it cannot be answered exactly here. */
  add(pieces: readonly RequiredWord[]): number {
    if (this.frozen || this.slots >= CombinedPrefilter.MAX_RULES || !pieces.length) return -1;
    for (const { word } of pieces) {
      if (!word) return -1;
      for (let i = 0; i < word.length; i++) {
        const c = word.charCodeAt(i);
        if (c > 0x7f && !(c >= 0xd800 && c <= 0xdfff)) return -1;
      }
    }
    const slot = this.slots++;
    const bit = 1 << slot;
    for (const piece of pieces) {
      const word = asciiLower(piece.word);
      if (!/^[a-z0-9]+$/.test(word)) {
        this.others.push({ word, left: piece.left === 1, right: piece.right === 1, bit, ascii: !/[^\x00-\x7f]/.test(word) });
        continue;
      }
      if (piece.left === 1) this.starts.add(word, bit, piece.right === 1 ? 1 : 0);
      else if (piece.right === 1) this.ends.add([...word].reverse().join(''), bit, 0);
      else this.inside.add(word, bit, 0);
    }
    return slot;
  }

  /** The rules (bit `1 << slot`) whose prefilter expression would find one of its pieces in `text`. */
  test(text: string): number {
    if (!this.frozen) {
      this.frozen = true;
      this.starts.freeze();
      this.ends.freeze();
      this.inside.freeze();
    }
    const starts = this.starts;
    const ends = this.ends;
    const inside = this.inside;
    let mask = 0;
    let ascii = true;
    let start = -1;
    const n = text.length;
    for (let i = 0; i <= n; i++) {
      const code = i < n ? text.charCodeAt(i) : 0;
      if (code < 128 && CODE[code]! >= 0) {
        if (start < 0) start = i;
        continue;
      }
      if (code >= 128) ascii = false;
      if (start < 0) continue;
      // The token text[start, i).
      mask |= starts.walkForward(text, start, i) | ends.walkBackward(text, start, i);
      if (inside.nodes > 1) for (let p = start; p < i; p++) mask |= inside.walkForward(text, p, i);
      start = -1;
    }
    if (this.others.length) {
      let lower: string | undefined;
      for (const piece of this.others) {
        if (mask & piece.bit) continue;
        // A word with a surrogate cannot occur in ASCII text.
        if (!piece.ascii && ascii) continue;
        lower ??= asciiLower(text);
        if (occurs(lower, piece.word, piece.left, piece.right)) mask |= piece.bit;
      }
    }
    return mask;
  }
}

/** A trie of lower-case words of letters and digits, each node with the rules of the words ending there. */
class Trie {
  private child = new Int32Array(36 * 64);
  /** Rules of the words ending at the node, wherever the walk ends (a prefix of the walked run). */
  private anyEnd: number[] | Int32Array = [0];
  /** Rules of the words ending at the node only when the walk consumed the whole run (whole-token words). */
  private runEnd: number[] | Int32Array = [0];
  nodes = 1;

  add(word: string, bit: number, whole: 0 | 1): void {
    let node = 0;
    for (let i = 0; i < word.length; i++) {
      const c = CODE[word.charCodeAt(i)]!;
      let next = this.child[node * 36 + c]!;
      if (next === 0) {
        next = this.nodes++;
        if (next * 36 >= this.child.length) {
          const grown = new Int32Array(this.child.length * 2);
          grown.set(this.child);
          this.child = grown;
        }
        this.child[node * 36 + c] = next;
        (this.anyEnd as number[]).push(0);
        (this.runEnd as number[]).push(0);
      }
      node = next;
    }
    if (whole) this.runEnd[node]! |= bit;
    else this.anyEnd[node]! |= bit;
  }

  freeze(): void {
    this.child = this.child.slice(0, this.nodes * 36);
    this.anyEnd = Int32Array.from(this.anyEnd);
    this.runEnd = Int32Array.from(this.runEnd);
  }

  /** Rules of the words that begin text[from, to) (all letters and digits), or are all of it. */
  walkForward(text: string, from: number, to: number): number {
    const child = this.child;
    let mask = 0;
    let node = 0;
    for (let q = from; q < to; q++) {
      node = child[node * 36 + CODE[text.charCodeAt(q)]!]!;
      if (node === 0) return mask;
      mask |= this.anyEnd[node]!;
    }
    return mask | this.runEnd[node]!;
  }

  /** Rules of the (reversed) words that end text[from, to), or are all of it. */
  walkBackward(text: string, from: number, to: number): number {
    const child = this.child;
    let mask = 0;
    let node = 0;
    for (let q = to - 1; q >= from; q--) {
      node = child[node * 36 + CODE[text.charCodeAt(q)]!]!;
      if (node === 0) return mask;
      mask |= this.anyEnd[node]!;
    }
    return mask | this.runEnd[node]!;
  }
}

/** Letters (either case) → 0-25, digits → 26-35, any other ASCII character → -1. */
const CODE = new Int8Array(128).fill(-1);
for (let c = 0; c < 26; c++) {
  CODE[0x41 + c] = c;
  CODE[0x61 + c] = c;
}
for (let c = 0; c < 10; c++) CODE[0x30 + c] = 26 + c;

function isWordChar(code: number): boolean {
  return code < 128 && CODE[code]! >= 0;
}

/** `text` with A-Z as a-z and every other code unit as it is (same length, same positions). */
function asciiLower(text: string): string {
  return /[A-Z]/.test(text) ? text.replace(/[A-Z]+/g, (run) => run.toLowerCase()) : text;
}

function occurs(lower: string, word: string, left: boolean, right: boolean): boolean {
  for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
    if (left && at > 0 && isWordChar(lower.charCodeAt(at - 1))) continue;
    if (right && at + word.length < lower.length && isWordChar(lower.charCodeAt(at + word.length))) continue;
    return true;
  }
  return false;
}
