// Renders a template once per distinct message path with the real Handlebars runtime, marking the prose
// that has findings, so writers and reviewers see each message as the customer will.
import { handlebarsRuntime } from '../nodeModules.ts';
import type { Finding, Severity } from '../engine/types.ts';
import type { TemplateModel } from '../engine/model.ts';
import { printExpression } from '../engine/prose/caseState.ts';
import { describeCondition } from '../engine/describe.ts';
import { hasNextStep } from '../rules/nextStep.ts';
import { ruleById } from '../rules/registry.ts';
import type { CaseState } from '../engine/types.ts';

/** Marks in rendered output: START index END … CLOSE. Private-use characters never occur in templates we render. */
const MARK_OPEN = '\uE010';
const MARK_MID = '\uE011';
const MARK_CLOSE = '\uE012';
const MISSING_OPEN = '\uE013';
const MISSING_CLOSE = '\uE014';

export interface PreviewHighlight {
  start: number;
  end: number;
  /** Index into the findings given to renderPreview. */
  finding: number;
}

export interface PreviewMessage {
  /** "Resolved", "Unresolved" or "Any state", with the other conditions that select this message. */
  label: string;
  state: CaseState;
  conditions: string[];
  text: string;
  highlights: PreviewHighlight[];
  /** Ranges of `text` that stand for values missing from the sample data. */
  missing: Array<{ start: number; end: number; name: string }>;
  counts: Record<Severity, number>;
  hasNextUpdate: boolean;
  /** Findings (indices) that apply to this message. */
  findings: number[];
  error?: string;
}

export interface PreviewOptions {
  data?: unknown;
  /** Only messages in this state (`unresolved` keeps unknown ones too). */
  caseFilter?: 'resolved' | 'unresolved';
  /** Partial texts by name, as the template's config resolves them. */
  partials: Map<string, string>;
}

type Node = hbs.AST.Node & { loc: hbs.AST.SourceLocation };

function clone<T>(value: T): T {
  return structuredClone(value);
}

