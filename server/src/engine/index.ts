// The Candor engine: lint(text, path, config) → findings. Pure: no editor import, no I/O but through the host.
import type { EngineHost, Finding, Fix, RelatedLocation, Severity, TextEdit } from './types.ts';
import { noHost } from './types.ts';
import { buildModel, type TemplateModel } from './model.ts';
import { byCodeUnits, detached, LineIndex } from './text.ts';
import { suppressedBy } from './parse/suppressions.ts';
import { compilePhraseRule, phraseRuleFor, segmentMatches, type SegmentMatches } from '../rules/phraseMatcher.ts';
import { builtinRules, ruleById } from '../rules/registry.ts';
import type { PhraseRule, Rule, StructuralFinding } from '../rules/types.ts';
import { defaultEngineConfig, type EngineConfig } from '../config/types.ts';
import type { ProseSegment } from './prose/segments.ts';
import { describeConditions } from './describe.ts';
import { commitmentConflicts, conflictingCommitments, extractCommitments, type Commitment } from '../rules/conflicting-commitments.ts';

export type { Finding, Fix, TextEdit, EngineHost, Severity } from './types.ts';
export type { TemplateModel } from './model.ts';
export { buildModel } from './model.ts';

export interface LintOptions {
  host?: EngineHost;
  /** A rule that throws is reported here and the other rules go on. */
  onRuleError?: (ruleId: string, error: unknown) => void;
}

/** The rule lists made for each list of a team's phrase rules (configs of one folder share theirs). */
const rulesByPhrases = new WeakMap<readonly Rule[], Rule[]>();

/** Every rule this config knows: the built-ins and the team's own phrase rules. */
export function rulesFor(config: EngineConfig): Rule[] {
  const phrases = config.userPhrases;
  if (!phrases.length) return builtinRules;
  let rules = rulesByPhrases.get(phrases);
  if (!rules) rulesByPhrases.set(phrases, (rules = [...builtinRules, ...phrases]));
  return rules;
}

/** The ids of a rule list (for suppression comments that name rules), made once per list. */
const idsByRules = new WeakMap<readonly Rule[], Set<string>>();

function ruleIds(rules: Rule[]): Set<string> {
  let ids = idsByRules.get(rules);
  if (!ids) idsByRules.set(rules, (ids = new Set(rules.map((r) => r.id))));
  return ids;
}

export function lint(text: string, path: string, config: EngineConfig = defaultEngineConfig, options: LintOptions = {}): Finding[] {
  return lintModel(buildModel(text, path, config, options.host ?? noHost), options);
}

export function lintModel(model: TemplateModel, options: LintOptions = {}): Finding[] {
  const config = model.config;
  const findings: Finding[] = [];
  const partialFileCache = new Map<string, LineIndex>();
  const linesOf = (path: string, text: string) => {
    if (path === model.path) return model.lines;
    let lines = partialFileCache.get(path);
    if (!lines) partialFileCache.set(path, (lines = new LineIndex(text)));
    return lines;
  };
  const related = (path: string, text: string, range: [number, number], message: string): RelatedLocation => {
    const lines = linesOf(path, text);
    return { path, range, start: lines.position(range[0]), end: lines.position(range[1]), message };
  };

  // Each segment's phrase matches, remembered by text across lints (an edit changes few segments' text). Made by
  // pushing, not by `segments.map`: `map` made packed lists while this function ran unoptimised and holey ones once
  // it was optimised, and the second kind reaching runPhraseRule's optimised code threw that code away (two of its
  // seven or eight compiles in a check).
  const matches: SegmentMatches[] = [];
  for (let i = 0; i < model.segments.length; i++) {
    const segment = model.segments[i]!;
    matches.push(segmentMatches(segment.text, segment));
  }
  // `fileStateSource` first: read for every template, it has type feedback before the optimiser needs it.
  const partialWithoutState = model.fileStateSource === 'none' && model.config.isPartial;
  for (const rule of rulesFor(config)) {
    const setting = config.rules[rule.id];
    const configured = setting?.severity ?? rule.defaultSeverity;
    if (configured === 'off') continue;
    try {
      if (rule.kind === 'phrase') findings.push(...runPhraseRule(rule, configured, model, related, matches));
      else {
        // A partial's own state is its call site's: state-dependent rules report it there, not in the partial.
        const skipFileState = rule.when !== 'any' && partialWithoutState;
        if (!skipFileState) {
          const found = rule.check(model, setting?.options ?? {});
          for (let k = 0; k < found.length; k++) findings.push(structuralFinding(rule, configured, found[k]!, model, related));
        }
      }
    } catch (error) {
      options.onRuleError?.(rule.id, error);
    }
  }

  const kept = findings.filter((f) => f.ruleId === 'template-syntax' || !suppressedBy(model.directives, f.ruleId, f.range[0], model.lines));
  kept.push(...unusedDirectives(model, config));
  return withoutDuplicates(sortFindings(kept));
}

