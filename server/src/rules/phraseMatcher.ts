// Compiles phrase rules (data) to regular expressions and runs them over prose segments.
import type { PhrasePattern, PhraseRule } from './types.ts';
import { PLACEHOLDER, TIME_PLACEHOLDER } from '../engine/prose/proseText.ts';
import { UNICODE_CLASS_RANGES } from './unicodeClasses.ts';
import { PREFILTER_ALSO, PREFILTER_DATA, PREFILTER_TABLES } from './prefilterData.ts';
import { CombinedPrefilter, hasSlot } from './combinedPrefilter.ts';
import { TextMemo, type HashedText } from '../engine/textMemo.ts';

/** Whitespace and placeholders between two words of a phrase. */
const GAP = `(?:[\\s${PLACEHOLDER}${TIME_PLACEHOLDER}]+)`;
const WORD_BEFORE = "(?<![\\p{L}\\p{N}_'])";
const WORD_AFTER = '(?![\\p{L}\\p{N}_])';

/** Contractions written either way in a pattern match both forms in the text. */
export const CONTRACTIONS: ReadonlyArray<readonly [string, string]> = [
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

interface ContractionPattern {
  find: RegExp;
  either: string;
  /** The forms `find` looks for, in lower case (all ASCII). */
  forms: string[];
}

let contractionPatterns: { unicode: ContractionPattern[]; ascii: ContractionPattern[] } | undefined;

/** Per contraction: its forms as written, and the same without `u` for ASCII sources (equal there, far cheaper to compile). */
function contractionPatternsFor(kind: 'unicode' | 'ascii'): ContractionPattern[] {
  contractionPatterns ??= { unicode: [], ascii: [] };
  const list = contractionPatterns[kind];
  if (list.length) return list;
  for (const [short, long] of CONTRACTIONS) {
    const forms = [short, ...long.split('|')];
    const either = forms.map((f) => f.replace(/'/g, "'").replace(/ /g, ' ')).join('|');
    const alternatives = forms.map((f) => f.replace(/'/g, "'")).join('|');
    list.push({
      find: kind === 'unicode' ? new RegExp(`(?<![\\p{L}'])(?:${alternatives})(?![\\p{L}])`, 'giu') : new RegExp(`(?<![A-Za-z'])(?:${alternatives})(?![A-Za-z])`, 'gi'),
      either,
      forms,
    });
  }
  return list;
}

/**
 * Any contraction form between ASCII word boundaries. When it finds none, no contraction pass can change the
 * source: `\p{L}` boundaries are stricter, and only ſ and the Kelvin sign fold onto ASCII letters under `u`.
 */
const ANY_CONTRACTION = new RegExp(`(?<![A-Za-z'])(?:${CONTRACTIONS.flatMap(([short, long]) => [short, ...long.split('|')]).join('|')})(?![A-Za-z])`, 'i');
const FOLDS_TO_ASCII = /[\u017F\u212A]/;
const NON_ASCII = /[^\x00-\x7F]/;
const PATTERN_TOKENS = /\\[\s\S]|\[|\]| +/g;

/** Turns the pattern language into a regular expression source. */
export function compilePatternSource(match: string): string {
  let source = match.trim();
  const folds = FOLDS_TO_ASCII.test(source);
  if (folds || ANY_CONTRACTION.test(source)) {
    source = withOverlappingForms(source);
    // A contraction's expression matches only where one of its forms is written, in any case: the forms are
    // ASCII, and no other letter folds onto an ASCII one but ſ and the Kelvin sign (then every pass runs). So a
    // pass whose forms are not in the source (lower-cased) would change nothing, and its expression, compiled on
    // first use, is not built for it.
    let lower = folds ? '' : source.toLowerCase();
    for (const { find, either, forms } of contractionPatternsFor(NON_ASCII.test(source) ? 'unicode' : 'ascii')) {
      if (!folds && !forms.some((form) => lower.includes(form))) continue;
      const replaced = source.replace(find, `(?:${either})`);
      if (replaced !== source && !folds) lower = replaced.toLowerCase();
      source = replaced;
    }
  }
  // Spaces in the pattern (outside character classes) match any gap; `'` matches only a straight apostrophe
  // since prose text has curly quotes straightened already.
  let inClass = false;
  return source.replace(PATTERN_TOKENS, (token) => {
    if (token === '[') inClass = true;
    else if (token === ']') inClass = false;
    else if (token[0] === ' ' && !inClass) return GAP;
    return token;
  });
}

/**
 * Three words in which two contractions overlap, each of them written the three ways it can be. The contraction
 * passes of `compilePatternSource` turn one contraction's words into a group, which hides a word it shares with
 * another from that one's pass ("we will" goes first, and "will not" is no longer there to find; "we won't" gives
 * "we (?:won't|will not)", where "we will" is not either). Two-word forms overlap at most in pairs: the second of a
 * pair ends with "not", which begins no form. Every such pair of `CONTRACTIONS`, listed rather than worked out in
 * each process (a test works them out and compares).
 */
export const OVERLAPPING_CONTRACTIONS: ReadonlyArray<readonly [string, string, string]> = [
  ['we will not', "we'll not", "we won't"],
  ['we are not', "we're not", "we aren't"],
  ['we have not', "we've not", "we haven't"],
  ['we would not', "we'd not", "we wouldn't"],
  ['i will not', "i'll not", "i won't"],
  ['i have not', "i've not", "i haven't"],
  ['i would not', "i'd not", "i wouldn't"],
  ['you will not', "you'll not", "you won't"],
  ['you are not', "you're not", "you aren't"],
  ['you have not', "you've not", "you haven't"],
  ['you would not', "you'd not", "you wouldn't"],
  ['it is not', "it's not", "it isn't"],
  ['that is not', "that's not", "that isn't"],
  ['there is not', "there's not", "there isn't"],
  ['here is not', "here's not", "here isn't"],
  ['what is not', "what's not", "what isn't"],
  ['they are not', "they're not", "they aren't"],
  ['they will not', "they'll not", "they won't"],
  ['they have not', "they've not", "they haven't"],
];

/** `source` with each run of overlapping contractions, however written, as a group of its three ways. */
function withOverlappingForms(source: string): string {
  const lower = source.toLowerCase();
  let present: string[] | undefined;
  for (let t = 0; t < OVERLAPPING_CONTRACTIONS.length; t++) {
    const ways = OVERLAPPING_CONTRACTIONS[t]!;
    for (let w = 0; w < 3; w++) if (lower.includes(ways[w]!)) (present ??= []).push(ways[w]!);
  }
  if (present === undefined) return source;
  // Only the ways the source holds: an expression of all of them took milliseconds to compile in a fresh process.
  const find = NON_ASCII.test(source)
    ? new RegExp(`(?<![\\p{L}'])(?:${present.join('|')})(?![\\p{L}])`, 'giu')
    : new RegExp(`(?<![A-Za-z'])(?:${present.join('|')})(?![A-Za-z])`, 'gi');
  return source.replace(find, (written) => {
    // Under `u`, ſ and the Kelvin sign match s and k too: such a spelling is left to the passes.
    const lowered = written.toLowerCase();
    const ways = OVERLAPPING_CONTRACTIONS.find((all) => all.includes(lowered));
    return ways ? `(?:${ways.join('|')})` : written;
  });
}

/** Expressions of one phrase rule, compiled for one kind of text. */
export interface UnlessExpressions {
  unlessSentence?: RegExp;
  unlessParagraph?: RegExp;
  onlyIfSentence?: RegExp;
}

export interface RuleExpressions extends UnlessExpressions {
  regex: RegExp;
}

export interface CompiledPhraseRule extends RuleExpressions {
  rule: PhraseRule;
  /** `regex` and the `unless`/`onlyIf` expressions above are the rule as written, with the `u` flag. */
  patterns: PhrasePattern[];
  /**
   * The same expressions without the `u` flag, exact on ASCII text and on the ASCII shadow of other BMP text
   * (see `textKind` and `asciiShadow`); undefined when the sources use something only `u` reads the same way.
   */
  ascii?: RuleExpressions;
  /**
   * Literal words of which every match must contain one (case-insensitively), as one expression: a segment
   * without any of them cannot match, so the rule's expression is not run on it. Undefined when some pattern
   * has no such word (the rule then always runs).
   */
  prefilter?: RegExp;
  /**
   * The slots of the rule's patterns (pattern k at `first + k`) in the combined prefilter of the built-in rules
   * (`segmentPrefilterMask`), which answers for every pattern of every built-in rule in one pass per segment;
   * undefined: the rule is not one of those (it tests `prefilter` itself).
   */
  readonly prefilterSlots?: PatternSlots;
  /** Names of the pattern groups, `p0`, `p1`, …, in order. */
  groupNames: string[];
  /** Where `SegmentMatches` keeps this rule's matches in its list (see `FAST_SLOTS`); undefined or -1: by the rule. */
  readonly slot?: number;
  /**
   * Pattern k alone, as `regex` would match it (same word boundaries, `g` flag), without `u` when `ascii` (then
   * read on the ASCII subject); built on first use. `onText`: the pattern could not be written without `u`, so
   * this is the `u` expression, to be run on the text itself (same positions as its shadow).
   */
  patternExpression?(k: number, ascii: boolean): PatternExpression;
  /** The `unless`/`onlyIf` expressions of `ascii` alone (undefined when one cannot be written without `u`). */
  asciiLists?(): UnlessExpressions | undefined;
}

export interface PatternSlots {
  first: number;
  count: number;
  /**
   * Pattern k's second slot, or -1: a second set of pieces every match also holds one of (another part of the
   * pattern, see `secondPrefilterPieces`). Pattern k can match only where both its slots are set.
   */
  also: Int32Array;
}

/** Whether pattern `k` of a rule with these slots can match a text with this combined prefilter mask. */
export function patternMayMatch(mask: Int32Array, slots: PatternSlots, k: number): boolean {
  if (!hasSlot(mask, slots.first + k)) return false;
  const also = slots.also[k]!;
  return also < 0 || hasSlot(mask, also);
}

/**
 * The first pattern `k >= from` of a rule with these slots that can match a text with this mask
 * (`patternMayMatch`), or -1. The rule's first slots are consecutive bits of the mask: they are read 32 at a time
 * and only the set ones are looked at, where asking each pattern in turn read a bit per pattern (most segments
 * leave every pattern of most rules out).
 */
export function nextPatternMayMatch(mask: Int32Array, slots: PatternSlots, from: number): number {
  const first = slots.first;
  const end = first + slots.count;
  for (let slot = first + from; slot < end; slot = (slot | 31) + 1) {
    const word = slot >>> 5;
    // The bits of this mask word from `slot` on, and before `end`.
    let bits = mask[word]! & (-1 << (slot & 31));
    const left = end - (word << 5);
    if (left < 32) bits &= (1 << left) - 1;
    while (bits !== 0) {
      const lowest = bits & -bits;
      const k = (word << 5) + 31 - Math.clz32(lowest) - first;
      const also = slots.also[k]!;
      if (also < 0 || hasSlot(mask, also)) return k;
      bits ^= lowest;
    }
  }
  return -1;
}

export interface PatternExpression {
  regex: RegExp;
  onText: boolean;
}

function alternationSource(patterns: string[] | undefined): string | undefined {
  if (!patterns?.length) return undefined;
  return `${WORD_BEFORE}(?:${patterns.map((p) => `(?:${compilePatternSource(p)})`).join('|')})${WORD_AFTER}`;
}

/**
 * `alternationSource(patterns)` without `u` (`withoutUnicodeFlag`), as an expression for lower-cased subjects
 * (`asciiExpression`), converting each pattern on its own (see `inWords`); undefined when one cannot be converted.
 */
function asciiAlternation(patterns: string[] | undefined, flags: string): RegExp | undefined {
  if (!patterns?.length) return undefined;
  const bodies: string[] = [];
  for (const pattern of patterns) {
    const body = withoutUnicodeFlag(compilePatternSource(pattern));
    if (body === undefined) return undefined;
    bodies.push(`(?:${body})`);
  }
  return asciiExpression(bodies.join('|'), flags, true);
}

/**
 * An expression without `u` (`converted`, written for `flags`, which have `i`) that reads the lower-cased subject
 * (`lowerCased`): case-folded and compiled without `i` where `foldCase` can rewrite it, else with `i` (which reads
 * the lower-cased subject as it reads the subject). `words`: `converted` is a body to put between the word
 * boundaries of phrase patterns (see `inWords`).
 */
function asciiExpression(converted: string, flags: string, words: boolean): RegExp {
  const folded = foldCase(converted);
  if (folded !== undefined) return new RegExp(words ? inWords(folded, true) : folded, flags.replace('i', ''));
  return new RegExp(words ? inWords(converted, false) : converted, flags);
}

let asciiWords: [before: string, after: string, foldedBefore: string, foldedAfter: string] | undefined;

/**
 * `${WORD_BEFORE}(?:${body})${WORD_AFTER}` for a body already converted (`withoutUnicodeFlag`), and case-folded
 * when `folded` (`foldCase`): the fixed parts are converted once. The same as converting (and folding) the whole:
 * both read a token and whether it stands in a class, and a valid body opens and closes its own classes (the whole
 * is compiled with `u`, which refuses a lone bracket); the parts around it end in no range a token of the body
 * could be the end of.
 */
function inWords(body: string, folded: boolean): string {
  if (!asciiWords) {
    const before = withoutUnicodeFlag(WORD_BEFORE)!;
    const after = withoutUnicodeFlag(WORD_AFTER)!;
    asciiWords = [before, after, foldCase(before)!, foldCase(after)!];
  }
  return folded ? `${asciiWords[2]}(?:${body})${asciiWords[3]}` : `${asciiWords[0]}(?:${body})${asciiWords[1]}`;
}

function alternation(patterns: string[] | undefined): RegExp | undefined {
  const source = alternationSource(patterns);
  return source === undefined ? undefined : new RegExp(source, 'iu');
}

const compiledCache = new WeakMap<PhraseRule, CompiledPhraseRule>();

/**
 * A compiled rule whose expressions are built on first use: a run that only reads ASCII text never builds the
 * `u` expressions, one that never meets text needing `u` never builds them either, and the prefilter is derived
 * on the first segment that asks for it. Same expressions, same answers as building them all up front.
 */
/**
 * Compiled rules numbered as they are made, the first `FAST_SLOTS` of them (the built-ins and a team's first rules):
 * a segment keeps their matches in a list by number. A language server that reloads a config many times makes new
 * rule objects each time; those past the limit are kept by the rule object instead.
 */
const FAST_SLOTS = 64;
let nextSlot = 0;

class LazyCompiledPhraseRule implements CompiledPhraseRule {
  readonly rule: PhraseRule;
  readonly slot: number;
  readonly patterns: PhrasePattern[];
  readonly groupNames: string[];
  private _bodies: string[] | undefined;
  /** Pattern sources converted so far, by index: a rule the prefilter narrows down converts only those patterns. */
  private readonly someBodies: Array<string | undefined> = [];
  private _source: string | undefined;
  private built = 0;
  private _regex: RegExp | undefined;
  private _unlessSentence: RegExp | undefined;
  private _unlessParagraph: RegExp | undefined;
  private _onlyIfSentence: RegExp | undefined;
  private _ascii: RuleExpressions | undefined;
  private _asciiLists: UnlessExpressions | undefined;
  private _prefilter: RegExp | undefined;
  private _prefilterSlots: PatternSlots | undefined | null = null;
  private readonly byPattern: Array<PatternExpression | undefined> = [];

  constructor(rule: PhraseRule) {
    this.rule = rule;
    this.slot = nextSlot < FAST_SLOTS ? nextSlot++ : -1;
    this.patterns = rule.patterns.map((p) => (typeof p === 'string' ? { match: p } : p));
    this.groupNames = this.patterns.map((_, i) => `p${i}`);
  }

  /** The expression source of every pattern (`compilePatternSource`), converted on first use. */
  private get bodies(): string[] {
    return (this._bodies ??= this.patterns.map((_, k) => this.body(k)));
  }

  private body(k: number): string {
    return (this.someBodies[k] ??= compilePatternSource(this.patterns[k]!.match));
  }

  /** All patterns as one expression. One word-boundary check shared by every alternative: three times faster than one per alternative. */
  private get source(): string {
    return (this._source ??= `${WORD_BEFORE}(?:${this.bodies.map((b, i) => `(?<p${i}>${b})`).join('|')})${WORD_AFTER}`);
  }

  private once(bit: number): boolean {
    if (this.built & bit) return false;
    this.built |= bit;
    return true;
  }

  get regex(): RegExp {
    if (this.once(1)) this._regex = new RegExp(this.source, 'giu');
    return this._regex!;
  }

  get unlessSentence(): RegExp | undefined {
    if (this.once(2)) this._unlessSentence = alternation(this.rule.unless?.sentence);
    return this._unlessSentence;
  }

  get unlessParagraph(): RegExp | undefined {
    if (this.once(4)) this._unlessParagraph = alternation(this.rule.unless?.paragraph);
    return this._unlessParagraph;
  }

  get onlyIfSentence(): RegExp | undefined {
    if (this.once(8)) this._onlyIfSentence = alternation(this.rule.onlyIf?.sentence);
    return this._onlyIfSentence;
  }

  get ascii(): RuleExpressions | undefined {
    if (this.once(16)) this._ascii = asciiExpressions(this.source, this.rule);
    return this._ascii;
  }

  asciiLists(): UnlessExpressions | undefined {
    if (this.once(64)) this._asciiLists = this.built & 16 ? this._ascii : asciiExpressions(undefined, this.rule);
    return this._asciiLists;
  }

  get prefilter(): RegExp | undefined {
    if (this.once(32)) this._prefilter = prefilterOf(this.patterns, () => this.bodies);
    return this._prefilter;
  }

  get prefilterSlots(): PatternSlots | undefined {
    if (this._prefilterSlots === null) {
      this._prefilterSlots = builtinPrefilter().slots.get(prefilterKey(this.patterns.map((p) => p.match)));
    }
    return this._prefilterSlots;
  }

  patternExpression(k: number, ascii: boolean): PatternExpression {
    const at = ascii ? 2 * k + 1 : 2 * k;
    let built = this.byPattern[at];
    if (!built) {
      const body = this.body(k);
      const convertedBody = ascii ? withoutUnicodeFlag(body) : undefined;
      built =
        convertedBody === undefined
          ? { regex: new RegExp(`${WORD_BEFORE}(?:${body})${WORD_AFTER}`, 'giu'), onText: ascii }
          : { regex: asciiExpression(convertedBody, 'gi', true), onText: false };
      this.byPattern[at] = built;
    }
    return built;
  }
}

/** Compiles a phrase rule once; throws a clear error for a pattern that is not a valid expression. */
export function compilePhraseRule(rule: PhraseRule): CompiledPhraseRule {
  const compiled = phraseRuleFor(rule);
  // Build every expression now, so that an invalid pattern throws here (config loading reports it).
  void [compiled.regex, compiled.unlessSentence, compiled.unlessParagraph, compiled.onlyIfSentence, compiled.ascii, compiled.prefilter];
  return compiled;
}

/**
 * The compiled rule with its expressions built on first use (see `LazyCompiledPhraseRule`): for rules known to be
 * valid (the built-ins, and user rules, which config loading compiles with `compilePhraseRule` first).
 */
export function phraseRuleFor(rule: PhraseRule): CompiledPhraseRule {
  let compiled = compiledCache.get(rule);
  if (!compiled) compiledCache.set(rule, (compiled = new LazyCompiledPhraseRule(rule)));
  return compiled;
}

/**
 * The rule's expressions without `u` (see `withoutUnicodeFlag`), or undefined when one cannot be written so;
 * without a main source, only the `unless`/`onlyIf` lists.
 */
function asciiExpressions(source: string, rule: PhraseRule): RuleExpressions | undefined;
function asciiExpressions(source: undefined, rule: PhraseRule): UnlessExpressions | undefined;
function asciiExpressions(source: string | undefined, rule: PhraseRule): UnlessExpressions | undefined {
  try {
    const main = source === undefined ? undefined : withoutUnicodeFlag(source);
    if (source !== undefined && main === undefined) return undefined;
    const out: UnlessExpressions & { regex?: RegExp } = main === undefined ? {} : { regex: asciiExpression(main, 'gi', false) };
    const lists = { unlessSentence: rule.unless?.sentence, unlessParagraph: rule.unless?.paragraph, onlyIfSentence: rule.onlyIf?.sentence } as const;
    for (const key of Object.keys(lists) as Array<keyof typeof lists>) {
      if (!lists[key]?.length) continue;
      const expression = asciiAlternation(lists[key], 'i');
      if (expression === undefined) return undefined;
      out[key] = expression;
    }
    return out;
  } catch {
    return undefined;
  }
}

/**
 * How the phrase expressions read a text: 0, ASCII (and placeholders), by the expressions without `u`; 1, other
 * BMP text, by those expressions on its ASCII shadow; 2, by the expressions as written (`u`), for text with
 * astral characters, with ſ or the Kelvin sign (the only characters `u` case-folds onto ASCII letters), or with
 * the private-use characters the shadow uses.
 */
export type TextKind = 0 | 1 | 2;

const NOT_ASCII = /[^\x00-\x7F\uE000\uE001]/;
const NEEDS_UNICODE = /[\u017F\u212A\uD800-\uDFFF\uE002-\uE011]/;

export function textKind(text: string): TextKind {
  if (!NOT_ASCII.test(text)) return 0;
  return NEEDS_UNICODE.test(text) ? 2 : 1;
}

/**
 * Shadow characters: a non-ASCII letter or number stands for the set of `\p{L}`, `\p{N}`, `\p{Lu}`, `\p{Ll}`
 * (under `iu`) it belongs to, as U+E002 + bits (L 1, N 2, Lu 4, Ll 8). Other non-ASCII characters stay: they
 * are in none of those classes, are not cased, and `\s`, `\S`, `.` and literals read them the same without `u`.
 */
const SHADOW_BASE = 0xe002;
const BITS: Array<[string, number]> = [
  ['\\p{L}', 1],
  ['\\p{N}', 2],
  ['\\p{Lu}', 4],
  ['\\p{Ll}', 8],
];
const ASCII_PART: Record<string, string> = { '\\p{L}': 'A-Za-z', '\\p{N}': '0-9', '\\p{Lu}': 'A-Z', '\\p{Ll}': 'a-z' };

/** `\p{…}` → the ASCII characters and shadow characters standing for it, for a class without `u`. */
const ASCII_CLASSES: Record<string, string> = Object.fromEntries(
  BITS.map(([name, bit]) => {
    let shadows = '';
    for (let bits = 1; bits < 16; bits++) if (bits & bit) shadows += `\\u${(SHADOW_BASE + bits - 1).toString(16).toUpperCase()}`;
    return [name, ASCII_PART[name]! + shadows];
  }),
);

/**
 * Each class's generated ranges as a class without flags: they list every member under `iu` already, so each
 * matches exactly those code units. Four small compiles on the first non-ASCII letter; parsing the ranges into
 * tables instead took several times as long in a fresh process.
 */
let classTests: Array<[RegExp, number]> | undefined;
const shadowCache = new Map<string, string>();

/** The shadow character of `ch` (a BMP code unit), or `ch` when it is in none of the classes. */
export function shadowOf(ch: string): string {
  let out = shadowCache.get(ch);
  if (out !== undefined) return out;
  classTests ??= BITS.map(([name, bit]) => [new RegExp(`[${UNICODE_CLASS_RANGES[name]!}]`), bit]);
  let bits = 0;
  for (const [klass, bit] of classTests) if (klass.test(ch)) bits |= bit;
  out = bits ? String.fromCharCode(SHADOW_BASE + bits - 1) : ch;
  shadowCache.set(ch, out);
  return out;
}

const NON_ASCII_G = /[^\x00-\x7F\uE000\uE001]/g;

/**
 * The same text, stored by V8 with two bytes per character. V8 compiles an expression separately for one-byte
 * and two-byte subjects, and segments come in both (a placeholder or a shadow character makes a text two-byte):
 * a one-file run compiled most big rule expressions twice. Handing every expression two-byte text compiles each
 * once. Same characters, so the same matches; only V8's storage differs (a text that is already two-byte, or
 * that V8 stores otherwise in some version, just costs a copy).
 */
export function twoByte(text: string): string {
  if (!text || !ONE_BYTE.test(text)) return text;
  // Joining with a two-byte character makes the whole two-byte; the slice keeps that storage.
  return (text + '\uE000').slice(0, text.length);
}

/** Text every character of which fits in one byte: V8 may store it one-byte. */
const ONE_BYTE = /^[\x00-\xFF]*$/;

/** The same-length text the expressions without `u` read for a text of kind 1. */
export function asciiShadow(text: string): string {
  return text.replace(NON_ASCII_G, shadowOf);
}

/**
 * A text of kind 0 or its shadow (kind 1) in lower case, as the case-folded expressions read it (see `foldCase`).
 * Such a text has no letter outside ASCII (the shadow stands for them), so lower-casing changes its ASCII letters
 * and at most a few cased symbols (Ⓐ), which no expression without `u` tells from their other case, and keeps
 * every character where it was; the guard only makes that certain.
 */
export function lowerCased(subject: string): string {
  // Most texts have a capital near their start; for the others this scan saves a copy (through ICU for a two-byte
  // text, which V8 makes whether or not a character changes).
  if (!ASCII_UPPER.test(subject)) return subject;
  const lower = subject.toLowerCase();
  return lower.length === subject.length ? lower : subject.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

const ASCII_UPPER = /[A-Z]/;

/**
 * Sources `foldCase` returns as they are: no upper-case letter, and no escape but of a character that is neither
 * letter nor digit, or `\b \d \f \n \r \s \t \v \w \D \S \W` (`\B` is the letter B in a class; `\101` is an A).
 */
const NOTHING_TO_FOLD = /(?:[^\\A-Z]|\\[^A-Za-z0-9]|\\[bdfnrstvwDSW])*/y;
/** What `foldCase` reads: letter escapes, other escapes, named groups, class brackets, upper-case letters and ranges of them. */
const FOLD_TOKENS = /\\u[0-9A-Fa-f]{4}|\\x[0-9A-Fa-f]{2}|\\[\s\S]|\(\?<[^=!][^>]*>|\[\^?|\]|[A-Z]-[A-Z]|[A-Z]/g;
const SAFE_LETTER_ESCAPES = 'bBdDsSwWnrtfv';

/**
 * An expression without `u`, written for the `i` flag, rewritten to match case-sensitively on lower-cased text
 * (`lowerCased`) exactly where it matches the text with `i`: without `u`, `i` folds only ASCII letters onto each
 * other, so upper-case letters become lower-case and a class with upper-case members gets their lower-case forms
 * too (`[A-Z_]` → `[A-Z_a-z]`, `[^A-Z]` → `[^A-Za-z]`, as `i` reads them on text that has no upper case). V8
 * compiles an expression without `i` in about two thirds of the time. Undefined where that is not certain: a
 * letter written as an escape (`\x41`, `\u0061`, `\101`), back references, `\c` and `\k` escapes, an escape V8
 * reads as the letter itself, a range between an upper-case letter and anything but one, a group name with upper
 * case.
 */
export function foldCase(source: string): string | undefined {
  NOTHING_TO_FOLD.lastIndex = 0;
  if (NOTHING_TO_FOLD.exec(source)![0].length === source.length) return source;
  let out = '';
  let copied = 0;
  // Where the members of the class being read start (after `[` or `[^`), or -1 outside classes.
  let classStart = -1;
  let added = '';
  FOLD_TOKENS.lastIndex = 0;
  for (let m: RegExpExecArray | null; (m = FOLD_TOKENS.exec(source)); ) {
    const token = m[0];
    const at = m.index;
    const first = token.charCodeAt(0);
    if (first === 0x5c) {
      const letter = token[1]!;
      // A back reference, or an octal escape (`\101` is an A): not certain.
      if (letter >= '0' && letter <= '9') {
        if (letter !== '0' || /[0-9]/.test(source[at + 2] ?? '')) return undefined;
        continue;
      }
      // (In a class `\B` is not the anchor but the letter.)
      if (!/[A-Za-z]/.test(letter) || (SAFE_LETTER_ESCAPES.includes(letter) && !(letter === 'B' && classStart >= 0))) continue;
      if ((letter === 'u' && token.length === 6) || (letter === 'x' && token.length === 4)) {
        if (/[A-Za-z]/.test(String.fromCharCode(parseInt(token.slice(2), 16)))) return undefined;
        continue;
      }
      return undefined;
    }
    if (first === 0x28) {
      if (/[A-Z]/.test(token)) return undefined;
      continue;
    }
    if (first === 0x5b) {
      if (classStart < 0) classStart = at + token.length;
      continue;
    }
    if (first === 0x5d) {
      if (classStart >= 0 && added) {
        // Added at the end of the class; before a last `-` that is not escaped, which they would make a range of.
        let put = at;
        if (source[at - 1] === '-') {
          let escapes = 0;
          while (source[at - 2 - escapes] === '\\') escapes++;
          if (escapes % 2 === 0) put = at - 1;
        }
        out += source.slice(copied, put) + added;
        copied = put;
      }
      classStart = -1;
      added = '';
      continue;
    }
    // An upper-case letter, or a range of them.
    if (classStart < 0) {
      out += source.slice(copied, at) + token.toLowerCase();
      copied = at + token.length;
      continue;
    }
    // In a class: a letter next to a `-` that is not the class's first member may be an end of a range to or from
    // something else.
    const after = at + token.length;
    if ((source[at - 1] === '-' && at - 1 > classStart) || (token.length === 1 && source[after] === '-' && source[after + 1] !== ']')) return undefined;
    added += token.toLowerCase();
  }
  return copied === 0 ? source : out + source.slice(copied);
}

/**
 * Rewrites an expression written for the `iu` flags into one without `u` that matches exactly the same on ASCII
 * text and on ASCII shadows (text of kinds 0 and 1): `\p{L}` is `A-Za-z` plus the shadow characters of letters,
 * and so on (with `i`, `[A-Z]` matches lower case too, as `\p{Lu}` does under `iu`). Refused (undefined): other
 * properties, `\u{…}`, ſ and the Kelvin sign, and non-ASCII letters or numbers as literals (their shadow would
 * not match them).
 */
export function withoutUnicodeFlag(source: string): string | undefined {
  // Nothing to convert or refuse (most pattern bodies): no `\p`, `\P` or `\u`, and no non-ASCII character but
  // the placeholders, none of them next to a `-` (a range end).
  if (!MAY_NEED_CONVERSION.test(source)) return source;
  let inClass = false;
  let refused = false;
  const out = source.replace(UNICODE_TOKENS, (token, offset: number) => {
    // A class range with a non-ASCII end (`[×-÷]`) may span letters the shadow replaces: refuse.
    if (inClass && (token.length === 1 ? token.charCodeAt(0) > 0x7f : token[1] === 'u') && inRange(source, offset, token.length)) refused = true;
    if (token === '[') inClass = true;
    else if (token === ']') inClass = false;
    else if (token[0] === '\\') {
      const next = token[1];
      if (next === 'p' || next === 'P') {
        const ranges = ASCII_CLASSES[`\\p${token.slice(2)}`];
        if (ranges === undefined || (next === 'P' && inClass)) refused = true;
        else return next === 'P' ? `[^${ranges}]` : inClass ? ranges : `[${ranges}]`;
      } else if (next === 'u') {
        if (token.length < 6) refused = true;
        else if (!literalReadsTheSame(parseInt(token.slice(2), 16))) refused = true;
      }
    } else if (!literalReadsTheSame(token.charCodeAt(0))) refused = true;
    return token;
  });
  return refused ? undefined : out;
}

/** Whether the class member at `offset` is an end of a range (`a-b`). */
function inRange(source: string, offset: number, length: number): boolean {
  const before = source[offset - 1] === '-' && source[offset - 2] !== '[' && !(source[offset - 2] === '^' && source[offset - 3] === '[');
  const after = source[offset + length] === '-' && source[offset + length + 1] !== ']';
  return before || after;
}

const MAY_NEED_CONVERSION = /\\[pPu]|[^\x00-\x7F\uE000\uE001]|[\uE000\uE001]-|-[\uE000\uE001]/;

/** `\p{…}`, `\u…` (both forms), other escapes, class brackets and non-ASCII characters. */
const UNICODE_TOKENS = /\\[pP]\{[^}]*\}|\\u(?:[0-9A-Fa-f]{4})?|\\[\s\S]|\[|\]|[^\x00-\x7F]/g;

/** Whether a literal character matches the same without `u` on kinds 0 and 1 (surrogates: kind 2 text only). */
function literalReadsTheSame(code: number): boolean {
  if (Number.isNaN(code)) return false;
  if (code <= 0x7f || isSurrogate(code) || code === 0xe000 || code === 0xe001) return true;
  if (code === 0x17f || code === 0x212a) return false;
  const ch = String.fromCharCode(code);
  return shadowOf(ch) === ch && ch.toLowerCase() === ch && ch.toUpperCase() === ch;
}

function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

/**
 * Bump when `prefilterPieces` (or `requiredPieces`) changes what it derives, or the format of `PREFILTER_DATA`
 * changes: the precomputed prefilters of the built-in rules (`prefilterData.ts`, written by
 * `node bench/prefilters.mjs --write`) are then ignored until regenerated, and every rule derives its prefilter
 * again at start-up.
 */
export const PREFILTER_VERSION = 5;

/**
 * Key of a rule in `PREFILTER_DATA`: the derivation version and the rule's patterns as written (their `match`es),
 * joined. The text itself, not a hash of it: V8 hashes a string key in native code, where hashing the built-in
 * rules' 18,000 characters in JavaScript took ≈ 3 ms of every fresh process. Keyed by the patterns as written, not
 * their converted sources, so that looking a rule up converts none of them; a change to `compilePatternSource`
 * that changes what the pieces are makes the data stale, which the prefilter tests (and `node bench/prefilters.mjs`)
 * report.
 */
export function prefilterKey(patterns: readonly string[]): string {
  return `${PREFILTER_VERSION}\u0001${patterns.join('\u0001')}`;
}

/**
 * A prefilter piece as stored in `PREFILTER_DATA`: one digit for its boundaries (1 left, 2 right, 3 both, 0
 * neither), then the word. Short, and unambiguous whatever characters the word holds.
 */
export function encodePiece(piece: RequiredWord): string {
  return `${(piece.left === 1 ? 1 : 0) + (piece.right === 1 ? 2 : 0)}${piece.word}`;
}

function decodePiece(code: string): RequiredWord {
  const flags = code.charCodeAt(0) - 48;
  return { word: code.slice(1), left: flags & 1 ? 1 : 0, right: flags & 2 ? 1 : 0 };
}

/**
 * The prefilter pieces of a rule: for a built-in rule whose patterns are unchanged, the precomputed pieces of its
 * patterns joined (deriving them in a fresh process costs more than linting a small template), else derived from
 * the patterns. The same pieces either way: `prefilterPieces` of all bodies is its bodies' pieces joined.
 */
function knownPrefilterPieces(patterns: readonly PhrasePattern[], bodies: () => readonly string[]): RequiredWord[] | undefined {
  const known = PREFILTER_DATA[prefilterKey(patterns.map((p) => p.match))];
  if (known === undefined) return prefilterPieces(bodies());
  const words = new Map<string, RequiredWord>();
  for (const pattern of known) {
    if (pattern === null) return undefined;
    for (const code of pattern) if (!words.has(code)) words.set(code, decodePiece(code));
  }
  return words.size ? [...words.values()] : undefined;
}

function prefilterOf(patterns: readonly PhrasePattern[], bodies: () => readonly string[]): RegExp | undefined {
  const pieces = knownPrefilterPieces(patterns, bodies);
  return pieces === undefined ? undefined : new RegExp(piecesSource(pieces), 'i');
}

let combined: { prefilter: CombinedPrefilter; slots: Map<string, PatternSlots> } | undefined;

/**
 * The combined prefilter of the patterns of the built-in rules (every rule in `PREFILTER_DATA`): by the rule's
 * key, the slot of its first pattern (its other patterns in the slots after it) and each pattern's second slot.
 * A rule whose patterns changed has another key, so it has no slots and tests its own prefilter, as user rules do.
 */
function builtinPrefilter(): { prefilter: CombinedPrefilter; slots: Map<string, PatternSlots> } {
  if (combined) return combined;
  // The generated tables are the prefilter `combinedPrefilterOf` builds from the same data (a test holds them to
  // it): taken whole, unless they do not number as many entries (then built, as a generated file out of step
  // would otherwise give every rule the wrong slots).
  const numbered = combinedPrefilterOf(PREFILTER_DATA, PREFILTER_ALSO, true);
  combined = numbered.count === PREFILTER_TABLES.slots ? { prefilter: CombinedPrefilter.fromTables(PREFILTER_TABLES), slots: numbered.slots } : combinedPrefilterOf(PREFILTER_DATA, PREFILTER_ALSO, false);
  return combined;
}

type PrefilterData = Readonly<Record<string, ReadonlyArray<readonly string[] | null>>>;

/**
 * The combined prefilter of precomputed pieces (`PREFILTER_DATA`'s shape): each rule's patterns get slots in order,
 * then the second sets they have, and each rule's slots are keyed by its `prefilterKey`. With `numberOnly`, the
 * slots are numbered without building the prefilter (its tables are generated: see `builtinPrefilter`).
 */
export function combinedPrefilterOf(data: PrefilterData, also: PrefilterData, numberOnly: true): { slots: Map<string, PatternSlots>; count: number };
export function combinedPrefilterOf(data: PrefilterData, also: PrefilterData, numberOnly: false): { prefilter: CombinedPrefilter; slots: Map<string, PatternSlots>; count: number };
export function combinedPrefilterOf(data: PrefilterData, also: PrefilterData, numberOnly: boolean): { prefilter?: CombinedPrefilter; slots: Map<string, PatternSlots>; count: number } {
  const prefilter = numberOnly ? undefined : new CombinedPrefilter();
  let count = 0;
  // `add` numbers entries the same way: 0, 1, 2…
  const add = (pieces: readonly string[] | null | undefined): number => (prefilter ? (count++, prefilter.add(pieces?.map(decodePiece))) : count++);
  const slots = new Map<string, PatternSlots>();
  for (const key of Object.keys(data)) {
    const patterns = data[key]!;
    let first = -1;
    for (let k = 0; k < patterns.length; k++) {
      const slot = add(patterns[k]);
      if (k === 0) first = slot;
    }
    const seconds = also[key];
    const alsoSlots = new Int32Array(patterns.length);
    for (let k = 0; k < patterns.length; k++) {
      const pieces = seconds?.[k];
      alsoSlots[k] = pieces ? add(pieces) : -1;
    }
    if (first >= 0) slots.set(key, { first, count: patterns.length, also: alsoSlots });
  }
  return { prefilter, slots, count };
}

/**
 * For each pattern of the built-in rules, its slot's bit (see `hasSlot`): whether the pattern's prefilter
 * expression finds one of its pieces in `text`, or the pattern has none (the same answers, computed for all
 * patterns in one pass). The engine asks once per segment text: `SegmentMatches.mask` keeps the answer for as
 * long as the text's matches are remembered.
 */
export function segmentPrefilterMask(text: string): Int32Array {
  return builtinPrefilter().prefilter.test(text);
}

/**
 * The pieces of which every match of some body contains one (a segment with none of them cannot match), each at
 * most once, or undefined when some body guarantees none or a piece could read differently with and without `u`.
 */
export function prefilterPieces(bodies: readonly string[]): RequiredWord[] | undefined {
  const words = new Map<string, RequiredWord>();
  for (const body of bodies) {
    const required = requiredPieces(body);
    if (!required) return undefined;
    for (const w of required) if (!words.has(pieceKey(w))) words.set(pieceKey(w), w);
  }
  if (!words.size || ![...words.values()].every(readsTheSameWithoutU)) return undefined;
  return [...words.values()];
}

/** Keep it exact: only words whose case-insensitive test is the same with and without `u` (ASCII and uncased). */
function readsTheSameWithoutU({ word }: RequiredWord): boolean {
  for (const c of word) if (c.charCodeAt(0) > 0x7f && !isSurrogate(c.charCodeAt(0)) && (c.toLowerCase() !== c || c.toUpperCase() !== c)) return false;
  return true;
}

/**
 * A second set of pieces for one pattern body: another part of it that every match also holds one of (see
 * `requiredPieceSets`), or undefined. A piece set tells little when it holds a common word ("now", "back" and
 * "information" let most segments through); testing two parts of a pattern skips most of the segments that
 * hold only one of them.
 */
export function secondPrefilterPieces(body: string): RequiredWord[] | undefined {
  const second = requiredPieceSets(body)?.[1];
  if (!second || !second.every(readsTheSameWithoutU)) return undefined;
  const words = new Map<string, RequiredWord>();
  for (const w of second) if (!words.has(pieceKey(w))) words.set(pieceKey(w), w);
  return [...words.values()];
}

/** A piece's word with its boundaries, for keeping each piece once. */
function pieceKey(w: RequiredWord): string {
  return `${w.left === 1 ? '<' : ''}${w.word}${w.right === 1 ? '>' : ''}`;
}

/**
 * One case-insensitive expression (flag `i`, no `u`) testing for any of the pieces. A piece at a word boundary
 * in every match is tested as a whole word ("end" must not admit "send"); the char next to it in the text is
 * then a space, a placeholder or punctuation, never an ASCII letter or digit.
 */
export function piecesSource(pieces: readonly RequiredWord[]): string {
  const sources = pieces.map(({ word, left, right }) => `${left === 1 ? '(?<![A-Za-z0-9])' : ''}${word.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}${right === 1 ? '(?![A-Za-z0-9])' : ''}`);
  return [...new Set(sources)].join('|');
}

/** The source of one case-insensitive expression testing for any word every match must contain, or undefined. */
export function prefilterSource(bodies: readonly string[]): string | undefined {
  const pieces = prefilterPieces(bodies);
  return pieces === undefined ? undefined : piecesSource(pieces);
}

/**
 * A literal piece every match contains, and whether it is bounded on each side in every match: 1 yes (a gap,
 * punctuation or the match's own boundary is next to it), 0 no, 2 "if the enclosing group is" (resolved by the caller).
 */
export interface RequiredWord {
  word: string;
  left: 0 | 1 | 2;
  right: 0 | 1 | 2;
}

/** Words in most English segments: a prefilter on them would let nearly every segment through. */
const COMMON_WORDS = new Set(
  'the a an and or but not no to of in on at by for from with as if so is are was were be been it its this that these those all any some just only very will would can could have has had do does did we i you your our my me us they their them he she get got make give come back next when how what able also'.split(' '),
);

/** The literal strings of which every match of `source` contains at least one (lower-cased), or undefined. */
export function requiredWords(source: string): string[] | undefined {
  const pieces = requiredPieces(source);
  return pieces && [...new Set(pieces.map((p) => p.word))];
}

/**
 * The literal pieces of which every match of a pattern body contains at least one, or undefined when the
 * expression guarantees none. Reads groups, alternatives, classes, escapes and quantifiers; lookarounds and
 * anchors are zero-width and keep literal runs together. In a sequence, the best-known required piece is chosen:
 * the alternative set with no very common word whose shortest word is longest. The body's own edges are word
 * boundaries (the rule's expression puts its boundary checks around every body).
 */
export function requiredPieces(source: string): RequiredWord[] | undefined {
  return requiredPieceSets(source)?.[0];
}

/**
 * `requiredPieces` and, for a body that is one sequence (no `|` at its top level), the next best set, of another
 * part of that sequence, scored the same way: every match holds one piece of each set. At most two sets.
 */
export function requiredPieceSets(source: string): RequiredWord[][] | undefined {
  let i = 0;
  /** Nesting of groups at the reading position, and the ranked candidates of each top-level sequence read. */
  let depth = 0;
  const topLevel: RequiredWord[][][] = [];
  type Atom =
    | { kind: 'char'; ch: string }
    | { kind: 'group'; req: RequiredWord[] | undefined; gap: boolean }
    | { kind: 'any' }
    | { kind: 'zero' };

  const alternatives = (): RequiredWord[] | undefined => {
    const branches = [sequence()];
    while (source[i] === '|') {
      i++;
      branches.push(sequence());
    }
    if (branches.some((b) => b === undefined)) return undefined;
    return branches.flat() as RequiredWord[];
  };

  const atom = (): Atom => {
    const ch = source[i]!;
    if (ch === '(') {
      const gap = source.startsWith(GAP, i);
      i++;
      depth++;
      let zero = false;
      if (source[i] === '?') {
        if (source[i + 1] === ':') i += 2;
        else if (source[i + 1] === '=' || source[i + 1] === '!') (i += 2), (zero = true);
        else if (source[i + 1] === '<' && (source[i + 2] === '=' || source[i + 2] === '!')) (i += 3), (zero = true);
        else if (source[i + 1] === '<') i = source.indexOf('>', i) + 1;
        else throw new Error('unsupported group');
      }
      const req = alternatives();
      if (source[i] !== ')') throw new Error('unbalanced group');
      i++;
      depth--;
      return zero ? { kind: 'zero' } : { kind: 'group', req, gap };
    }
    if (ch === '[') {
      i++;
      if (source[i] === '^') i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
      return { kind: 'any' };
    }
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      i += 2;
      if (next === 'b' || next === 'B') return { kind: 'zero' };
      if (next === 'p' || next === 'P' || (next === 'u' && source[i] === '{')) {
        i = source.indexOf('}', i) + 1;
        return { kind: 'any' };
      }
      if (/[A-Za-z0-9]/.test(next)) return { kind: 'any' };
      return { kind: 'char', ch: next };
    }
    i++;
    if (ch === '^' || ch === '$') return { kind: 'zero' };
    if (ch === '.') return { kind: 'any' };
    return { kind: 'char', ch };
  };

  /** Minimum and maximum repetitions of the quantifier at `i` (1 and 1 when there is none). */
  const quantifier = (): [number, number] => {
    const ch = source[i];
    let min = 1;
    let max = 1;
    if (ch === '*' || ch === '?') (min = 0), (max = ch === '?' ? 1 : Infinity), i++;
    else if (ch === '+') (max = Infinity), i++;
    else if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
      if (!m) return [1, 1];
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity;
      i += m[0].length;
    } else return [1, 1];
    if (source[i] === '?') i++;
    return [min, max];
  };

  /** Whether an atom, repeated `min`..`max` times, is always present and is never a letter or digit. */
  const isSeparator = (a: Atom, min: number): boolean =>
    min >= 1 && ((a.kind === 'group' && a.gap) || (a.kind === 'char' && !/[A-Za-z0-9_]/.test(a.ch) && a.ch.charCodeAt(0) < 0x80));

  const sequence = (): RequiredWord[] | undefined => {
    const top = depth === 0;
    const candidates: RequiredWord[][] = [];
    let run = '';
    let runLeft: 0 | 1 | 2 = 2;
    /** The boundary state before the next atom: 2 at the sequence start, 1 after a separator, 0 otherwise. */
    let before: 0 | 1 | 2 = 2;
    /** Group candidates waiting to learn what follows their group. */
    let pending: RequiredWord[] | undefined;
    const settle = (after: 0 | 1 | 2) => {
      if (run) candidates.push([{ word: run, left: runLeft, right: after }]);
      run = '';
      if (pending) for (const w of pending) if (w.right === 2) w.right = after;
      pending = undefined;
    };
    while (i < source.length && source[i] !== '|' && source[i] !== ')') {
      const a = atom();
      const [min, max] = quantifier();
      if (a.kind === 'zero') continue;
      const separator = isSeparator(a, min);
      if (a.kind === 'char' && min === 1 && max === 1 && !separator) {
        if (pending) settle(0);
        if (!run) runLeft = before;
        run += a.ch.toLowerCase();
        before = 0;
        continue;
      }
      settle(separator ? 1 : 0);
      if (a.kind === 'char' && min >= 1 && !separator) {
        // `a+`, `a{2,}`: the character is required but repeats; it ends any run.
        candidates.push([{ word: a.ch.toLowerCase(), left: before, right: 0 }]);
      } else if (a.kind === 'group' && min > 0 && a.req) {
        const exact = min === 1 && max === 1;
        const words = a.req.map((w) => ({ word: w.word, left: w.left === 2 ? (exact ? before : 0) : w.left, right: w.right === 2 && !exact ? 0 : w.right }));
        candidates.push(words);
        pending = words;
      }
      before = separator ? 1 : 0;
    }
    settle(2);
    const ranked = rank(candidates);
    if (top) topLevel.push(ranked);
    return ranked[0];
  };

  /**
   * The best candidate and the next best. Pieces without a very common word first (any piece is correct; rarer ones
   * skip more segments), then longer ones, then bounded ones.
   */
  const rank = (candidates: RequiredWord[][]): RequiredWord[][] => {
    const score = (c: RequiredWord[]) =>
      (c.some((w) => COMMON_WORDS.has(w.word)) ? 0 : 1000) + 4 * Math.min(...c.map((w) => w.word.length)) + (c.every((w) => w.left === 1 || w.right === 1) ? 1 : 0);
    const better = (c: RequiredWord[], than: RequiredWord[] | undefined) => !than || score(c) > score(than) || (score(c) === score(than) && c.length < than.length);
    let best: RequiredWord[] | undefined;
    for (const c of candidates) if (better(c, best)) best = c;
    if (!best) return [];
    let next: RequiredWord[] | undefined;
    for (const c of candidates) if (c !== best && better(c, next)) next = c;
    return next ? [best, next] : [best];
  };

  // The body's edges are word boundaries.
  const edges = (set: RequiredWord[]) => set.map((w) => ({ word: w.word, left: w.left === 2 ? 1 : w.left, right: w.right === 2 ? 1 : w.right }));
  try {
    const result = alternatives();
    if (i !== source.length) return undefined;
    if (!result?.length || result.some((w) => w.word.length === 0)) return undefined;
    const sets = [edges(result)];
    const second = topLevel.length === 1 ? topLevel[0]![1] : undefined;
    if (second?.length && !second.some((w) => w.word.length === 0)) sets.push(edges(second));
    return sets;
  } catch {
    return undefined;
  }
}

export interface PhraseMatch {
  start: number;
  end: number;
  pattern: PhrasePattern;
}

/**
 * Runs one compiled rule over a segment's text. `kind` is `textKind(text)` and `subject` the text the
 * expressions without `u` read (`asciiShadow(text)` for kind 1), which callers running many rules over one segment
 * compute once. Those expressions read it lower-cased (see `foldCase`); their matches are positions, which
 * lower-casing keeps.
 */
export function matchPhrases(
  compiled: CompiledPhraseRule,
  text: string,
  kind: TextKind = textKind(text),
  subject = kind === 1 ? asciiShadow(text) : text,
  mask?: Int32Array,
  /** `subject` is already lower-cased and `twoByte` (as `SegmentMatches.subject` is), so it is not made again. */
  prepared = false,
): PhraseMatch[] {
  // The patterns that can match, for a rule in the combined prefilter; undefined: all of them, by `regex`.
  let candidates: number[] | undefined;
  // Text that needs `u` (kind 2) is never prefiltered: a piece's `i` test could differ there.
  if (kind !== 2) {
    const slots = compiled.prefilterSlots;
    if (slots && compiled.patternExpression) {
      mask ??= segmentPrefilterMask(text);
      for (let k = nextPatternMayMatch(mask, slots, 0); k >= 0; k = nextPatternMayMatch(mask, slots, k + 1)) (candidates ??= []).push(k);
      if (!candidates) return [];
    } else if (compiled.prefilter && !compiled.prefilter.test(text)) return [];
  }
  const matches: PhraseMatch[] = [];
  // Read without `u` where the rule can be (see `ascii`). Pattern by pattern, only the `unless`/`onlyIf` lists
  // need converting first: each pattern falls back to its `u` expression on its own. Either way the same matches
  // (sentence and paragraph ends are the same in a text and its shadow: only letters and numbers differ).
  const fast: UnlessExpressions | undefined = kind === 2 ? undefined : candidates && compiled.asciiLists ? compiled.asciiLists() : compiled.ascii;
  const expressions: UnlessExpressions = fast ?? compiled;
  // The expressions read two-byte text (see `twoByte`): without `fast`, the text itself; with it, the subject in
  // lower case (see `foldCase`).
  if (!fast) subject = twoByte(text);
  else if (!prepared) subject = twoByte(lowerCased(subject));
  const { unlessSentence, onlyIfSentence, unlessParagraph } = expressions;
  // Many matches in one long sentence must not re-scan it each time: boundaries and verdicts are computed once.
  let stops: SentenceStop[] | undefined;
  let verdicts: Map<string, boolean> | undefined;
  const verdict = (key: string, test: () => boolean) => {
    verdicts ??= new Map();
    let v = verdicts.get(key);
    if (v === undefined) verdicts.set(key, (v = test()));
    return v;
  };
  const accept = (start: number, end: number, pattern: PhrasePattern): void => {
    if (unlessSentence || onlyIfSentence) {
      stops ??= sentenceStops(subject);
      const [s, e] = sentenceIn(stops, subject.length, start, end);
      const keep = verdict(`s${s}:${e}`, () => {
        const sentence = subject.slice(s, e);
        if (unlessSentence?.test(sentence)) return false;
        return !onlyIfSentence || onlyIfSentence.test(sentence);
      });
      if (!keep) return;
    }
    if (unlessParagraph) {
      const [s, e] = paragraphAround(subject, start, end);
      if (verdict(`p${s}:${e}`, () => unlessParagraph.test(subject.slice(s, e)))) return;
    }
    matches.push({ start, end, pattern });
  };
  if (candidates) {
    scanPatterns(compiled, candidates, subject, !!fast, text, accept);
    return matches;
  }
  // Without candidates, `fast` is the whole of `ascii` (or nothing).
  const { regex } = (fast as RuleExpressions | undefined) ?? compiled;
  regex.lastIndex = 0;
  const names = compiled.groupNames;
  let m: RegExpExecArray | null;
  while ((m = regex.exec(subject))) {
    if (m[0].length === 0) {
      regex.lastIndex++;
      continue;
    }
    const groups = m.groups;
    let index = 0;
    if (groups) for (let g = 0; g < names.length; g++) if (groups[names[g]!] !== undefined) {
      index = g;
      break;
    }
    accept(m.index, m.index + m[0].length, compiled.patterns[index]!);
  }
  return matches;
}

/**
 * The matches the rule's `regex` would find, from the expressions of the patterns that can match alone. `regex`
 * is the patterns as alternatives between shared word boundaries: at a position it matches as the first pattern
 * (in rule order) that matches there, and the scan goes on after the match (a match consumes its text). So: each
 * pattern's next match from the scan position, the leftmost one wins (on a tie, the earlier pattern), and a
 * pattern's next match is looked for again only once the scan has passed its start. Patterns the prefilter ruled
 * out cannot match anywhere, so they change nothing. A run of one short template compiles only the patterns its
 * text could match, not every rule's whole alternation.
 */
function scanPatterns(
  compiled: CompiledPhraseRule,
  candidates: readonly number[],
  subject: string,
  ascii: boolean,
  text: string,
  accept: (start: number, end: number, pattern: PhrasePattern) => void,
): void {
  const n = candidates.length;
  // Pushed, not `map`ped: `map` gives packed lists in unoptimised callers and holey ones once inlined.
  const expressions: PatternExpression[] = [];
  for (let c = 0; c < n; c++) expressions.push(compiled.patternExpression!(candidates[c]!, ascii));
  // Each candidate's next match: start (-1: none left; below `pos`: to look for again) and end.
  const starts = new Array<number>(n).fill(-2);
  const ends = new Array<number>(n).fill(0);
  let onTextSubject: string | undefined;
  let pos = 0;
  for (;;) {
    let best = -1;
    for (let c = 0; c < n; c++) {
      if (starts[c] === -1) continue;
      if (starts[c]! < pos) {
        const { regex, onText } = expressions[c]!;
        regex.lastIndex = pos;
        const m = regex.exec(onText ? (onTextSubject ??= twoByte(text)) : subject);
        if (!m) {
          starts[c] = -1;
          continue;
        }
        starts[c] = m.index;
        ends[c] = m.index + m[0].length;
      }
      if (best < 0 || starts[c]! < starts[best]!) best = c;
    }
    if (best < 0) return;
    const start = starts[best]!;
    const end = ends[best]!;
    if (end === start) {
      // As `regex` does: an empty match moves the scan on by one.
      pos = start + 1;
      continue;
    }
    pos = end;
    accept(start, end, compiled.patterns[candidates[best]!]!);
  }
}

/**
 * What the phrase rules found in one segment text, remembered across lints: a language server re-lints a whole
 * template on every edit, and an edit changes one segment's text while the others come back identical. The
 * matches of a rule depend only on the compiled rule and the text (`matchPhrases` is a pure function of both:
 * the expressions are fixed once built and each run resets them), so a match list found once is the list found
 * again. Keyed by the compiled rule object, so a changed config (new rule objects) never reads old results.
 * Callers must not change the returned lists.
 */
export class SegmentMatches {
  readonly text: string;
  private _kind: TextKind | -1 = -1;
  private _subject: string | undefined;
  private _mask: Int32Array | undefined;
  /** Match lists by rule slot (see `FAST_SLOTS`: a list is cheaper to make and read than a map per segment). */
  private readonly bySlot: Array<readonly PhraseMatch[] | undefined> = [];
  /** Match lists of rules without a slot. */
  private byRule: Map<CompiledPhraseRule, readonly PhraseMatch[]> | undefined;

  constructor(text: string) {
    this.text = text;
  }

  get kind(): TextKind {
    if (this._kind === -1) this._kind = textKind(this.text);
    return this._kind;
  }

  /** The text the expressions without `u` read (see `matchPhrases`), built once per text and only when a rule needs it. */
  get subject(): string {
    return (this._subject ??= twoByte(lowerCased(this.kind === 1 ? asciiShadow(this.text) : this.text)));
  }

  /** The text's combined prefilter mask (`segmentPrefilterMask`), computed once for all the rules asking. */
  get mask(): Int32Array {
    return (this._mask ??= segmentPrefilterMask(this.text));
  }

  /** `matchPhrases(compiled, text)`, run once per rule for this text. */
  matches(compiled: CompiledPhraseRule): readonly PhraseMatch[] {
    const slot = compiled.slot ?? -1;
    let found = slot >= 0 ? this.bySlot[slot] : this.byRule?.get(compiled);
    if (found === undefined) {
      const kind = this.kind;
      // The prefilter answers most rules without the subject: skip building it (a copy of the text) for those.
      const list = kind !== 2 && !mayMatch(compiled, this) ? NO_MATCHES : matchPhrases(compiled, this.text, kind, this.subject, compiled.prefilterSlots ? this.mask : undefined, true);
      found = list.length ? list : NO_MATCHES;
      if (slot >= 0) this.bySlot[slot] = found;
      else (this.byRule ??= new Map()).set(compiled, found);
    }
    return found;
  }
}

const NO_MATCHES: readonly PhraseMatch[] = Object.freeze([]);

/** The prefilter test `matchPhrases` starts with (for text of kinds 0 and 1): false when the rule cannot match. */
function mayMatch(compiled: CompiledPhraseRule, segment: SegmentMatches): boolean {
  const slots = compiled.prefilterSlots;
  if (!slots) return !compiled.prefilter || compiled.prefilter.test(segment.text);
  return nextPatternMayMatch(segment.mask, slots, 0) >= 0;
}

/** Raw matches per segment text, so a re-lint rescans only the segments an edit changed (see `TextMemo`). */
const matches = new TextMemo<SegmentMatches>({ texts: 4096, chars: 2_000_000 });

/** The remembered matches of a segment text (an empty record for a text not seen lately). */
export function segmentMatches(text: string, owner?: HashedText): SegmentMatches {
  return matches.getOrMake(text, (key) => new SegmentMatches(key), owner);
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

let lastText: string | undefined;
let lastKind: TextKind = 0;
let lastSubject = '';
let lastLowered: string | undefined;

/**
 * `textKind` and the subject to read (lower-cased for expressions written for `i`: see `foldCase`), remembered for
 * the last text (rules test one text with several expressions).
 */
function subjectOf(text: string, lowered: boolean): { kind: TextKind; subject: string } {
  if (text !== lastText) {
    lastText = text;
    lastKind = textKind(text);
    lastSubject = lastKind === 1 ? asciiShadow(text) : text;
    lastLowered = undefined;
  }
  return { kind: lastKind, subject: lowered ? (lastLowered ??= twoByte(lowerCased(lastSubject))) : twoByte(lastSubject) };
}

/**
 * A regular expression written for the `u` flag whose `test` and `exec` answer exactly as the original does,
 * but read without `u` where that is exact (ASCII text and ASCII shadows of other BMP text, see `textKind`):
 * compiling `\p{L}` with `iu` and matching under `u` cost several times more. Non-global expressions only; `exec`
 * on a shadow gives the original text in `[0]` (and falls back to the original for expressions with groups).
 */
export class UnicodeRegExp {
  private readonly pattern: string;
  private readonly flags: string;
  private _original: RegExp | undefined;
  private _ascii: RegExp | undefined | null = null;
  private readonly hasGroups: boolean;

  /** Written for `i`: the expression without `u` reads the subject lower-cased (see `foldCase`). */
  private readonly caseless: boolean;

  constructor(source: string, flags: string) {
    this.pattern = source;
    this.flags = flags;
    this.caseless = flags.includes('i');
    this.hasGroups = /\((?!\?[:=!<])|\(\?<(?![=!])/.test(source.replace(/\\[\s\S]/g, ''));
  }

  /** The expression as written (with `u`), built on first use. */
  get original(): RegExp {
    return (this._original ??= new RegExp(this.pattern, this.flags));
  }

  private get ascii(): RegExp | undefined {
    if (this._ascii === null) {
      const converted = !/[gy]/.test(this.flags) && this.flags.includes('u') ? withoutUnicodeFlag(this.pattern) : undefined;
      const flags = this.flags.replace('u', '');
      this._ascii = converted === undefined ? undefined : this.caseless ? asciiExpression(converted, flags, false) : new RegExp(converted, flags);
    }
    return this._ascii;
  }

  get source(): string {
    return this.original.source;
  }

  test(text: string): boolean {
    const ascii = this.ascii;
    if (!ascii) return this.original.test(text);
    const { kind, subject } = subjectOf(text, this.caseless);
    return kind === 2 ? this.original.test(text) : ascii.test(subject);
  }

  exec(text: string): RegExpExecArray | null {
    const ascii = this.ascii;
    if (!ascii) return this.original.exec(text);
    const { kind, subject } = subjectOf(text, this.caseless);
    // Groups read from a shadow or a lower-cased subject would not be the text's.
    if (kind === 2 || ((kind === 1 || this.caseless) && this.hasGroups)) return this.original.exec(text);
    const m = ascii.exec(subject);
    if (m && (kind === 1 || this.caseless)) m[0] = text.slice(m.index, m.index + m[0].length);
    if (m) m.input = text;
    return m;
  }
}