function hasValue(data: unknown, path: string): boolean {
  let node: unknown = data;
  for (const part of path.replace(/^this\./, '').split(/[./]/).filter(Boolean)) {
    if (node === null || typeof node !== 'object' || !(part in (node as object))) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return node !== undefined && node !== null;
}

function content(value: string): hbs.AST.ContentStatement {
  return { type: 'ContentStatement', value, original: value } as unknown as hbs.AST.ContentStatement;
}

/** Rewrites a template's AST for one path: chosen conditions become literals, missing values become visible. */
function rewrite(program: hbs.AST.Program, choices: Map<string, boolean>, data: unknown, marks?: { model: TemplateModel; source: string; findings: Finding[]; byStatement: Map<string, number[]> }, inLoop = false): void {
  const body: hbs.AST.Statement[] = [];
  for (const statement of program.body) {
    const node = statement as Node;
    const key = node.loc ? `${node.loc.start.line}:${node.loc.start.column}` : '';
    const marked = marks?.byStatement.get(key) ?? [];
    for (const index of marked) body.push(content(`${MARK_OPEN}${index}${MARK_MID}`));
    if (statement.type === 'BlockStatement') {
      const block = statement as hbs.AST.BlockStatement;
      const helper = printExpression(block.path);
      if ((helper === 'if' || helper === 'unless') && block.params[0]) {
        const choice = choices.get(printExpression(block.params[0]));
        if (choice !== undefined) block.params[0] = { type: 'BooleanLiteral', value: choice, original: choice, loc: block.params[0].loc } as hbs.AST.BooleanLiteral;
      }
      const loop = inLoop || helper === 'each' || helper === 'with';
      if (block.program) rewrite(block.program, choices, data, marks, loop);
      if (block.inverse) rewrite(block.inverse, choices, data, marks, inLoop);
    } else if (statement.type === 'MustacheStatement' && !inLoop) {
      const mustache = statement as hbs.AST.MustacheStatement;
      const path = mustache.path as hbs.AST.PathExpression;
      if (path.type === 'PathExpression' && !path.data && mustache.params.length === 0 && !(mustache.hash?.pairs.length) && !hasValue(data, path.original)) {
        body.push(content(`${MISSING_OPEN}${path.original}${MISSING_CLOSE}`));
        continue;
      }
    } else if (statement.type === 'ContentStatement' && marks) {
      body.push(markContent(statement as hbs.AST.ContentStatement, marks.model, marks.source, marks.findings));
      continue;
    }
    body.push(statement);
    for (let i = 0; i < marked.length; i++) body.push(content(MARK_CLOSE));
  }
  program.body = body;
}

/** Inserts marks around finding ranges that fall inside one content statement. */
function markContent(statement: hbs.AST.ContentStatement, model: TemplateModel, source: string, findings: Finding[]): hbs.AST.ContentStatement {
  if (!statement.loc) return statement;
  const start = model.lines.offsetOf(statement.loc.start.line, statement.loc.start.column);
  const end = model.lines.offsetOf(statement.loc.end.line, statement.loc.end.column);
  // Whitespace control and standalone lines may have trimmed the value: find where it sits in the raw text.
  const raw = source.slice(start, end);
  const lead = raw.indexOf(statement.value);
  if (lead < 0) return statement;
  const valueStart = start + lead;
  const valueEnd = valueStart + statement.value.length;
  const inserts: Array<{ at: number; text: string }> = [];
  findings.forEach((finding, i) => {
    const [from, to] = finding.range;
    if (from >= valueStart && to <= valueEnd && to > from) {
      inserts.push({ at: from - valueStart, text: `${MARK_OPEN}${i}${MARK_MID}` }, { at: to - valueStart, text: MARK_CLOSE });
    }
  });
  if (!inserts.length) return statement;
  inserts.sort((a, b) => b.at - a.at || (a.text === MARK_CLOSE ? -1 : 1));
  let value = statement.value;
  for (const insert of inserts) value = value.slice(0, insert.at) + insert.text + value.slice(insert.at);
  return { ...statement, value, original: value as unknown as hbs.AST.StripFlags };
}

/** Parses the marks out of rendered text. */
function extract(rendered: string): Pick<PreviewMessage, 'text' | 'highlights' | 'missing'> {
  let text = '';
  const highlights: PreviewHighlight[] = [];
  const missing: PreviewMessage['missing'] = [];
  const open: Array<{ finding: number; start: number }> = [];
  for (let i = 0; i < rendered.length; i++) {
    const ch = rendered[i]!;
    if (ch === MARK_OPEN) {
      const mid = rendered.indexOf(MARK_MID, i);
      open.push({ finding: Number(rendered.slice(i + 1, mid)), start: text.length });
      i = mid;
    } else if (ch === MARK_CLOSE) {
      const top = open.pop();
      if (top && text.length > top.start) highlights.push({ start: top.start, end: text.length, finding: top.finding });
    } else if (ch === MISSING_OPEN) {
      const close = rendered.indexOf(MISSING_CLOSE, i);
      const name = rendered.slice(i + 1, close);
      const shown = `‹${name}›`;
      missing.push({ start: text.length, end: text.length + shown.length, name });
      text += shown;
      i = close;
    } else text += ch;
  }
  return { text, highlights: highlights.sort((a, b) => a.start - b.start), missing };
}

export function renderPreview(model: TemplateModel, findings: Finding[], options: PreviewOptions): PreviewMessage[] {
  const source = model.frontMatter ? model.text.slice(0, model.frontMatter.bodyStart).replace(/[^\r\n]/g, ' ') + model.text.slice(model.frontMatter.bodyStart) : model.text;
  const Handlebars = handlebarsRuntime();
  const parsed = (() => {
    try {
      return Handlebars.parse(source);
    } catch (error) {
      return error as Error;
    }
  })();
  if (parsed instanceof Error) {
    return [{ label: 'Cannot render', state: model.fileState, conditions: [], text: '', highlights: [], missing: [], counts: { error: 1, warning: 0, information: 0 }, hasNextUpdate: false, findings: [], error: parsed.message.split('\n')[0] }];
  }
  // Findings reported at a statement (a partial call) are marked around that statement.
  const byStatement = new Map<string, number[]>();
  findings.forEach((finding, i) => {
    const call = model.partialCalls.find((c) => c.range[0] === finding.range[0] && c.range[1] === finding.range[1]);
    if (!call) return;
    const pos = model.lines.position(call.range[0]);
    const key = `${pos.line}:${pos.column - 1}`;
    byStatement.set(key, [...(byStatement.get(key) ?? []), i]);
  });
  const seen = new Map<string, PreviewMessage>();
  const messages: PreviewMessage[] = [];
  for (const path of model.paths) {
    if (options.caseFilter === 'resolved' && path.state !== 'resolved') continue;
    if (options.caseFilter === 'unresolved' && path.state === 'resolved') continue;
    const env = Handlebars.create();
    env.registerHelper('helperMissing', function (...args: unknown[]) {
      const meta = args[args.length - 1] as { name?: string };
      return new Handlebars.SafeString(`${MISSING_OPEN}${meta.name ?? '?'}${MISSING_CLOSE}`);
    });
    for (const [name, text] of options.partials) {
      try {
        const partialAst = Handlebars.parse(text);
        rewrite(partialAst, path.choices, options.data);
        env.registerPartial(name, env.compile(partialAst));
      } catch {
        env.registerPartial(name, `${MISSING_OPEN}> ${name}${MISSING_CLOSE}`);
      }
    }
    const ast = clone(parsed);
    rewrite(ast, path.choices, options.data, { model, source, findings, byStatement });
    let rendered: string;
    let error: string | undefined;
    try {
      rendered = env.compile(ast, { noEscape: false })(options.data ?? {});
    } catch (e) {
      rendered = '';
      error = (e as Error).message.split('\n')[0];
    }
    const extracted = extract(rendered);
    const lead = extracted.text.length - extracted.text.trimStart().length;
    const text = extracted.text.trim();
    const shift = <T extends { start: number; end: number }>(r: T): T => ({ ...r, start: Math.max(0, r.start - lead), end: Math.min(text.length, r.end - lead) });
    const caseLabel = path.state === 'resolved' ? 'Resolved' : path.state === 'unresolved' ? 'Unresolved' : 'Any state';
    const caseKeys = new Set(model.segments.flatMap((s) => s.conditions.filter((c) => c.caseMeaning).map((c) => c.key)));
    const other = [...path.choices].filter(([key]) => !caseKeys.has(key)).map(([key, value]) => describeCondition({ key, value }));
    // A rule about open cases says nothing about the resolved rendering of the same words.
    const applies = (i: number) => !(path.state === 'resolved' && ruleById.get(findings[i]!.ruleId)?.when === 'unresolved');
    const highlights = extracted.highlights.map(shift).filter((h) => h.end > h.start && applies(h.finding));
    const ids = [...new Set(highlights.map((h) => h.finding))];
    const message: PreviewMessage = {
      label: other.length ? `${caseLabel} · ${other.join(', ')}` : caseLabel,
      state: path.state,
      conditions: [...path.choices].map(([key, value]) => describeCondition({ key, value })),
      text,
      highlights,
      missing: extracted.missing.map(shift),
      counts: { error: 0, warning: 0, information: 0 },
      hasNextUpdate: hasNextStep(text),
      findings: ids,
      error,
    };
    for (const id of ids) message.counts[findings[id]!.severity]++;
    if (seen.has(text)) continue;
    seen.set(text, message);
    messages.push(message);
  }
  return messages;
}
