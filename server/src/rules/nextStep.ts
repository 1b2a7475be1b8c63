// What counts as a next step in a message: a concrete time, something the customer can do now, or a concrete
// action with an owner. Shared by missing-next-update and apology-without-action.
import { hasConcreteTime } from './timeExpressions.ts';

const w = (source: string) => new RegExp(source, 'iu');

/** Something the customer can do now to move things forward. */
const CUSTOMER_ACTION = w(
  String.raw`(?:^|[.!?:\n]\s*|\bplease\s+|\bkindly\s+|\byou can\s+(?:now\s+)?|\byou may\s+|\bcould you\s+(?:please\s+)?|\bwould you\s+(?:please\s+)?|\bcan you\s+(?:please\s+)?|\bif you\b[^.!?\n]{0,120}?,\s*(?:then\s+)?(?:please\s+)?|\bfeel free to\s+)` +
    String.raw`(?:reply|respond|send|provide|share|attach|include|upload|forward|fill(?: in| out)?|complete|confirm|verify|click|tap|visit|go to|open|log ?in(?:to)?|sign ?in|follow|try|retry|reset|restart|reboot|clear|update|upgrade|install|reinstall|download|check|make sure|ensure|contact|call|email|message|dm|text|reach out|let (?:us|me) know|get in touch|subscribe|register|submit|file|create|edit|add|remove|enable|disable|select|choose|use|read|see|review|refer to|rephrase|book|schedule|head to|join|run|test)\b`,
);

/** A concrete action the team has taken or will take, with an owner. */
const OWNER_DONE = w(
  String.raw`\b(?:i|we)(?:'ve|\s+have|\s+just|\s+already)?\s+(?:just\s+|already\s+)?(?:escalated|forwarded|passed|assigned|booked|scheduled|sent|issued|processed|refunded|credited|arranged|raised|filed|logged|created|opened|reset|updated|applied|added|cancell?ed|replaced|reshipped|re-?sent|contacted|notified|requested|flagged|reinstated|restored|fixed|resolved|removed|merged|closed|reverted|reversed|waived|paused|approved|released|deployed|pinged|asked)\b`,
);

const OWNER_WILL = w(
  String.raw`\b(?:i|we)(?:'ll|\s+will|\s+am going to|\s+are going to)\s+(?:\w+\s+){0,2}?(?:call|email|send|refund|replace|ship|reship|credit|issue|process|reset|cancel|notify|contact|confirm|update|text|message|write|check|reach out|escalate|book|schedule|arrange|fix|merge|review|release|reply)\b[^.!?\n]{0,80}?\b(?:once|when|after|as soon as|the moment)\b(?!\s+(?:possible|we can|i can|anything|something|there (?:is|are)|we (?:have|know|hear|get)|i (?:have|know|hear|get)))`,
);

export function hasNextStep(text: string): boolean {
  return hasConcreteTime(text) || CUSTOMER_ACTION.test(text) || OWNER_DONE.test(text) || OWNER_WILL.test(text);
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
