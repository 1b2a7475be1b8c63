// Compiles phrase rules (data) to regular expressions and runs them over prose segments.
import type { PhrasePattern, PhraseRule } from './types.ts';
import { PLACEHOLDER, TIME_PLACEHOLDER } from '../engine/prose/proseText.ts';

/** Whitespace and placeholders between two words of a phrase. */
const GAP = `(?:[\\s${PLACEHOLDER}${TIME_PLACEHOLDER}]+)`;
const WORD_BEFORE = "(?<![\\p{L}\\p{N}_'])";
const WORD_AFTER = '(?![\\p{L}\\p{N}_])';

/** Contractions written either way in a pattern match both forms in the text. */
const CONTRACTIONS: Array<[string, string]> = [
  ["we'll", 'we will'], ["we're", 'we are'], ["we've", 'we have'], ["we'd", 'we would'],
  ["i'll", 'i will'], ["i'm", 'i am'], ["i've", 'i have'], ["i'd", 'i would'],
  ["you'll", 'you will'], ["you're", 'you are'], ["you've", 'you have'], ["you'd", 'you would'],
  ["it's", 'it is'], ["that's", 'that is'], ["there's", 'there is'], ["here's", 'here is'], ["what's", 'what is'],
  ["they're", 'they are'], ["they'll", 'they will'], ["they've", 'they have'], ["let's", 'let us'],
  ["don't", 'do not'], ["doesn't", 'does not'], ["didn't", 'did not'], ["isn't", 'is not'], ["aren't", 'are not'],
  ["wasn't", 'was not'], ["weren't", 'were not'], ["won't", 'will not'], ["can't", 'cannot|can not'],
  ["couldn't", 'could not'], ["shouldn't", 'should not'], ["wouldn't", 'would not'], ["haven't", 'have not'],
  ["hasn't", 'has not'], ["hadn't", 'had not'],
];

