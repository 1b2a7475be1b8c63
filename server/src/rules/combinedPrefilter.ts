// One pass over a segment that answers, for every pattern of the built-in phrase rules at once, what the pattern's
// own prefilter expression would answer (see `prefilterPieces` in phraseMatcher.ts): testing 16 alternations on
// every segment cost more than the rules' matching itself once most segments were skipped, and knowing which
// patterns can match lets a rule run (and V8 compile) only those patterns' expressions.
import type { RequiredWord } from './phraseMatcher.ts';

/**
 * A frozen prefilter as plain numbers and strings (`CombinedPrefilter.tables`), which a generated file can hold: a
 * fresh process then takes the built-in rules' prefilter as it is (`fromTables`) instead of building its tries
 * piece by piece, which cost ≈ 20 ms of cold code in a one-file check.
 */
export interface CombinedPrefilterTables {
  slots: number;
  always: number[];
  others: Array<{ word: string; left: boolean; right: boolean; slot: number; ascii: boolean; cased: boolean }>;
  /** The tries of words bounded on the left, on the right only, and on neither side (see `CombinedPrefilter`). */
  tries: [TrieTables, TrieTables, TrieTables];
}

/** A frozen trie (see `Trie`): its tree, which row each node's words set, and the rows. */
export interface TrieTables {
  /**
   * Node k (k ≥ 1) as two numbers at 2(k − 1): k − 1 minus its parent (0 along a chain of single children, so the
   * list is short and compresses well) and the code (0-35) of the character leading to it.
   */
  edges: number[];
  /** (node, row) pairs where the node's `anyEnd` row is not 0, and where its `runEnd` row is not 0. */
  anyEnd: number[];
  runEnd: number[];
  rowStart: number[];
  rowPairs: number[];
}

