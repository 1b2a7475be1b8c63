// What counts as a next step in a message: a concrete time, something the customer can do now, or a concrete
// action with an owner. Shared by missing-next-update and apology-without-action.
import { hasConcreteTime } from './timeExpressions.ts';
import { UnicodeRegExp } from './phraseMatcher.ts';
import { TextMemo, type HashedText } from '../engine/textMemo.ts';

// Same matches as `new RegExp(source, 'iu')`, read without `u` where that is exact (see UnicodeRegExp).
const w = (source: string) => new UnicodeRegExp(source, 'iu');

/** Verbs that, at the start of a sentence, read as an instruction the customer can follow now. */
const ACTION_VERB = String.raw`(?:reply|respond|send|provide|share|attach|include|upload|forward|fill(?: in| out)?|complete|confirm|verify|click|tap|visit|go to|open|log ?in(?:to)?|login|sign ?in|follow|try|retry|reset|restart|reboot|clear|update|upgrade|install|reinstall|download|check|make sure|ensure|contact|call|email|message|dm|pm|text|reach out|let (?:us|me) know|get in touch|subscribe|register|submit|file|create|edit|add|remove|enable|disable|select|choose|use|read|see|review|refer to|rephrase|repost|post|book|schedule|head to|join|run|test|drop (?:us|me)|write to|appeal|link|pop (?:us|me))`;

/** Words after "please" / "could you" that do not ask the customer to do anything concrete. */
const NOT_AN_ACTION = String.raw`(?:do not|don't|do\b|expect|experience|notice|receive|get\b|have\b|find\b|note|understand|be\b|bear|accept|allow|wait|know|rest|keep in mind|excuse|forgive|remember|stay|hold|trust|realise|realize|appreciate)`;

/** A condition that only covers questions, which every message could end with. */
const ONLY_QUESTIONS = String.raw`\s+(?:still\s+)?(?:have|had|got)\s+(?:any\s+)?(?:\w+\s+)?(?:questions?|concerns?|quer(?:y|ies)|comments?)\b(?:\s+(?:or|and)\s+(?:\w+\s+)?(?:questions?|concerns?|quer(?:y|ies)|comments?))?\s*,`;

/** Wording that asks the customer to do something: "please repost it on…", "could you send…", "you will need to contact…". */
const REQUEST_PREFIX = String.raw`\b(?:please|kindly)\s+(?:also\s+|just\s+|kindly\s+|simply\s+)?|\b(?:could|would|can|will) you\s+(?:please\s+|also\s+|kindly\s+|just\s+)*|\bif you could\s+|\bfeel free to\s+|\byou(?:'ll|\s+will|\s+may)?\s+(?:need|have|want)\s+to\s+|\b(?:we|i)(?:'d|\s+would)?\s+(?:recommend|suggest|advise)(?:\s+that)?\s+you\s+(?:\w+\s+)?|\byou can\s+(?:now\s+|also\s+|simply\s+|always\s+)?|\byou may\s+(?:also\s+)?`;

const CUSTOMER_ACTION = w(
  // The run after a sentence start stops at the next start, so runs of punctuation cannot backtrack quadratically.
  String.raw`(?:(?:^|[.!?:\n—–•*]|\s-\s)[^\p{L}\n.!?:—–•*-]*` + ACTION_VERB + String.raw`\b)` +
    String.raw`|(?:(?:${REQUEST_PREFIX})[\[(*_"]?(?!${NOT_AN_ACTION})\p{L}{2,})` +
    String.raw`|\b(?:we|i)(?:'d|\s+would)?\s+(?:recommend|suggest|advise)\s+\p{L}+ing\b` +
    String.raw`|\b(?:simply|just)\s+` + ACTION_VERB + String.raw`\b` +
    String.raw`|\bif you\s+(?:\w+\s+)?(?:still\s+)?(?:dm|pm|message|email|send|reply|call|contact|share|provide|write)\b[^.!?\n]{0,80}?\b(?:we|i)(?:'ll|\s+will|\s+can)\b` +
    // "If you have any questions, contact us" is a courtesy, not a next step; "if you'd like to appeal, contact us" is one.
    String.raw`|\bif you\b(?!${ONLY_QUESTIONS})[^.!?\n]{0,120}?,\s*(?:then\s+)?(?:please\s+)?(?:(?:do not|don't) hesitate to\s+)?` + ACTION_VERB + String.raw`\b` +
    String.raw`|\bhere(?:'s| is| are) (?:what|how) you can\b`,
);

/** A concrete action the team has taken or will take, with an owner. */
const OWNER_DONE = w(
  String.raw`\b(?:i|we)(?:'ve|\s+have|\s+just|\s+already)?\s+(?:just\s+|already\s+|now\s+|fully\s+|carefully\s+)?(?:escalated|forwarded|passed|assigned|booked|scheduled|sent|issued|processed|refunded|credited|arranged|raised|filed|logged|created|opened|reset|updated|applied|added|cancell?ed|replaced|reshipped|re-?sent|contacted|notified|requested|flagged|reinstated|restored|fixed|resolved|removed|merged|closed|reverted|reversed|waived|paused|approved|released|deployed|pinged|asked|checked|reviewed|investigated|looked into|traced|tested|reproduced|moved|split|deleted)\b` +
    String.raw`|\b(?:i'm|i am|we're|we are)\s+(?:now\s+)?(?:pinging|escalating|forwarding|asking|passing|sending|refunding|replacing|reshipping|assigning|tagging|looping in)\b`,
);

