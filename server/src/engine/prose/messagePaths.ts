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

interface Partial {
  segments: ProseSegment[];
  choices: Map<string, boolean>;
  branchState?: 'resolved' | 'unresolved';
}

export function messagePaths(tree: MessageNode[], fileState: CaseState): MessagePath[] {
  let paths: Partial[] = [{ segments: [], choices: new Map() }];
  const visit = (nodes: MessageNode[], current: Partial[]): Partial[] => {
    for (const node of nodes) {
      if (node.kind === 'segment') {
        for (const p of current) p.segments.push(node.segment);
        continue;
      }
      const next: Partial[] = [];
      for (const p of current) {
        const known = p.choices.get(node.key);
        const options = known === undefined ? [true, false] : [known];
        const split = options.length > 1 && (node.caseMeaning !== undefined || current.length + next.length < MAX_PATHS);
        if (!split && options.length > 1) {
          // Too many paths already: read both branches as one.
          next.push(...visit([...node.whenTrue, ...node.whenFalse], [p]));
          continue;
        }
        for (const value of options) {
          const meaning = node.caseMeaning && (value ? node.caseMeaning : node.caseMeaning === 'resolved' ? 'unresolved' : 'resolved');
          if (meaning && p.branchState && p.branchState !== meaning) continue;
          const copy: Partial = { segments: [...p.segments], choices: new Map(p.choices), branchState: meaning ?? p.branchState };
          copy.choices.set(node.key, value);
          next.push(...visit(value ? node.whenTrue : node.whenFalse, [copy]));
        }
      }
      current = next;
    }
    return current;
  };
  paths = visit(tree, paths);
  return paths.map((p) => ({
    segments: p.segments,
    choices: p.choices,
    state: p.branchState ?? fileState,
    stateFromBranch: p.branchState !== undefined,
  }));
}
