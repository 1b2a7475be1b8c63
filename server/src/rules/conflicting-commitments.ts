// conflicting-commitments: two templates promising different times for the same thing.
import type { StructuralRule } from './types.ts';
import type { TemplateModel } from '../engine/model.ts';
import { TextMemo, type HashedText } from '../engine/textMemo.ts';

export const conflictingCommitments: StructuralRule = {
  kind: 'structural',
  id: 'conflicting-commitments',
  name: 'Conflicting commitments',
  defaultSeverity: 'warning',
  when: 'any',
  fixable: false,
  description: 'Two templates in the workspace promise different times for the same thing (a refund in 3 days here, 5-7 there).',
  why:
    'Customers compare what they are told. When one message says a refund takes 3 business days and another says 5 to 7, at least ' +
    'one of them is wrong, and the customer who gets both trusts neither. Agree the real figure once and use it everywhere (a shared ' +
    'partial or a data value keeps it in one place).',
  better: ['Keep the figure in one partial, e.g. {{> refund-time}}, and include it wherever the refund time is mentioned.'],
  examples: {
    // Linted together as one workspace: each template is one file.
    bad: ['Your refund arrives within 3 business days.', 'Refunds take 5-7 business days.'],
    good: ['Your refund arrives within {{> refund-time}}.'],
  },
  // Needs the whole workspace: see commitmentConflicts, which the engine runs over every file's model.
  check: () => [],
};

export interface Commitment {
  topic: string;
  /** Normalised duration, e.g. "3 business days" or "5-7 business days". */
  duration: string;
  range: [number, number];
  excerpt: string;
}

const TOPICS: Array<[string, RegExp]> = [
  ['refund', /\brefund(?:s|ed)?\b/i],
  ['replacement', /\breplacement\b/i],
  ['delivery', /\b(?:deliver(?:y|ed)?|ship(?:ping|ped|s)?|dispatch(?:ed)?|arrive|arrives|arrival)\b/i],
  ['reply', /\b(?:reply|replies|respond|response|get back to you|hear (?:back )?from)\b/i],
  ['cancellation', /\bcancell?ation\b/i],
  ['credit', /\bcredit(?:ed)?\b/i],
  ['callback', /\bcall(?: you)? back\b|\bcallback\b/i],
];

const NUM = String.raw`(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|fourteen|thirty)`;
const DURATION = new RegExp(String.raw`\b(?:within|in|up to|takes?|taking|about|around|of)\s+(${NUM}(?:\s*(?:-|–|to)\s*${NUM})?)\s*(business|working|calendar)?\s*(minutes?|hours?|days?|weeks?|months?)\b`, 'giu');
/**
 * A unit word as every duration ends with one (same flags, so the same case folding): right after a space, a digit,
 * a number word or `business`/`working`/`calendar`. The unit first, then the look behind it: found several times
 * faster than DURATION, whose first words (`in`, `of`) begin at almost every word of a text, and it passes far
 * fewer texts than the unit word alone did ("today", "Monday").
 */
const UNIT = /(?:minute|hour|day|week|month)(?<=(?:[\s\d]|one|two|three|four|five|six|seven|eight|nine|ten|fourteen|thirty|business|working|calendar)(?:minute|hour|day|week|month))/iu;
const WORDS: Record<string, string> = { one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10', fourteen: '14', thirty: '30' };

function normaliseDuration(amount: string, kind: string | undefined, unit: string): string {
  const n = amount.toLowerCase().replace(/\s*(?:-|–|to)\s*/, '-').replace(/[a-z]+/g, (w) => WORDS[w] ?? w);
  const plural = unit.toLowerCase().replace(/s$/, '');
  return `${n} ${kind ? kind.toLowerCase() + ' ' : ''}${plural}s`;
}

/** The time commitments one template makes, by topic. */
export function extractCommitments(model: TemplateModel): Commitment[] {
  const out: Commitment[] = [];
  for (const segment of model.segments) {
    if (segment.callSite) continue;
    for (const found of commitmentsInText(segment.text, segment)) {
      out.push({ topic: found.topic, duration: found.duration, range: [segment.offsets.start(found.start), segment.offsets.end(found.end - 1)], excerpt: found.excerpt });
    }
  }
  return out;
}

/** A commitment found in a segment's text, at offsets into that text. */
interface TextCommitment {
  topic: string;
  duration: string;
  start: number;
  end: number;
  excerpt: string;
}

/**
 * Commitments by segment text, remembered across lints: what a segment commits to depends only on its text
 * (sentences, topics and durations are read from it alone; the source map turns offsets into ranges per
 * segment), and an edit leaves most segments' text as it was. Two bounded generations, as for phrase matches.
 */
const commitmentMemo = new TextMemo<readonly TextCommitment[]>({ texts: 4096, chars: 2_000_000 });
const NONE: readonly TextCommitment[] = Object.freeze([]);

function commitmentsInText(text: string, owner: HashedText): readonly TextCommitment[] {
  return commitmentMemo.getOrMake(text, readCommitments, owner);
}

function readCommitments(text: string): readonly TextCommitment[] {
  // A unit word in one of the text's sentences is one in the text: a text without, most of them, needs no sentence
  // split. (Testing the whole text with DURATION first, as well, cost more than it saved: 0.5 % of a check.)
  if (!UNIT.test(text)) return NONE;
  const out: TextCommitment[] = [];
  let previous = '';
  let searchFrom = 0;
  for (const sentence of text.split(/(?<=[.!?])\s+|\n/)) {
    const offset = text.indexOf(sentence, searchFrom);
    searchFrom = offset + sentence.length;
    const before = previous;
    previous = sentence;
    // The duration first, and only in a sentence with a unit word (UNIT finds one in every text DURATION matches):
    // most sentences have none, and then their topic does not matter.
    if (!UNIT.test(sentence)) continue;
    DURATION.lastIndex = 0;
    const m = DURATION.exec(sentence);
    if (!m) continue;
    // "I've approved your refund. It reaches your account within 3 days": the topic may be in the sentence before.
    const topic = TOPICS.find(([, re]) => re.test(sentence)) ?? TOPICS.find(([, re]) => re.test(before));
    if (!topic) continue;
    const start = offset + m.index;
    out.push({ topic: topic[0], duration: normaliseDuration(m[1]!, m[2], m[3]!), start, end: start + m[0].length, excerpt: m[0] });
  }
  return out.length ? out : NONE;
}

export interface CommitmentConflict {
  path: string;
  commitment: Commitment;
  others: Array<{ path: string; commitment: Commitment }>;
}

/** Pairs up commitments on the same topic with different durations across files. */
export function commitmentConflicts(byFile: Map<string, Commitment[]>): CommitmentConflict[] {
  const byTopic = new Map<string, Array<{ path: string; commitment: Commitment }>>();
  for (const [path, commitments] of byFile) {
    for (const commitment of commitments) {
      const list = byTopic.get(commitment.topic) ?? [];
      list.push({ path, commitment });
      byTopic.set(commitment.topic, list);
    }
  }
  const conflicts: CommitmentConflict[] = [];
  for (const entries of byTopic.values()) {
    for (const entry of entries) {
      const others = entries.filter((o) => o.path !== entry.path && o.commitment.duration !== entry.commitment.duration);
      if (others.length) conflicts.push({ ...entry, others });
    }
  }
  return conflicts;
}