type RelatedFactory = (path: string, text: string, range: [number, number], message: string) => RelatedLocation;

function stateSeverity(rule: Rule, configured: Severity, state: ProseSegment['state']): Severity | undefined {
  if (rule.when === 'any') return configured;
  if (state === 'unresolved') return configured;
  if (state === 'unknown') return 'information';
  return undefined;
}

function runPhraseRule(rule: PhraseRule, configured: Severity, model: TemplateModel, related: RelatedFactory, matches: SegmentMatches[]): Finding[] {
  // Built-in rules compile lazily (their patterns are known to be valid); any other rule compiles whole, so an
  // invalid pattern throws here, before any match, as it always did.
  const compiled = ruleById.get(rule.id) === rule ? phraseRuleFor(rule) : compilePhraseRule(rule);
  const out: Finding[] = [];
  // A partial's own state is its call site's: state-dependent rules report it there, not in the partial.
  const skipOwnState = rule.when !== 'any' && model.config.isPartial;
  for (let index = 0; index < model.segments.length; index++) {
    const segment = model.segments[index]!;
    // Read for every segment, not only in partials: a property first read by optimised code deoptimises it.
    const ownState = segment.partialChain.length === 0 && segment.stateSource === 'file';
    if (skipOwnState && ownState) continue;
    const severity = stateSeverity(rule, configured, segment.state);
    if (!severity) continue;
    const found = matches[index]!.matches(compiled);
    // An index loop: iterating the shared lists with `for…of` allocated an iterator result per match.
    for (let m = 0; m < found.length; m++) {
      const match = found[m]!;
      const originRange: [number, number] = [segment.offsets.start(match.start), segment.offsets.end(match.end - 1)];
      const phrase = quotedPhrase(segment.text, match.start, match.end);
      const inPartial = segment.callSite !== undefined;
      const range = segment.callSite ?? originRange;
      const message = phraseMessage(match.pattern.message ?? rule.message, phrase);
      // Every finding is built with the same fields in the same order (`fix` too, undefined when there is none),
      // so the code that reads findings sees one object shape and V8 keeps it optimised.
      const finding: Finding = {
        ruleId: rule.id,
        severity,
        message: inPartial ? `${message} (in partial \`${segment.partialChain.join(' › ')}\`)` : message,
        range,
        excerpt: phrase,
        caseState: segment.state,
        conditions: describeConditions(segment.conditions, model, segment.stateSource),
        partialChain: segment.partialChain,
        fix: undefined,
        suggestions: [],
        related: inPartial ? [related(segment.originPath, segment.originText, originRange, `“${phrase}” is written here, in the partial \`${segment.partialChain.at(-1)}\`.`)] : [],
        tags: [],
      };
      if (!inPartial && match.pattern.replace !== undefined) {
        const original = model.text.slice(originRange[0], originRange[1]);
        if (!/\{\{|<|>/.test(original)) {
          const text = matchCase(original, expandReplacement(match.pattern.replace, model, rule));
          const fix: Fix = { description: text ? `Replace “${phrase}” with “${text}”` : `Remove “${phrase}”`, edits: [{ range: originRange, text }] };
          if (match.pattern.safe) finding.fix = fix;
          else finding.suggestions.push(fix);
        }
      }
      out.push(finding);
    }
  }
  return out;
}

/** The words a finding quotes: the matched text, with each placeholder (a `{{…}}` in the template) shown as "…". */
function quotedPhrase(text: string, start: number, end: number): string {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 0xe000 || code === 0xe001) return text.slice(start, end).replace(/[\uE000\uE001]/g, '…');
  }
  return text.slice(start, end);
}

