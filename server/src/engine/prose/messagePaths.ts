// Enumerates message paths: each is one consistent choice of branches, i.e. one message a customer can get.
import type { CaseState } from '../types.ts';
import type { MessageNode, ProseSegment } from './segments.ts';

export interface MessagePath {
  segments: ProseSegment[];
  /** Truth value chosen for each condition on this path. */
  choices: Map<string, boolean>;
  state: CaseState;
  /** True when the state comes from a branch rather than from the file. */
  stateFromBranch: boolean;
}

/** Past this many paths, conditions that do not concern the case stop splitting paths (their branches merge). */
const MAX_PATHS = 64;

/** A path's segments as a list built backwards: a copy of a path shares everything written before the copy. */
interface SegmentList {
  segment: ProseSegment;
  previous: SegmentList | undefined;
  length: number;
}

/**
 * A path's choices as a list built backwards, like its segments: a split used to copy the whole map of choices
 * for each branch (most of the allocation of a re-lint); the map is built once per finished path instead.
 */
interface ChoiceList {
  key: string;
  value: boolean;
  previous: ChoiceList | undefined;
}

interface Partial {
  last: SegmentList | undefined;
  choices: ChoiceList | undefined;
  branchState?: 'resolved' | 'unresolved';
}

function choiceOf(list: ChoiceList | undefined, key: string): boolean | undefined {
  for (let at = list; at; at = at.previous) if (at.key === key) return at.value;
  return undefined;
}

/** The choices in the order they were made (the order the map of choices had when it was copied at each split). */
function choiceMap(list: ChoiceList | undefined): Map<string, boolean> {
  const order: ChoiceList[] = [];
  for (let at = list; at; at = at.previous) order.push(at);
  const out = new Map<string, boolean>();
  for (let i = order.length - 1; i >= 0; i--) out.set(order[i]!.key, order[i]!.value);
  return out;
}

function segmentArray(last: SegmentList | undefined): ProseSegment[] {
  const out: ProseSegment[] = new Array(last?.length ?? 0);
  for (let at = last; at; at = at.previous) out[at.length - 1] = at.segment;
  return out;
}

/** Pushes every item of `items` onto `list` (a loop: spreading into `push` went through the iterator protocol). */
function appendTo<T>(list: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) list.push(items[i]!);
}

export function messagePaths(tree: MessageNode[], fileState: CaseState): MessagePath[] {
  let paths: Partial[] = [{ last: undefined, choices: undefined }];
  // `room` is how many paths the caller can still take: nested and sequential choices share one budget, so
  // paths stay bounded (a few choices inside each of a few choices used to multiply into millions).
  const visit = (nodes: MessageNode[], current: Partial[], room: number): Partial[] => {
    for (const node of nodes) {
      if (node.kind === 'segment') {
        for (const p of current) p.last = { segment: node.segment, previous: p.last, length: (p.last?.length ?? 0) + 1 };
        continue;
      }
      const next: Partial[] = [];
      for (let index = 0; index < current.length; index++) {
        const p = current[index]!;
        const left = Math.max(1, room - next.length - (current.length - index - 1));
        const known = choiceOf(p.choices, node.key);
        const options = known === undefined ? [true, false] : [known];
        const split = options.length > 1 && (node.caseMeaning !== undefined || left >= 2);
        if (!split && options.length > 1) {
          // Too many paths already: read both branches as one.
          appendTo(next, visit(node.whenTrue.concat(node.whenFalse), [p], left));
          continue;
        }
        const before = next.length;
        for (let k = 0; k < options.length; k++) {
          const value = options[k]!;
          const meaning = node.caseMeaning && (value ? node.caseMeaning : node.caseMeaning === 'resolved' ? 'unresolved' : 'resolved');
          if (meaning && p.branchState && p.branchState !== meaning) continue;
          // A known choice is taken again with the same value: the map kept it in place, so the list has it already.
          const choices = known === undefined ? { key: node.key, value, previous: p.choices } : p.choices;
          const copy: Partial = { last: p.last, choices, branchState: meaning ?? p.branchState };
          const roomHere = Math.max(1, left - (next.length - before) - (options.length - k - 1));
          appendTo(next, visit(value ? node.whenTrue : node.whenFalse, [copy], roomHere));
        }
      }
      current = next;
    }
    return current;
  };
  paths = visit(tree, paths, MAX_PATHS);
  // Pushed, not mapped: every model's list then has the same hidden class, and the rules reading it stay optimised.
  const out: MessagePath[] = [];
  for (let i = 0; i < paths.length; i++) {
    const p = paths[i]!;
    out.push({ segments: segmentArray(p.last), choices: choiceMap(p.choices), state: p.branchState ?? fileState, stateFromBranch: p.branchState !== undefined });
  }
  return out;
}
