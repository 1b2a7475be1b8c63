// Code actions: the rules' fixes and suggestions, suppression comments, case front matter, wrapping a sign-off, fix all.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import { applyFixes, rulesFor, type Finding, type Fix } from '../engine/index.ts';
import { findingToDiagnostic } from './diagnostics.ts';
import { rangesOverlap, toOffset, toRange } from './convert.ts';
import type { LintedFile } from './linting.ts';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.candor`;
/** Rules whose findings a suppression comment cannot (or should not) silence. */
const NOT_SUPPRESSIBLE = new Set(['template-syntax', 'unused-disable', 'too-large']);
export const REMOVE_SENTENCE_TITLE = 'Remove this sentence';
export const NEXT_UPDATE_TITLE = 'Add a next-update line';
const NEXT_UPDATE_LINE = 'I will update you by {{next_update_time}}, even if we are still working on it.';

export function codeActions(file: LintedFile, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  const wanted = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = [];
  if (wanted(CodeActionKind.QuickFix)) actions.push(...quickFixes(file, params));
  if (wanted(FIX_ALL_KIND)) {
    const fixAll = fixAllAction(file);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

function quickFixes(file: LintedFile, params: CodeActionParams): CodeAction[] {
  const { lines, text } = file.model;
  const requested: [number, number] = [toOffset(lines, params.range.start), toOffset(lines, params.range.end)];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  const once = (key: string, make: () => CodeAction | undefined) => {
    if (seen.has(key)) return;
    seen.add(key);
    const action = make();
    if (action) actions.push(action);
  };
  const edit = (edits: LspTextEdit[]) => ({ changes: { [file.uri]: edits } });
  const insertAt = (offset: number, newText: string): LspTextEdit => ({ range: toRange(lines, [offset, offset]), newText });
  const bodyStart = file.model.frontMatter?.bodyStart ?? (text.startsWith('\uFEFF') ? 1 : 0);

  for (const finding of file.findings.filter((f) => rangesOverlap(f.range, requested))) {
    const diagnostics = [matchingDiagnostic(finding, file, params.context.diagnostics)];
    const fixAction = (fix: Fix, preferred: boolean): CodeAction => ({
      title: fix.description,
      kind: CodeActionKind.QuickFix,
      diagnostics,
      isPreferred: preferred || undefined,
      edit: edit(fix.edits.map((e) => ({ range: toRange(lines, e.range), newText: e.text }))),
    });
    if (finding.fix) actions.push(fixAction(finding.fix, finding.suggestions.length === 0));
    for (const suggestion of finding.suggestions) actions.push(fixAction(suggestion, false));

    if (finding.ruleId === 'missing-next-update' && !finding.suggestions.some((s) => s.description === NEXT_UPDATE_TITLE)) {
      once(`next-update:${finding.range[1]}`, () => nextUpdateAction(file, finding, diagnostics));
    }
    if (isPhraseFinding(file, finding)) {
      once(`sentence:${finding.range[0]}`, () => {
        const range = sentenceRemoval(text, finding.range, bodyStart);
        return range && { title: REMOVE_SENTENCE_TITLE, kind: CodeActionKind.QuickFix, diagnostics, edit: edit([{ range: toRange(lines, range), newText: '' }]) };
      });
    }

    if (finding.ruleId === 'cheerful-sign-off') once(`wrap:${finding.range[0]}`, () => wrapSignOff(file, finding, diagnostics));

    if (finding.caseState === 'unknown' && !file.model.frontMatter) {
      for (const state of ['unresolved', 'resolved'] as const) {
        once(`case:${state}`, () => ({
          title: `Declare this template ${state} (add \`case: ${state}\` front matter)`,
          kind: CodeActionKind.QuickFix,
          diagnostics,
          edit: edit([insertAt(bodyStart, `---${eol}case: ${state}${eol}---${eol}`)]),
        }));
      }
    } else if (finding.caseState === 'unknown' && file.model.frontMatter && !file.model.frontMatter.caseAny && !file.model.frontMatter.caseState) {
      const afterFence = lines.lineStart(lines.lineOf(file.model.frontMatter.range[0]) + 1);
      for (const state of ['unresolved', 'resolved'] as const) {
        once(`case:${state}`, () => ({ title: `Declare this template ${state} (add \`case: ${state}\` to the front matter)`, kind: CodeActionKind.QuickFix, diagnostics, edit: edit([insertAt(afterFence, `case: ${state}${eol}`)]) }));
      }
    }

    if (NOT_SUPPRESSIBLE.has(finding.ruleId)) continue;
    const line = lines.lineOf(finding.range[0]);
    once(`line:${finding.ruleId}:${line}`, () => {
      const start = lines.lineStart(line);
      const indent = /^[ \t]*/.exec(text.slice(start, lines.lineEnd(line)))![0];
      // A disable-next-line comment already above: name one more rule in it rather than stacking comments.
      const above = line > 0 ? text.slice(lines.lineStart(line - 1), lines.lineEnd(line - 1)) : '';
      const existing = /^([ \t]*\{\{!--\s*candor-disable-next-line((?:[ \t,]+[\w/-]+)+))[ \t]*(?:--[ \t][^}]*)?--\}\}[ \t]*$/.exec(above);
      if (existing) {
        const at = lines.lineStart(line - 1) + existing[1]!.length;
        return {
          title: `Disable ${finding.ruleId} for this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics,
          edit: edit([insertAt(at, ` ${finding.ruleId}`)]),
        };
      }
      return {
        title: `Disable ${finding.ruleId} for this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics,
        edit: edit([insertAt(start, `${indent}{{!-- candor-disable-next-line ${finding.ruleId} --}}${eol}`)]),
      };
    });
    once(`file:${finding.ruleId}`, () => ({
      title: `Disable ${finding.ruleId} for this file`,
      kind: CodeActionKind.QuickFix,
      diagnostics,
      edit: edit([insertAt(bodyStart, `{{!-- candor-disable-file ${finding.ruleId} --}}${eol}`)]),
    }));
  }
  return actions;
}