/**
 * A phrase rule's message with `{phrase}` filled in, by message and phrase: the same phrase gets the same string
 * each time, so the findings of a check share their messages (a 10,000-template check holds every finding until
 * the report, and the report's writer looks each message up by its text). Bounded, for a server that runs for
 * days with rules whose patterns match open-ended wording.
 */
const messagesByTemplate = new Map<string, Map<string, string>>();
const MESSAGES_PER_TEMPLATE = 512;
const MESSAGE_TEMPLATES = 1024;

function phraseMessage(template: string, phrase: string): string {
  let byPhrase = messagesByTemplate.get(template);
  if (byPhrase === undefined) {
    if (messagesByTemplate.size >= MESSAGE_TEMPLATES) messagesByTemplate.clear();
    messagesByTemplate.set(template, (byPhrase = new Map()));
  }
  let message = byPhrase.get(phrase);
  if (message === undefined) {
    if (byPhrase.size >= MESSAGES_PER_TEMPLATE) byPhrase.clear();
    // Split and joined, not `replace`: a `$&` or `$1` in the matched words stays as written.
    message = template.split('{phrase}').join(phrase);
    // A copy as the key: the phrase is a slice of its segment's text, which the key would keep alive.
    byPhrase.set(detached(phrase), message);
  }
  return message;
}

function expandReplacement(replacement: string, model: TemplateModel, rule: Rule): string {
  const options = model.config.rules[rule.id]?.options ?? {};
  const greeting = typeof options.greeting === 'string' ? options.greeting : 'Hi {{customer.firstName}}';
  return replacement.replace(/\$greeting/g, greeting);
}

/** Keeps a capital first letter when the replaced words had one. */
function matchCase(original: string, replacement: string): string {
  if (!replacement) return replacement;
  const first = original.trimStart()[0];
  if (first && first === first.toUpperCase() && first !== first.toLowerCase() && !replacement.startsWith('{{')) return replacement[0]!.toUpperCase() + replacement.slice(1);
  return replacement;
}

function structuralFinding(rule: Rule, configured: Severity, f: StructuralFinding, model: TemplateModel, related: RelatedFactory): Finding {
  const severity = rule.when === 'unresolved' && f.state === 'unknown' ? 'information' : configured;
  return {
    ruleId: rule.id,
    severity,
    message: f.message,
    range: f.range,
    excerpt: f.excerpt,
    caseState: f.state,
    conditions: f.conditions,
    partialChain: f.partialChain ?? [],
    fix: f.fix,
    suggestions: f.suggestions ?? [],
    related: (f.related ?? []).map((r) => related(r.path, r.path === model.path ? model.text : '', r.range, r.message)),
    tags: f.tags ?? [],
  };
}