/**
 * Each entry's prefilter is `new RegExp(pieces, 'i')`: a piece is a lower-case word, with `(?<![A-Za-z0-9])`
 * before it when bounded on the left and `(?![A-Za-z0-9])` after it when bounded on the right. Without `u`, the
 * `i` flag never folds a non-ASCII character onto an ASCII one (nor the other way), so on any text:
 * - the boundaries are exactly "not an ASCII letter or digit" (or the text's edge);
 * - a word of ASCII letters and digits occurs exactly inside a maximal run of ASCII letters and digits (a token)
 *   of the text read with A-Z as a-z: as the whole token (both sides bounded), a prefix of it (left), a suffix
 *   of it (right), or anywhere in it (neither);
 * - any other word made of ASCII characters and UTF-16 surrogates (uncased, and nothing folds onto them) occurs
 *   where the text with A-Z read as a-z holds it code unit for code unit, which `indexOf` finds.
 * Words with other non-ASCII characters are not tested here: an entry with one is never skipped (`add`).
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
  private readonly others: Array<{ word: string; left: boolean; right: boolean; slot: number; ascii: boolean; cased: boolean }> = [];
  /** Slots set on every text: entries without pieces, or with pieces this class cannot test exactly. */
  private readonly always: number[] = [];
  private slots = 0;
  /** 32-bit words per mask, fixed by the first `test`. */
  private words = 0;
  private base = new Int32Array(0);

  /**
   * Adds an entry (a rule, or one pattern of a rule) by its prefilter pieces and returns its slot: bit `slot` of
   * the masks `test` returns. Without pieces, or with a word holding non-ASCII characters other than surrogates
   * (which this class cannot test exactly), the slot is set on every text: the entry is then never skipped.
   */
  add(pieces: readonly RequiredWord[] | undefined): number {
    if (this.words) throw new Error('CombinedPrefilter: entries are added before the first test');
    const slot = this.slots++;
    if (!pieces?.length || !pieces.every(({ word }) => testable(word))) {
      this.always.push(slot);
      return slot;
    }
    for (const piece of pieces) {
      const word = asciiLower(piece.word);
      if (!/^[a-z0-9]+$/.test(word)) {
        this.others.push({ word, left: piece.left === 1, right: piece.right === 1, slot, ascii: !/[^\x00-\x7f]/.test(word), cased: /[a-z]/.test(word) });
        continue;
      }
      if (piece.left === 1) this.starts.add(word, slot, piece.right === 1 ? 1 : 0);
      else if (piece.right === 1) this.ends.add([...word].reverse().join(''), slot, 0);
      else this.inside.add(word, slot, 0);
    }
    return slot;
  }

  /** Whether `slot` is set on every text (see `add`). */
  isAlways(slot: number): boolean {
    return this.always.includes(slot);
  }

  /** Ends the adding: the tries become tables (done by the first `test`). */
  private freeze(): void {
    if (this.words) return;
    this.words = Math.max(1, Math.ceil(this.slots / 32));
    this.starts.freeze(this.words);
    this.ends.freeze(this.words);
    this.inside.freeze(this.words);
    this.setBase();
  }

  private setBase(): void {
    this.base = new Int32Array(this.words);
    for (const slot of this.always) this.base[slot >>> 5]! |= 1 << (slot & 31);
  }

  /** This prefilter's tables (it is frozen first: no entry can be added after). */
  tables(): CombinedPrefilterTables {
    this.freeze();
    return {
      slots: this.slots,
      always: [...this.always],
      others: this.others.map((piece) => ({ ...piece })),
      tries: [this.starts.tables(), this.ends.tables(), this.inside.tables()],
    };
  }

  /** The prefilter `tables` describes, frozen: it tests as the one the tables were taken from. */
  static fromTables(tables: CombinedPrefilterTables): CombinedPrefilter {
    const prefilter = new CombinedPrefilter();
    prefilter.slots = tables.slots;
    prefilter.always.push(...tables.always);
    for (const piece of tables.others) prefilter.others.push({ ...piece });
    prefilter.words = Math.max(1, Math.ceil(tables.slots / 32));
    const [starts, ends, inside] = tables.tries;
    prefilter.starts.load(starts);
    prefilter.ends.load(ends);
    prefilter.inside.load(inside);
    prefilter.setBase();
    return prefilter;
  }

  /** For every entry, bit `slot` (see `hasSlot`): whether its prefilter expression would find one of its pieces in `text`. */
  test(text: string): Int32Array {
    if (!this.words) this.freeze();
    const mask = this.base.slice();
    const starts = this.starts;
    const ends = this.ends;
    const inside = this.inside;
    let surrogates = false;
    let start = -1;
    // The words bounded on the left are walked as the token is read (`walk`: the node reached so far in `starts`,
    // 0 once no word begins the token that way): each character is read once, and most walks end at the first
    // or second. The codes (see CODE) of the token's latest two characters, for the walk back from its end.
    const startChild = starts.child;
    const startAnyEnd = starts.anyEnd;
    let walk = 0;
    let previous = END;
    let latest = END;
    // The trie of the reversed words bounded on the right only, walked back from each token's end.
    const endChild = ends.child;
    const endAnyEnd = ends.anyEnd;
    // Unbounded words are walked as the token is read too, one walk from each position where one may begin (the
    // table of the trie's first two steps says where): `insideWalks` holds the nodes of the `live` walks going.
    const insideChild = inside.child;
    const insideAnyEnd = inside.anyEnd;
    let live = 0;
    const hasInside = inside.nodes > 1;
    const n = text.length;
    for (let i = 0; i <= n; i++) {
      const code = i < n ? text.charCodeAt(i) : 0;
      const c = code < 128 ? CODE[code]! : -1;
      if (c >= 0) {
        if (start < 0) {
          start = i;
          walk = startChild[c]!;
        } else {
          if (walk !== 0) walk = startChild[walk * 36 + c]!;
          if (live !== 0) {
            let going = 0;
            for (let k = 0; k < live; k++) {
              const node = insideChild[insideWalks[k]! * 36 + c]!;
              if (node === 0) continue;
              const row = insideAnyEnd[node]!;
              if (row) inside.or(mask, row);
              insideWalks[going++] = node;
            }
            live = going;
          }
          // Most positions begin no unbounded word: the table of the trie's first two steps says so. A walk from the
          // previous character (which the table guarantees a node), through this one.
          if (hasInside && inside.mayBegin(latest, c)) {
            let node = insideChild[latest]!;
            let row = insideAnyEnd[node]!;
            if (row) inside.or(mask, row);
            node = insideChild[node * 36 + c]!;
            if (node !== 0) {
              row = insideAnyEnd[node]!;
              if (row) inside.or(mask, row);
              if (live === insideWalks.length) {
                const grown = new Int32Array(2 * live);
                grown.set(insideWalks);
                insideWalks = grown;
              }
              insideWalks[live++] = node;
            }
          }
        }
        if (walk !== 0) {
          const row = startAnyEnd[walk]!;
          if (row) starts.or(mask, row);
        }
        previous = latest;
        latest = c;
        continue;
      }
      if (code >= 0xd800 && code <= 0xdfff) surrogates = true;
      if (start < 0) continue;
      // The token text[start, i): the whole-token words its walk ended on.
      if (walk !== 0) {
        const row = starts.runEnd[walk]!;
        if (row) starts.or(mask, row);
        walk = 0;
      }
      // The words it ends with: walked back from its end through the trie of the reversed words, here rather than
      // in a function of the trie's (a call per token). They are never whole-token words (`add`): no run-end rows.
      // Most tokens end no word: the table of the trie's first two steps says so without a walk.
      if (ends.mayBegin(latest, i - 1 > start ? previous : END)) {
        let node = 0;
        for (let q = i - 1; q >= start; q--) {
          node = endChild[node * 36 + CODE[text.charCodeAt(q)]!]!;
          if (node === 0) break;
          const row = endAnyEnd[node]!;
          if (row) ends.or(mask, row);
        }
      }
      if (hasInside) {
        // Unbounded words are never whole-token words (`add`): the walks end with the token, having found what
        // they found. A word may still be the token's last character alone.
        live = 0;
        if (inside.mayBegin(latest, END)) inside.walkForward(text, i - 1, i, mask);
      }
      start = -1;
      previous = latest = END;
    }
    if (this.others.length) {
      let lower: string | undefined;
      for (const piece of this.others) {
        if (hasSlot(mask, piece.slot)) continue;
        // A word with a surrogate (an emoji) cannot occur in a text without one.
        if (!piece.ascii && !surrogates) continue;
        // A piece without letters (an emoji, say) reads the same in the text as in its lower-cased copy.
        const haystack = piece.cased ? (lower ??= asciiLower(text)) : text;
        if (occurs(haystack, piece.word, piece.left, piece.right)) mask[piece.slot >>> 5]! |= 1 << (piece.slot & 31);
      }
    }
    return mask;
  }
}