function isPhraseFinding(file: LintedFile, finding: Finding): boolean {
  if (finding.partialChain.length) return false;
  return rulesFor(file.model.config).some((rule) => rule.id === finding.ruleId && rule.kind === 'phrase');
}

/** A next-update line after the finding, when the engine offered none (e.g. the message comes from a partial). */
function nextUpdateAction(file: LintedFile, finding: Finding, diagnostics: Diagnostic[]): CodeAction {
  const { lines, text } = file.model;
  let at = finding.range[1];
  while (at > finding.range[0] && /\s/.test(text[at - 1]!)) at--;
  const before = text.slice(Math.max(0, at - 2), at);
  const separator = /[.!?]["'’”)]?$|\}\}$/.test(before) ? ' ' : '. ';
  return {
    title: NEXT_UPDATE_TITLE,
    kind: CodeActionKind.QuickFix,
    diagnostics,
    edit: { changes: { [file.uri]: [{ range: toRange(lines, [at, at]), newText: `${separator}${NEXT_UPDATE_LINE}` }] } },
  };
}

/** A `{{` that opens a block, closes one, or is a comment: text on either side of it is not one sentence. */
const BLOCK_TAG = /^\{\{~?\s*(?:[#/^!]|else\b)/;
const SENTENCE_STOP = /[.!?\u2026]+["'\u2019\u201D)\]]*(?=\s|$)|\r?\n/g;

/**
 * The stretch to delete to remove the sentence holding `range`, with the whitespace after it (or the whole
 * line when the sentence is alone on it). Only when the sentence lies in one run of text between `{{ }}`
 * tags of this file: undefined when it would reach across a `{{`.
 */
export function sentenceRemoval(text: string, range: readonly [number, number], bodyStart: number): [number, number] | undefined {
  const [from, to] = range;
  if (from < bodyStart || to > text.length || text.slice(from, to).includes('{{')) return undefined;
  const lastOpen = text.lastIndexOf('{{', from - 1);
  const lastClose = text.lastIndexOf('}}', from - 1);
  if (lastOpen >= 0 && lastOpen > lastClose) return undefined; // inside a tag
  const runStart = Math.max(bodyStart, lastClose >= 0 ? lastClose + 2 : 0);
  const nextOpen = text.indexOf('{{', to);
  const runEnd = nextOpen < 0 ? text.length : nextOpen;
  const run = text.slice(runStart, runEnd);

  // Start: just after the last sentence stop before the finding, else the run start when nothing inline precedes it.
  let start: number | undefined;
  const stops = [...run.matchAll(SENTENCE_STOP)].map((m) => ({ index: runStart + m.index, end: runStart + m.index + m[0].length }));
  for (const stop of stops) if (stop.end <= from) start = stop.end;
  if (start === undefined) {
    const openBefore = text.lastIndexOf('{{', runStart - 1);
    const blockBefore = runStart === bodyStart || (openBefore >= 0 && BLOCK_TAG.test(text.slice(openBefore, runStart)));
    if (!blockBefore) return undefined;
    start = runStart;
  }
  while (start < from && /\s/.test(text[start]!)) start++;

  // End: the first sentence stop at or after the finding's end, else the run end when an inline tag does not follow.
  let end: number | undefined;
  const searchFrom = /[.!?\u2026]/.test(text[to - 1] ?? '') ? to - 1 : to;
  const after = stops.find((stop) => stop.index >= searchFrom);
  if (after) end = /[\r\n]/.test(text[after.index]!) ? after.index : after.end;
  else if (runEnd === text.length || BLOCK_TAG.test(text.slice(runEnd))) end = runEnd;
  else return undefined;
  while (end > to && /\s/.test(text[end - 1]!)) end--;
  if (end <= start) return undefined;

  // With the whitespace after it; a sentence alone on its line takes the line (and its line break) with it.
  let tail = end;
  while (tail < runEnd && /[ \t]/.test(text[tail]!)) tail++;
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1) + 1, 0);
  const atLineEnd = tail === text.length || text[tail] === '\n' || text[tail] === '\r';
  if (atLineEnd) {
    if (lineStart >= runStart && /^[ \t]*$/.test(text.slice(lineStart, start))) {
      const breakLength = text.startsWith('\r\n', tail) ? 2 : tail < text.length ? 1 : 0;
      return [lineStart, tail + breakLength];
    }
    let head = start;
    while (head > runStart && /[ \t]/.test(text[head - 1]!)) head--;
    return [head, tail];
  }
  if (tail === runEnd) {
    // Followed by a tag on the same line: keep one space before it if the sentence had text before it.
    return [start, end];
  }
  return [start, tail];
}

/** Wraps a cheerful sign-off (its whole line when it stands alone) in `{{#if case.resolved}} … {{/if}}`. */
function wrapSignOff(file: LintedFile, finding: Finding, diagnostics: Diagnostic[]): CodeAction | undefined {
  const { lines, text } = file.model;
  // Inside a partial the call site would be wrapped, hiding the whole partial; and a branch already about the case would make the text dead.
  if (finding.partialChain.length || finding.conditions.some((c) => c.startsWith('`'))) return undefined;
  const line = lines.lineOf(finding.range[0]);
  if (lines.lineOf(finding.range[1]) !== line) return undefined;
  let end = finding.range[1];
  while (end < text.length && /[!.?,;:)\u2019"'\u201D]/.test(text[end]!)) end++;
  const lineStart = lines.lineStart(line);
  const lineEnd = lines.lineEnd(line);
  const contentStart = lineStart + /^[ \t]*/.exec(text.slice(lineStart, lineEnd))![0].length;
  const alone = text.slice(contentStart, finding.range[0]).trim() === '' && text.slice(end, lineEnd).trim() === '';
  const start = alone ? contentStart : finding.range[0];
  if (alone) end = contentStart + text.slice(contentStart, lineEnd).trimEnd().length;
  return {
    title: 'Only send this sign-off once the case is resolved (wrap it in {{#if case.resolved}})',
    kind: CodeActionKind.QuickFix,
    diagnostics,
    edit: {
      changes: {
        [file.uri]: [
          { range: toRange(lines, [start, start]), newText: '{{#if case.resolved}}' },
          { range: toRange(lines, [end, end]), newText: '{{/if}}' },
        ],
      },
    },
  };
}

/** Every safe fix at once, overlapping ones dropped, as one edit covering only the changed stretch. */
export function fixAllAction(file: LintedFile): CodeAction | undefined {
  const { text: fixed, applied } = applyFixes(file.text, file.findings);
  if (!applied || fixed === file.text) return undefined;
  const original = file.text;
  let prefix = 0;
  while (prefix < original.length && prefix < fixed.length && original[prefix] === fixed[prefix]) prefix++;
  let suffix = 0;
  while (suffix < original.length - prefix && suffix < fixed.length - prefix && original[original.length - 1 - suffix] === fixed[fixed.length - 1 - suffix]) suffix++;
  // Never split a surrogate pair at the edges of the edit.
  if (prefix > 0 && /[\uD800-\uDBFF]/.test(original[prefix - 1]!)) prefix--;
  if (suffix > 0 && /[\uDC00-\uDFFF]/.test(original[original.length - suffix]!)) suffix--;
  return {
    title: `Fix all safe Candor problems (${applied})`,
    kind: FIX_ALL_KIND,
    edit: { changes: { [file.uri]: [{ range: toRange(file.model.lines, [prefix, original.length - suffix]), newText: fixed.slice(prefix, fixed.length - suffix) }] } },
  };
}

function matchingDiagnostic(finding: Finding, file: LintedFile, sent: Diagnostic[]): Diagnostic {
  const own = findingToDiagnostic(finding, file);
  return (
    sent.find(
      (d) =>
        d.source === 'candor' &&
        d.code === finding.ruleId &&
        d.range.start.line === own.range.start.line &&
        d.range.start.character === own.range.start.character &&
        d.range.end.line === own.range.end.line &&
        d.range.end.character === own.range.end.character,
    ) ?? own
  );
}