function unusedDirectives(model: TemplateModel, config: EngineConfig): Finding[] {
  if (!model.directives.length) return [];
  const rule = ruleById.get('unused-disable');
  const severity = config.rules['unused-disable']?.severity ?? rule?.defaultSeverity ?? 'warning';
  if (!rule || severity === 'off') return [];
  const out: Finding[] = [];
  const known = ruleIds(rulesFor(config));
  for (const d of model.directives) {
    if (d.kind === 'enable') continue;
    const unknownIds: string[] = [];
    for (const id of d.ruleIds) if (!known.has(id)) unknownIds.push(id);
    const unused = d.ruleIds.length === 0 ? d.used.size === 0 : d.ruleIds.some((id) => !d.used.has(id));
    if (!unused && !unknownIds.length) continue;
    const what = unknownIds.length
      ? `\`${unknownIds.join('`, `')}\` ${unknownIds.length > 1 ? 'are not rules' : 'is not a rule'} Candor knows`
      : d.ruleIds.length === 0
        ? 'nothing here was reported'
        : `no \`${d.ruleIds.filter((id) => !d.used.has(id)).join('`, `')}\` finding was reported here`;
    const lineStart = model.lines.lineStart(model.lines.lineOf(d.range[0]));
    const lineEnd = model.lines.lineEnd(model.lines.lineOf(d.range[1]));
    const wholeLine = model.text.slice(lineStart, d.range[0]).trim() === '' && model.text.slice(d.range[1], lineEnd).trim() === '';
    const removeEnd = wholeLine ? Math.min(model.text.length, lineEnd + (model.text[lineEnd] === '\r' && model.text[lineEnd + 1] === '\n' ? 2 : 1)) : d.range[1];
    out.push({
      ruleId: 'unused-disable',
      severity: severity as Severity,
      message: `Unused suppression comment: ${what}.`,
      range: d.range,
      excerpt: model.text.slice(d.range[0], d.range[1]),
      caseState: model.fileState,
      conditions: [],
      partialChain: [],
      fix: unknownIds.length ? undefined : { description: 'Remove the unused suppression comment', edits: [{ range: [wholeLine ? lineStart : d.range[0], removeEnd], text: '' }] },
      suggestions: [],
      related: [],
      tags: ['unnecessary'],
    });
  }
  return out;
}

/**
 * Sorted findings without repeats (same rule, range and message; the first one stays). Findings with the same rule
 * and range are next to each other once sorted, so each is compared only with those (a key string per finding,
 * holding its message, cost more than the comparisons).
 */
export function withoutDuplicates(sorted: Finding[]): Finding[] {
  const out: Finding[] = [];
  let group = 0;
  for (const f of sorted) {
    const first = out[group];
    if (first && (first.range[0] !== f.range[0] || first.range[1] !== f.range[1] || first.ruleId !== f.ruleId)) group = out.length;
    let repeated = false;
    for (let k = group; k < out.length; k++) {
      if (out[k]!.message === f.message) {
        repeated = true;
        break;
      }
    }
    if (!repeated) out.push(f);
  }
  return out;
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1] || byCodeUnits(a.ruleId, b.ruleId));
}

/**
 * Applies the safe fixes of `findings` to `text`. Fixes whose edits overlap an earlier one are skipped, as
 * are edits outside the text. Returns the new text and how many fixes were applied.
 */
export function applyFixes(text: string, findings: Array<Pick<Finding, 'fix'>>): { text: string; applied: number } {
  const fixes = findings.map((f) => f.fix).filter((f): f is Fix => !!f && f.edits.length > 0);
  const accepted: TextEdit[] = [];
  let applied = 0;
  const sorted = [...fixes].sort((a, b) => Math.min(...a.edits.map((e) => e.range[0])) - Math.min(...b.edits.map((e) => e.range[0])));
  for (const fix of sorted) {
    const valid = fix.edits.every((e) => e.range[0] >= 0 && e.range[1] <= text.length && e.range[0] <= e.range[1]);
    const overlaps = fix.edits.some((e) => accepted.some((a) => e.range[0] < a.range[1] && a.range[0] < e.range[1] || (e.range[0] === a.range[0] && e.range[1] === a.range[1])));
    if (!valid || overlaps) continue;
    accepted.push(...fix.edits);
    applied++;
  }
  accepted.sort((a, b) => b.range[0] - a.range[0]);
  let out = text;
  for (const edit of accepted) out = out.slice(0, edit.range[0]) + edit.text + out.slice(edit.range[1]);
  return { text: out, applied };
}

