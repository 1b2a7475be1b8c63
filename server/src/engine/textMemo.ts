// Answers remembered per segment text. A re-lint after an edit builds new segments, but all except the edited ones
// have the same text as before, so what depends only on a segment's text (phrase matches, prefilter masks,
// next-step answers, commitments) is looked up instead of computed again.
//
// Each memo holds two generations: a text asked about again moves to the current one, and when the current one
// is full (by entries or characters) it becomes the older one and the oldest is dropped. So the segments of the
// files being edited stay, and memory is bounded however long the server runs. Keys are copies of the texts
// (`detached`): a segment's text is often a slice of its whole template, which the key would keep alive.
import { detached } from './text.ts';

/** Limits of one generation: the largest of them at the defaults is a few megabytes of text. */
export interface MemoLimits {
  texts: number;
  chars: number;
}

const memos = new Set<TextMemo<unknown>>();
let scale = 1;
let repeatsOnly = false;
/** Hashes of texts met once that a memo remembers before it starts over (about a megabyte of small integers). */
const MET_ONCE_LIMIT = 1 << 16;

/**
 * Scales every memo's limits (1: the defaults, for an editor re-linting the same files). A run over thousands
 * of different files, like `candor check`, meets each text about once: small memos there still catch partials
 * and boilerplate repeated across templates, without holding megabytes per worker.
 */
export function scaleTextMemos(factor: number): void {
  scale = factor;
  for (const memo of memos) memo.clear();
}

/**
 * Whether memos keep an answer only for a text they have met before (on for a run over thousands of files). Most
 * texts of such a run come once, and an answer kept for them outlives young-generation collections, which then
 * copy and promote it for nothing: in a 10,000-template check the memos were most of what the worker promoted.
 * A text met once is remembered by a 30-bit hash only (of at most about 64 of its code units); a collision just
 * keeps an answer one meeting early.
 * The editor keeps every answer: the text around an edit comes again at the very next keystroke.
 */
export function rememberRepeatsOnly(on: boolean): void {
  repeatsOnly = on;
  for (const memo of memos) memo.clear();
}

/** Forgets every remembered answer (tests compare warm and cold runs with it). */
export function clearTextMemos(): void {
  for (const memo of memos) memo.clear();
}

/**
 * What a text's owner keeps of it for the memos (a prose segment): the text's hash once one memo has worked it out
 * (-1 until then), so the others, each asked about the same segment, do not hash it again.
 */
export interface HashedText {
  textHash: number;
}

export class TextMemo<V> {
  private recent = new Map<string, V>();
  private older = new Map<string, V>();
  private recentChars = 0;
  /** Hashes of the texts met once so far (see `rememberRepeatsOnly`). */
  private metOnce: Set<number> | undefined;

  constructor(private readonly limits: MemoLimits) {
    memos.add(this as TextMemo<unknown>);
  }

  /** The answer remembered for `text` (moved to the current generation), or undefined. */
  get(text: string): V | undefined {
    const found = this.recent.get(text);
    if (found !== undefined) return found;
    const older = this.older.get(text);
    if (older !== undefined) this.add(detached(text), older);
    return older;
  }

  /**
   * The remembered answer, or `make`'s, remembered; `make` gets a copy of the text that is safe to keep. `owner`:
   * where the text's hash is kept (see `HashedText`).
   */
  getOrMake(text: string, make: (key: string) => V, owner?: HashedText): V {
    const found = this.recent.get(text);
    if (found !== undefined) return found;
    // One path for an answer from the older generation (moved to the current one) and a new answer: every call on
    // it has run long before V8 optimises the callers. A path of its own, first taken when the memo first turned
    // over, threw their optimised code away (the engine's `lintModel` among them).
    const key = detached(text);
    const older = this.older.get(text);
    const value = older !== undefined ? older : make(key);
    if (older !== undefined || this.admits(key, owner)) this.add(key, value);
    return value;
  }

  /** Remembers (or replaces) the answer for `text` (`owner`: as for `getOrMake`). */
  set(text: string, value: V, owner?: HashedText): void {
    if (this.recent.has(text)) this.recent.set(text, value);
    else if (this.admits(text, owner)) this.add(detached(text), value);
  }

  clear(): void {
    this.recent = new Map();
    this.older = new Map();
    this.recentChars = 0;
    this.metOnce = undefined;
  }

  /** Whether to keep an answer for `text`: always, or (`rememberRepeatsOnly`) when the text was met before. */
  private admits(text: string, owner: HashedText | undefined): boolean {
    if (!repeatsOnly) return true;
    let hash: number;
    if (owner === undefined) hash = hashOf(text);
    else if ((hash = owner.textHash) < 0) hash = owner.textHash = hashOf(text);
    const met = (this.metOnce ??= new Set());
    if (met.has(hash)) return true;
    if (met.size >= MET_ONCE_LIMIT) met.clear();
    met.add(hash);
    return false;
  }

  private add(key: string, value: V): void {
    if (this.recent.size >= this.limits.texts * scale || this.recentChars + key.length > this.limits.chars * scale) {
      this.older = this.recent;
      this.recent = new Map();
      this.recentChars = 0;
    }
    this.recent.set(key, value);
    this.recentChars += key.length;
  }
}

/**
 * FNV-1a over the UTF-16 code units (of a text longer than 64, about 64 of them evenly spread: hashing all of every
 * text a check meets cost ≈ 1 % of its instructions), cut to 30 bits so that V8 keeps it as a small integer.
 */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  const step = text.length > 64 ? text.length >> 6 : 1;
  for (let i = 0; i < text.length; i += step) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash ^ text.length) & 0x3fffffff;
}
