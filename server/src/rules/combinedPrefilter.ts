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
  /** Trie over letters and digits (index 0-35), node 0 the root; `child[node * 36 + c]` is 0 for none. */
  private child = new Int32Array(36 * 64);
  /** Per trie node, the rules of the words ending there: anywhere in a token, as its prefix, suffix, whole. */
  private anywhere: number[] = [0];
  private prefix: number[] = [0];
  private suffix: number[] = [0];
  private whole: number[] = [0];
  /** Pieces that are not letters and digits only, found by `indexOf`. */
  private others: Array<{ word: string; left: boolean; right: boolean; bit: number; ascii: boolean }> = [];
  private nodes = 1;
  private slots = 0;
  private frozen?: { child: Int32Array; anywhere: Int32Array; prefix: Int32Array; suffix: Int32Array; whole: Int32Array };

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
          this.anywhere.push(0);
          this.prefix.push(0);
          this.suffix.push(0);
          this.whole.push(0);
        }
        node = next;
      }
      const list = piece.left === 1 ? (piece.right === 1 ? this.whole : this.prefix) : piece.right === 1 ? this.suffix : this.anywhere;
      list[node]! |= bit;
    }
    return slot;
  }

  /** The rules (bit `1 << slot`) whose prefilter expression would find one of its pieces in `text`. */
  test(text: string): number {
    const t = (this.frozen ??= {
      child: this.child.slice(0, this.nodes * 36),
      anywhere: Int32Array.from(this.anywhere),
      prefix: Int32Array.from(this.prefix),
      suffix: Int32Array.from(this.suffix),
      whole: Int32Array.from(this.whole),
    });
    const { child, anywhere, prefix, suffix, whole } = t;
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
      // The token text[start, i): walk the trie from each of its positions.
      for (let p = start; p < i; p++) {
        let node = 0;
        for (let q = p; q < i; q++) {
          node = child[node * 36 + CODE[text.charCodeAt(q)]!]!;
          if (node === 0) break;
          mask |= anywhere[node]!;
          if (p === start) mask |= prefix[node]!;
          if (q === i - 1) mask |= p === start ? suffix[node]! | whole[node]! : suffix[node]!;
        }
      }
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