/**
 * What the workspace-wide pass needs of one file once its own findings are made: its commitments (extracted
 * now), directives, line index and config. A few hundred bytes where the model is tens of kilobytes (segments,
 * source maps, AST-derived tree, message paths): hosts keep this and drop the model.
 */
export interface WorkspaceRecord {
  path: string;
  config: EngineConfig;
  directives: TemplateModel['directives'];
  lines: LineIndex;
  fileState: TemplateModel['fileState'];
  commitments: Commitment[];
}

/** The compact record of a linted model for `lintWorkspace` (call it after `lintModel`, then drop the model). */
export function workspaceRecord(model: TemplateModel): WorkspaceRecord {
  const enabled = (model.config.rules['conflicting-commitments']?.severity ?? conflictingCommitments.defaultSeverity) !== 'off';
  return {
    path: model.path,
    config: model.config,
    directives: model.directives,
    lines: model.lines,
    fileState: model.fileState,
    commitments: enabled ? extractCommitments(model) : [],
  };
}

export interface WorkspaceFile {
  /** The full model, or its compact `workspaceRecord`. */
  model: TemplateModel | WorkspaceRecord;
  findings: Finding[];
}

function commitmentsOf(model: TemplateModel | WorkspaceRecord): Commitment[] {
  return 'commitments' in model ? model.commitments : extractCommitments(model);
}

/**
 * Adds the findings that need the whole workspace (conflicting commitments) to per-file findings.
 * Each conflicting template gets a finding pointing at the others.
 */
export function lintWorkspace(files: WorkspaceFile[]): void {
  const enabled = files.filter((f) => (f.model.config.rules['conflicting-commitments']?.severity ?? conflictingCommitments.defaultSeverity) !== 'off');
  const byFile = new Map(enabled.map((f) => [f.model.path, commitmentsOf(f.model)]));
  const byPath = new Map(enabled.map((f) => [f.model.path, f]));
  for (const conflict of commitmentConflicts(byFile)) {
    const file = byPath.get(conflict.path)!;
    const severity = (file.model.config.rules['conflicting-commitments']?.severity ?? conflictingCommitments.defaultSeverity) as Severity;
    if (suppressedBy(file.model.directives, 'conflicting-commitments', conflict.commitment.range[0], file.model.lines)) continue;
    const other = conflict.others[0]!;
    const otherModel = byPath.get(other.path)!.model;
    file.findings.push({
      ruleId: 'conflicting-commitments',
      severity,
      message: `This ${conflict.commitment.topic} time (“${conflict.commitment.excerpt}”) differs from “${other.commitment.excerpt}” in ${relativeName(conflict.path, other.path)}${conflict.others.length > 1 ? ` and ${conflict.others.length - 1} more` : ''}: agree one figure.`,
      range: conflict.commitment.range,
      excerpt: conflict.commitment.excerpt,
      caseState: file.model.fileState,
      conditions: [],
      partialChain: [],
      fix: undefined,
      suggestions: [],
      related: conflict.others.map((o) => {
        const lines = o.path === otherModel.path ? otherModel.lines : byPath.get(o.path)!.model.lines;
        return { path: o.path, range: o.commitment.range, start: lines.position(o.commitment.range[0]), end: lines.position(o.commitment.range[1]), message: `Here the ${o.commitment.topic} time is “${o.commitment.excerpt}”.` };
      }),
      tags: [],
    });
    sortFindings(file.findings);
  }
}

function relativeName(from: string, to: string): string {
  const a = from.split('/');
  const b = to.split('/');
  let i = 0;
  while (i < a.length - 1 && a[i] === b[i]) i++;
  return b.slice(i).join('/');
}