const OWNER_WILL = w(
  String.raw`\b(?:i|we)(?:'ll|\s+will|\s+am going to|\s+are going to)\s+(?:\w+\s+){0,2}?(?:call|email|send|refund|replace|ship|reship|credit|issue|process|reset|cancel|notify|contact|confirm|update|text|message|write|check|reach out|escalate|book|schedule|arrange|fix|merge|review|release|reply)\b[^.!?\n]{0,80}?\b(?:once|when|after|as soon as|the moment)\b(?!\s+(?:possible|we can|i can|anything|something|there (?:is|are)|we (?:have|know|hear|get)|i (?:have|know|hear|get)))`,
);

export function hasNextStep(text: string): boolean {
  return hasConcreteTime(text) || CUSTOMER_ACTION.test(text) || OWNER_DONE.test(text) || OWNER_WILL.test(text);
}

/*
 * Per-path answers from per-segment work. A message path's text is its segments joined with "\n"
 * (`pathText`), and a segment is shared by many paths, so each detector runs once per segment where that is
 * exact, and on the joined text only where a match could span segments:
 * - CONCRETE_TIME, REMEDY, APOLOGY cannot consume a "\n" (no `\s`; their classes exclude it) and only look one
 *   character past a match for a letter or digit (or `\b`), which "\n" is not: the joined text matches iff some
 *   segment does.
 * - CUSTOMER_ACTION and OWNER_DONE can consume the separator through `\s` (a match may span segments), but a match
 *   in one segment is a match in the joined text: `^` there is matched by the `\n` alternative next to it, `\b`
 *   reads "\n" as it reads the end of the text, and their lookaheads cannot read past the segment for a match
 *   that ends in it (NOT_AN_ACTION consumes no "\n"; ONLY_QUESTIONS would have to cross the comma the rest of
 *   that branch needs on the same line). So a positive segment decides; otherwise the joined text is tested.
 * - OWNER_WILL ends with a lookahead that reads across "\n" into the next segment: joined text only.
 */
const SEGMENT_LOCAL_STEP = 1;
const SEGMENT_REMEDY = 2;
const SEGMENT_APOLOGY = 4;
/**
 * Per segment text: bit b + 3 set once detector b has run on it, bit b set when it matched. The detectors read
 * only the text, so answers are kept by text, not by segment object: a re-lint after an edit builds new segment
 * objects, and all but the edited ones have the same text as before. Two generations bound the memory (as for
 * the phrase matches): a text asked about again moves to the current generation.
 */
const flagMemo = new TextMemo<number>({ texts: 8192, chars: 2_000_000 });

function flagsOf(text: string): number {
  return flagMemo.get(text) ?? 0;
}

function setFlags(text: string, flags: number, owner: HashedText): void {
  flagMemo.set(text, flags, owner);
}

/** An apology in a message: same answer as testing the joined text (see above). */
export const APOLOGY = w(String.raw`\b(?:sorry|apologi[sz]e|apologies|regret)\b`);

/** A segment as the detectors read it: its text, the answers found for it so far and its text's hash (kept on it). */
export interface DetectedSegment extends HashedText {
  text: string;
  nextStepFlags: number;
}

function segmentHas(segment: DetectedSegment, bit: number): boolean {
  let flags = segment.nextStepFlags;
  if (!(flags & (bit << 3))) {
    // Not asked of this segment yet: the text's answers, remembered across lints, or the detector's.
    const text = segment.text;
    flags |= flagsOf(text);
    if (!(flags & (bit << 3))) {
      const hit =
        bit === SEGMENT_LOCAL_STEP ? hasConcreteTime(text) || CUSTOMER_ACTION.test(text) || OWNER_DONE.test(text) : bit === SEGMENT_REMEDY ? REMEDY.test(text) : APOLOGY.test(text);
      flags |= (bit << 3) | (hit ? bit : 0);
      setFlags(text, flags, segment);
    }
    segment.nextStepFlags = flags;
  }
  return (flags & bit) !== 0;
}

function anySegment(segments: readonly DetectedSegment[], bit: number): boolean {
  for (const segment of segments) if (segmentHas(segment, bit)) return true;
  return false;
}

/** `hasNextStep(segments.map((s) => s.text).join('\n'))`, from per-segment work where that is exact. */
export function segmentsHaveNextStep(segments: readonly DetectedSegment[]): boolean {
  if (anySegment(segments, SEGMENT_LOCAL_STEP)) return true;
  const text = segments.map((s) => s.text).join('\n');
  // Concrete times cannot span segments, and none is in any segment.
  return CUSTOMER_ACTION.test(text) || OWNER_DONE.test(text) || OWNER_WILL.test(text);
}

/** `hasActionOrRemedy` of the joined text, from per-segment work where that is exact. */
export function segmentsHaveActionOrRemedy(segments: readonly DetectedSegment[]): boolean {
  return anySegment(segments, SEGMENT_REMEDY) || segmentsHaveNextStep(segments);
}

/** `APOLOGY.test` of the joined text. */
export function segmentsApologise(segments: readonly DetectedSegment[]): boolean {
  return anySegment(segments, SEGMENT_APOLOGY);
}

const REMEDY = w(String.raw`\b(?:refund(?:ed)?|credit(?:ed)?|replace(?:d|ment)?|discount|compensat\w*|voucher|fixed|resolved|restored|reinstated|corrected|waived|free of charge|on us)\b`);

/** An action, remedy or next step (for apologies). */
export function hasActionOrRemedy(text: string): boolean {
  return hasNextStep(text) || REMEDY.test(text);
}

/** Wording that only sounds like a next step: "we are looking into it", "as soon as we can". */
export const NON_CONCRETE_FOLLOW_UP = w(
  String.raw`\b(?:looking into|investigating|working on|on it\b|will be (?:reviewed|looked at|investigated|processed|handled)|keep (?:an eye|you (?:posted|updated|informed))|update you|get back to you|be in touch|as soon as (?:possible|we can|i can|we have|anything)|share (?:updates|more))`,
);