/** Whether bit `slot` is set in a mask from `CombinedPrefilter.test`. */
export function hasSlot(mask: Int32Array, slot: number): boolean {
  return ((mask[slot >>> 5]! >>> (slot & 31)) & 1) === 1;
}

/** Words the class tests exactly: ASCII characters and UTF-16 surrogates only. */
function testable(word: string): boolean {
  if (!word) return false;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c > 0x7f && !(c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/**
 * A trie of lower-case words of letters and digits, each node with the entries of the words ending there. While
 * entries are added a node keeps a list of slots; `freeze` turns each distinct list into a row of mask words.
 */
class Trie {
  /** Node k's child by code c (0-35) at `k * 36 + c` (0: none). */
  child = new Int32Array(36 * 64);
  /** Slots of the words ending at the node, wherever the walk ends (a prefix of the walked run). */
  private anyEndSlots: Array<number[] | undefined> = [undefined];
  /** Slots of the words ending at the node only when the walk consumed the whole run (whole-token words). */
  private runEndSlots: Array<number[] | undefined> = [undefined];
  /** After `freeze`: per node, the row (0: none) of `rows` to OR into the mask. */
  anyEnd = new Int32Array(1);
  runEnd = new Int32Array(1);
  /**
   * After `freeze`: the rows, each a list of (mask word, bits) pairs, the few words of the mask that the row
   * sets (a row holds the slots of the words ending at one node: most have one). Row r is pairs
   * `rowStart[r]`..`rowStart[r + 1]` of `rowPairs`.
   */
  private rowStart = new Int32Array(1);
  private rowPairs = new Int32Array(0);
  /**
   * After `freeze`: entry `a * 37 + b` is 1 when a walk from a letter or digit coded `a` followed by one coded
   * `b` (`END`: the run ends after `a`) can reach a word: some word begins with the two, or `a` alone is one.
   */
  private firstSteps = new Uint8Array(36 * 37);
  nodes = 1;

  add(word: string, slot: number, whole: 0 | 1): void {
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
        this.anyEndSlots.push(undefined);
        this.runEndSlots.push(undefined);
      }
      node = next;
    }
    const lists = whole ? this.runEndSlots : this.anyEndSlots;
    (lists[node] ??= []).push(slot);
  }

  freeze(words: number): void {
    this.child = this.child.slice(0, this.nodes * 36);
    const rows: number[][] = [[]];
    const rowOf = new Map<string, number>();
    const index = (slots: number[] | undefined): number => {
      if (!slots) return 0;
      const key = slots.join();
      let row = rowOf.get(key);
      if (row === undefined) {
        rowOf.set(key, (row = rows.length));
        rows.push(slots);
      }
      return row;
    };
    this.anyEnd = Int32Array.from(this.anyEndSlots, index);
    this.runEnd = Int32Array.from(this.runEndSlots, index);
    this.rowStart = new Int32Array(rows.length + 1);
    const pairs: number[] = [];
    rows.forEach((slots, row) => {
      const bits = new Int32Array(words);
      for (const slot of slots) bits[slot >>> 5]! |= 1 << (slot & 31);
      for (let w = 0; w < words; w++) if (bits[w]) pairs.push(w, bits[w]!);
      this.rowStart[row + 1] = pairs.length / 2;
    });
    this.rowPairs = Int32Array.from(pairs);
    this.setFirstSteps();
  }

  private setFirstSteps(): void {
    for (let a = 0; a < 36; a++) {
      const node = this.child[a]!;
      if (node === 0) continue;
      const alone = this.anyEnd[node] !== 0 || this.runEnd[node] !== 0;
      if (alone) this.firstSteps[a * 37 + END] = 1;
      for (let b = 0; b < 36; b++) if (alone || this.child[node * 36 + b] !== 0) this.firstSteps[a * 37 + b] = 1;
    }
  }

  /** The frozen trie as `TrieTables`. */
  tables(): TrieTables {
    const edges = new Array<number>(2 * (this.nodes - 1));
    for (let parent = 0; parent < this.nodes; parent++) {
      for (let c = 0; c < 36; c++) {
        const node = this.child[parent * 36 + c]!;
        if (node === 0) continue;
        edges[2 * (node - 1)] = node - 1 - parent;
        edges[2 * (node - 1) + 1] = c;
      }
    }
    const pairs = (rows: Int32Array) => {
      const out: number[] = [];
      rows.forEach((row, node) => row && out.push(node, row));
      return out;
    };
    return { edges, anyEnd: pairs(this.anyEnd), runEnd: pairs(this.runEnd), rowStart: [...this.rowStart], rowPairs: [...this.rowPairs] };
  }

  /** Takes a frozen trie's tables (`tables`) instead of words added one by one. */
  load(tables: TrieTables): void {
    const { edges, anyEnd, runEnd } = tables;
    this.nodes = edges.length / 2 + 1;
    this.child = new Int32Array(this.nodes * 36);
    for (let node = 1; node < this.nodes; node++) this.child[(node - 1 - edges[2 * (node - 1)]!) * 36 + edges[2 * (node - 1) + 1]!] = node;
    this.anyEnd = new Int32Array(this.nodes);
    for (let at = 0; at < anyEnd.length; at += 2) this.anyEnd[anyEnd[at]!] = anyEnd[at + 1]!;
    this.runEnd = new Int32Array(this.nodes);
    for (let at = 0; at < runEnd.length; at += 2) this.runEnd[runEnd[at]!] = runEnd[at + 1]!;
    this.rowStart = Int32Array.from(tables.rowStart);
    this.rowPairs = Int32Array.from(tables.rowPairs);
    this.setFirstSteps();
  }

  /** ORs row `row`'s bits into `mask`. */
  or(mask: Int32Array, row: number): void {
    const pairs = this.rowPairs;
    const end = 2 * this.rowStart[row + 1]!;
    for (let at = 2 * this.rowStart[row]!; at < end; at += 2) mask[pairs[at]!]! |= pairs[at + 1]!;
  }

  /**
   * Whether a walk from a run's letter or digit coded `a`, followed by one coded `b` (`END` when the run ends
   * there), can find a word (see `firstSteps`).
   */
  mayBegin(a: number, b: number): boolean {
    return this.firstSteps[a * 37 + b] === 1;
  }

  /** ORs into `mask` the slots of the words that begin text[from, to) (all letters and digits), or are all of it. */
  walkForward(text: string, from: number, to: number, mask: Int32Array): void {
    const child = this.child;
    let node = 0;
    for (let q = from; q < to; q++) {
      node = child[node * 36 + CODE[text.charCodeAt(q)]!]!;
      if (node === 0) return;
      const row = this.anyEnd[node]!;
      if (row) this.or(mask, row);
    }
    const row = this.runEnd[node]!;
    if (row) this.or(mask, row);
  }
}

/** In `Trie.mayBegin`, for the code of the character after the last of a run. */
const END = 36;

/** `CombinedPrefilter.test`'s nodes of the walks of unbounded words still going in the current token (grows). */
let insideWalks = new Int32Array(64);

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
