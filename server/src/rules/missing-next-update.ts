// missing-next-update: an unresolved message that gives no time, no owned action and nothing the customer can do.
import type { StructuralFinding, StructuralRule } from './types.ts';
import type { TemplateModel } from '../engine/model.ts';
import type { MessagePath } from '../engine/prose/messagePaths.ts';
import { describeCondition } from '../engine/describe.ts';
import { NON_CONCRETE_FOLLOW_UP, segmentsHaveNextStep } from './nextStep.ts';
import { sentenceAround } from './phraseMatcher.ts';
import type { ProseSegment } from '../engine/prose/segments.ts';

export const missingNextUpdate: StructuralRule = {
  kind: 'structural',
  id: 'missing-next-update',
  name: 'No next update',
  defaultSeverity: 'warning',
  when: 'unresolved',
  fixable: false,
  description: 'An unresolved message with no concrete next contact, owned action or step the customer can take.',
  why:
    'While a problem is open, the customer\'s worst state is not knowing. "We are looking into it" tells them nothing they can plan ' +
    'around, so they chase, and every chase costs them time and you goodwill. Bad news is better than no news: say when they will hear ' +
    'from you next (even "by 4pm, with or without news"), what you have done, or what they can do now.',
  better: ['I will update you by {{next_update_time}}, even if we are still working on it.', 'I have asked the warehouse to trace the parcel and will write by Thursday noon.'],
  examples: {
    bad: ['---\ncase: unresolved\n---\nWe are aware of the problem and are looking into it.'],
    good: ['---\ncase: unresolved\n---\nWe are looking into it and I will update you by 3pm today.', '{{#if case.resolved}}All fixed!{{else}}Please send us a screenshot of the error.{{/if}}'],
  },
  check(model) {
    return checkPaths(model, (path) => path.state !== 'resolved' && !segmentsHaveNextStep(path.segments), (path) =>
      `${path.stateFromBranch ? 'This unresolved branch' : 'This unresolved message'} gives no next update: say when the customer will hear from you, what you have done, or what they can do now.`,
    );
  },
};

export function pathText(path: MessagePath): string {
  return path.segments.map((s) => s.text).join('\n');
}

/** Runs a per-path test and reports one finding per distinct place, listing the conditions that lead there. */
export function checkPaths(
  model: TemplateModel,
  fails: (path: MessagePath) => boolean,
  message: (path: MessagePath) => string,
  anchorOf: (path: MessagePath, model: TemplateModel) => Anchor | undefined = followUpAnchor,
): StructuralFinding[] {
  const byRange = new Map<string, StructuralFinding>();
  for (const path of model.paths) {
    if (!path.segments.some((s) => /[\p{L}]/u.test(s.text))) continue;
    if (!fails(path)) continue;
    const anchor = anchorOf(path, model);
    if (!anchor) continue;
    const key = `${anchor.range[0]}:${anchor.range[1]}`;
    const conditions: string[] = [];
    for (const [key, value] of path.choices) conditions.push(describeCondition({ key, value }));
    const existing = byRange.get(key);
    if (existing) {
      if (conditions.length) existing.conditions.push(`or ${conditions.join(', ')}`);
      continue;
    }
    byRange.set(key, {
      range: anchor.range,
      message: message(path),
      excerpt: anchor.excerpt,
      state: path.state,
      conditions: conditions.length ? conditions : describeFileState(model),
      partialChain: anchor.partialChain,
      suggestions: anchor.suggestions,
    });
  }
  return [...byRange.values()];
}

function describeFileState(model: TemplateModel): string[] {
  if (model.fileStateSource === 'front matter') return [`the front matter says \`case: ${model.fileState}\``];
  if (model.fileStateSource === 'config override') return [`a config override makes this file \`${model.fileState}\``];
  return ['nothing says whether the case is resolved'];
}

export interface Anchor {
  range: [number, number];
  excerpt: string;
  partialChain: string[];
  suggestions?: StructuralFinding['suggestions'];
}

/** Where to report: a sentence that only sounds like a follow-up, else the first line of the path's own branch. */
function followUpAnchor(path: MessagePath, model: TemplateModel): Anchor | undefined {
  const own = path.segments.filter((s) => s.callSite === undefined);
  for (const segment of own) {
    const m = NON_CONCRETE_FOLLOW_UP.exec(segment.text);
    if (m) {
      const [from, to] = sentenceAround(segment.text, m.index, m.index + m[0].length);
      return anchorAt(segment, from, to, path, model);
    }
  }
  const distinguishing = own.find((s) => s.conditions.some((c) => c.caseMeaning)) ?? own[0] ?? path.segments[0];
  if (!distinguishing) return undefined;
  const text = distinguishing.text;
  const lineEnd = text.indexOf('\n');
  const [from, to] = sentenceAround(text, 0, 1);
  return anchorAt(distinguishing, from, Math.min(to, lineEnd < 0 ? text.length : lineEnd), path, model);
}

function anchorAt(segment: ProseSegment, from: number, to: number, path: MessagePath, model: TemplateModel): Anchor {
  while (from < to && /\s/.test(segment.text[from]!)) from++;
  while (to > from && /\s/.test(segment.text[to - 1]!)) to--;
  const range: [number, number] = segment.callSite ?? [segment.offsets.start(from), segment.offsets.end(Math.max(from, to - 1))];
  const last = [...path.segments].reverse().find((s) => s.callSite === undefined);
  const insertAt = last ? last.offsets.end(last.text.trimEnd().length - 1) : range[1];
  return {
    range,
    excerpt: segment.text.slice(from, to),
    partialChain: segment.partialChain,
    suggestions: [
      {
        description: 'Add a next-update line',
        edits: [{ range: [insertAt, insertAt], text: `${/[.!?]$/.test(model.text.slice(insertAt - 1, insertAt)) ? '' : '.'} I will update you by {{next_update_time}}, even if we are still working on it.` }],
      },
    ],
  };
}
