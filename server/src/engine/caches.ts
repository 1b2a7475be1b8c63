// What the engine remembers between lints, sized for who is linting. An editor re-lints the same few files on
// every keystroke: full-size text memos and the last trees pay there. A run over thousands of different files
// (`candor check`, the server's index workers) meets most texts once.
import { rememberRepeatsOnly, scaleTextMemos } from './textMemo.ts';
import { keepParsedTemplates } from './parse/reparse.ts';

/**
 * Caches for one pass over many files: text memos at a sixteenth of their size (enough for partials and
 * boilerplate repeated across templates, without megabytes held per thread), keeping answers only for texts met
 * more than once, and no tree kept for a next edit (a kept tree outlives young-generation collections, so every
 * tree of the pass was copied and promoted).
 */
export function sizeCachesForOnePass(): void {
  scaleTextMemos(1 / 16);
  rememberRepeatsOnly(true);
  keepParsedTemplates(0);
}
