// Reads inline suppression comments: disable-next-line, disable/enable ranges and disable-file.
import { detached, type LineIndex } from '../text.ts';
import type { CommentInfo } from '../prose/segments.ts';

export interface Directive {
  kind: 'next-line' | 'disable' | 'enable' | 'file';
  /** Rule ids named; empty means every rule. */
  ruleIds: string[];
  range: [number, number];
  /** For `next-line`: the 0-based line it covers. For ranges: where it takes effect. */
  line: number;
  used: Set<string>;
}

const DIRECTIVE = /^\s*candor-(disable-next-line|disable-file|disable|enable)\b([\s\S]*)$/;

export function readDirectives(comments: CommentInfo[], lines: LineIndex): Directive[] {
  const directives: Directive[] = [];
  for (const comment of comments) {
    // Most comments are not directives: skip them before copying and matching their text.
    if (!comment.value.includes('candor-')) continue;
    const m = DIRECTIVE.exec(comment.value.replace(/^--/, '').replace(/--$/, ''));
    if (!m) continue;
    const kind = m[1] === 'disable-next-line' ? 'next-line' : m[1] === 'disable-file' ? 'file' : (m[1] as 'disable' | 'enable');
    // Pushed into one list literal, so every directive's list has the same hidden class, empty or not.
    const ruleIds: string[] = [];
    for (const id of (m[2] ?? '').split(/\s--\s|\s--$/)[0]!.split(/[\s,]+/)) if (id) ruleIds.push(detached(id));
    directives.push({ kind, ruleIds, range: comment.range, line: lines.lineOf(comment.range[1]) + 1, used: new Set() });
  }
  return directives;
}

/** Finds the directive that silences a finding of `ruleId` at `offset`, if any, and marks it used. */
export function suppressedBy(directives: Directive[], ruleId: string, offset: number, lines: LineIndex): Directive | undefined {
  if (!directives.length) return undefined;
  const names = (d: Directive) => d.ruleIds.length === 0 || d.ruleIds.includes(ruleId);
  const line = lines.lineOf(offset);
  for (const d of directives) {
    if ((d.kind === 'file' && names(d)) || (d.kind === 'next-line' && d.line === line && names(d))) {
      d.used.add(ruleId);
      return d;
    }
  }
  let active: Directive | undefined;
  for (const d of directives) {
    if (d.range[1] > offset) break;
    if (d.kind === 'disable' && names(d)) active = d;
    else if (d.kind === 'enable' && active && (d.ruleIds.length === 0 || d.ruleIds.some((id) => active!.ruleIds.length === 0 || active!.ruleIds.includes(id))) && names(d)) active = undefined;
  }
  if (active) active.used.add(ruleId);
  return active;
}