const CONTRACTION_PATTERNS = CONTRACTIONS.map(([short, long]) => {
  const forms = [short, ...long.split('|')];
  const either = forms.map((f) => f.replace(/'/g, "'").replace(/ /g, ' ')).join('|');
  return { find: new RegExp(`(?<![\\p{L}'])(?:${forms.map((f) => f.replace(/'/g, "'")).join('|')})(?![\\p{L}])`, 'giu'), either };
});

/** Turns the pattern language into a regular expression source. */
export function compilePatternSource(match: string): string {
  let source = match.trim();
  for (const { find, either } of CONTRACTION_PATTERNS) source = source.replace(find, `(?:${either})`);
  // Spaces in the pattern (outside character classes) match any gap; `'` matches only a straight apostrophe
  // since prose text has curly quotes straightened already.
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      out += ch + (source[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    if (ch === ' ' && !inClass) {
      while (source[i + 1] === ' ') i++;
      out += GAP;
      continue;
    }
    out += ch;
  }
  return out;
}

export interface CompiledPhraseRule {
  rule: PhraseRule;
  regex: RegExp;
  patterns: PhrasePattern[];
  unlessSentence?: RegExp;
  unlessParagraph?: RegExp;
  onlyIfSentence?: RegExp;
}

function alternation(patterns: string[] | undefined): RegExp | undefined {
  if (!patterns?.length) return undefined;
  return new RegExp(`${WORD_BEFORE}(?:${patterns.map((p) => `(?:${compilePatternSource(p)})`).join('|')})${WORD_AFTER}`, 'iu');
}

const compiledCache = new WeakMap<PhraseRule, CompiledPhraseRule>();

/** Compiles a phrase rule once; throws a clear error for a pattern that is not a valid expression. */
export function compilePhraseRule(rule: PhraseRule): CompiledPhraseRule {
  const cached = compiledCache.get(rule);
  if (cached) return cached;
  const patterns = rule.patterns.map((p) => (typeof p === 'string' ? { match: p } : p));
  // One word-boundary check shared by every alternative: three times faster than one per alternative.
  const source = `${WORD_BEFORE}(?:${patterns.map((p, i) => `(?<p${i}>${compilePatternSource(p.match)})`).join('|')})${WORD_AFTER}`;
  const compiled: CompiledPhraseRule = {
    rule,
    regex: new RegExp(source, 'giu'),
    patterns,
    unlessSentence: alternation(rule.unless?.sentence),
    unlessParagraph: alternation(rule.unless?.paragraph),
    onlyIfSentence: alternation(rule.onlyIf?.sentence),
  };
  compiledCache.set(rule, compiled);
  return compiled;
}

export interface PhraseMatch {
  start: number;
  end: number;
  pattern: PhrasePattern;
}

/** Runs one compiled rule over a segment's text. */
export function matchPhrases(compiled: CompiledPhraseRule, text: string): PhraseMatch[] {
  const matches: PhraseMatch[] = [];
  const regex = compiled.regex;
  regex.lastIndex = 0;
  // Many matches in one long sentence must not re-scan it each time: boundaries and verdicts are computed once.
  let stops: SentenceStop[] | undefined;
  const verdicts = new Map<string, boolean>();
  const verdict = (key: string, test: () => boolean) => {
    let v = verdicts.get(key);
    if (v === undefined) verdicts.set(key, (v = test()));
    return v;
  };
  let m: RegExpExecArray | null;
  while ((m = regex.exec(text))) {
    if (m[0].length === 0) {
      regex.lastIndex++;
      continue;
    }
    const index = Object.entries(m.groups ?? {}).find(([, v]) => v !== undefined)?.[0];
    const pattern = compiled.patterns[Number(index?.slice(1) ?? 0)]!;
    const start = m.index;
    const end = m.index + m[0].length;
    if (compiled.unlessSentence || compiled.onlyIfSentence) {
      stops ??= sentenceStops(text);
      const [s, e] = sentenceIn(stops, text.length, start, end);
      const keep = verdict(`s${s}:${e}`, () => {
        const sentence = text.slice(s, e);
        if (compiled.unlessSentence?.test(sentence)) return false;
        return !compiled.onlyIfSentence || compiled.onlyIfSentence.test(sentence);
      });
      if (!keep) continue;
    }
    if (compiled.unlessParagraph) {
      const [s, e] = paragraphAround(text, start, end);
      if (verdict(`p${s}:${e}`, () => compiled.unlessParagraph!.test(text.slice(s, e)))) continue;
    }
    matches.push({ start, end, pattern });
  }
  return matches;
}

const SENTENCE_END = /(?<![.!?])[.!?]+["')\]]*(?=\s|$)|\n/g;

/** The sentence holding text[start, end): from after the previous sentence end to the next one. */
export function sentenceAround(text: string, start: number, end: number): [number, number] {
  let from = 0;
  let to = text.length;
  SENTENCE_END.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SENTENCE_END.exec(text))) {
    const stop = m.index + m[0].length;
    if (stop <= start) from = stop;
    else if (m.index >= end - 1 && m.index >= start) {
      to = stop;
      break;
    }
  }
  return [from, to];
}

interface SentenceStop {
  index: number;
  stop: number;
}

function sentenceStops(text: string): SentenceStop[] {
  const stops: SentenceStop[] = [];
  const re = new RegExp(SENTENCE_END.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) stops.push({ index: m.index, stop: m.index + m[0].length });
  return stops;
}

/** `sentenceAround` over precomputed sentence ends, by binary search. */
function sentenceIn(stops: SentenceStop[], length: number, start: number, end: number): [number, number] {
  let lo = 0;
  let hi = stops.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (stops[mid]!.stop <= start) lo = mid + 1;
    else hi = mid;
  }
  const from = lo > 0 ? stops[lo - 1]!.stop : 0;
  for (let i = lo; i < stops.length; i++) {
    const s = stops[i]!;
    if (s.index >= end - 1 && s.index >= start) return [from, s.stop];
  }
  return [from, length];
}

export function paragraphAround(text: string, start: number, end: number): [number, number] {
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const next = text.indexOf('\n', end);
  return [from, next < 0 ? text.length : next];
}
