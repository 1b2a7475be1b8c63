// Code actions: the rules' fixes and suggestions, suppression comments, case front matter, wrapping a sign-off, fix all.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import { applyFixes, type Finding, type Fix } from '../engine/index.ts';
import { findingToDiagnostic } from './diagnostics.ts';
import { rangesOverlap, toOffset, toRange } from './convert.ts';
import type { LintedFile } from './linting.ts';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.candor`;
/** Rules whose findings a suppression comment cannot (or should not) silence. */
const NOT_SUPPRESSIBLE = new Set(['template-syntax', 'unused-disable']);

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
