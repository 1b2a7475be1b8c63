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

/**
 * Scales every memo's limits (1: the defaults, for an editor re-linting the same files). A run over thousands
 * of different files, like `candor check`, meets each text about once: small memos there still catch partials
 * and boilerplate repeated across templates, without holding megabytes per worker.
 */
export function scaleTextMemos(factor: number): void {
  scale = factor;
  for (const memo of memos) memo.clear();
}

/** Forgets every remembered answer (tests compare warm and cold runs with it). */
export function clearTextMemos(): void {
  for (const memo of memos) memo.clear();
}

export class TextMemo<V> {
  private recent = new Map<string, V>();
  private older = new Map<string, V>();
  private recentChars = 0;

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

  /** The remembered answer, or `make`'s, remembered; `make` gets a copy of the text that is safe to keep. */
  getOrMake(text: string, make: (key: string) => V): V {
    const found = this.get(text);
    if (found !== undefined) return found;
    const key = detached(text);
    const value = make(key);
    this.add(key, value);
    return value;
  }

  /** Remembers (or replaces) the answer for `text`. */
  set(text: string, value: V): void {
    if (this.recent.has(text)) this.recent.set(text, value);
    else this.add(detached(text), value);
  }

  clear(): void {
    this.recent = new Map();
    this.older = new Map();
    this.recentChars = 0;
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
