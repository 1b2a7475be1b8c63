// Turns a parsed template into prose segments (text + source map + case state) and a tree of branch choices
// from which message paths are enumerated. Partials are read through the host and analysed in place.
import { parseHandlebars } from '../parse/template.ts';
import type { CaseState, EngineHost } from '../types.ts';
import { detached, LineIndex } from '../text.ts';
import { NO_OFFSETS, OffsetArena, ProseBuilder, type ProseText } from './proseText.ts';
import { caseMeaningOf, printExpression, printExpressions, opposite, withoutThis, type CaseMeaning, type CaseStateSettings } from './caseState.ts';

export interface Condition {
  /** Canonical expression, e.g. `case.resolved` or `(eq ticket.status "solved")`. */
  key: string;
  /** Which side of the expression this branch is on. */
  value: boolean;
  /** What the branch says about the case, when the expression is about it. */
  caseMeaning?: CaseMeaning;
}

export interface ProseSegment extends ProseText {
  /** File the characters come from (the template itself or a partial). */
  originPath: string;
  originText: string;
  /** Where a finding in this segment is reported in the linted file: the outermost partial call, if any. */
  callSite?: [number, number];
  partialChain: string[];
  state: CaseState;
  /** What decided `state`. */
  stateSource: 'branch' | 'file';
  conditions: Condition[];
  /**
   * The next-step detectors' answers for this segment's text, filled in as rules ask (see `segmentHas` in
   * rules/nextStep.ts): message paths share segments, and each path asked the text memo again.
   */
  nextStepFlags: number;
  /** The text's hash for the text memos, -1 until one of them needs it (see `HashedText` in textMemo.ts). */
  textHash: number;
}

export type MessageNode =
  | { kind: 'segment'; segment: ProseSegment }
  | { kind: 'choice'; key: string; caseMeaning?: CaseMeaning; whenTrue: MessageNode[]; whenFalse: MessageNode[] };

export interface PartialCall {
  name: string;
  range: [number, number];
  resolvedPath?: string;
  dynamic: boolean;
}

export interface VariableUse {
  path: string;
  range: [number, number];
}

export interface BlockInfo {
  helper: string;
  expression: string;
  range: [number, number];
  children: BlockInfo[];
}

export interface CommentInfo {
  value: string;
  range: [number, number];
}

export interface ProseModel {
  segments: ProseSegment[];
  tree: MessageNode[];
  partialCalls: PartialCall[];
  variables: VariableUse[];
  comments: CommentInfo[];
  blocks: BlockInfo[];
  /** Partials that could not be read or parsed, found while inlining. */
  partialProblems: Array<{ name: string; range: [number, number]; message: string }>;
}

/**
 * Where the walk is: which file's text, inside which partials and branches. One class, its fields always set in
 * the same order, so every context has one shape: contexts made by spreading had several (a partial's `callSite`,
 * a branch's state), and every read of one in the walk was a megamorphic property load.
 */
class WalkContext {
  constructor(
    readonly originPath: string,
    readonly originText: string,
    readonly lines: LineIndex,
    readonly callSite: [number, number] | undefined,
    readonly partialChain: string[],
    readonly state: CaseState,
    readonly stateSource: 'branch' | 'file',
    readonly conditions: Condition[],
    readonly blockParams: Set<string>,
    /** Only the linted file itself records calls, variables and blocks. */
    readonly topLevel: boolean,
  ) {}

  /** The context inside one branch of a block. */
  inBranch(blockParams: Set<string>, state: CaseState, stateSource: 'branch' | 'file', conditions: Condition[]): WalkContext {
    return new WalkContext(this.originPath, this.originText, this.lines, this.callSite, this.partialChain, state, stateSource, conditions, blockParams, this.topLevel);
  }

  /** The context inside a partial called from here. */
  inPartial(originPath: string, originText: string, lines: LineIndex, callSite: [number, number], partialChain: string[]): WalkContext {
    return new WalkContext(originPath, originText, lines, callSite, partialChain, this.state, this.stateSource, this.conditions, this.blockParams, false);
  }
}

const MAX_PARTIAL_DEPTH = 8;

interface ParsedPartial {
  lines: LineIndex;
  ast?: hbs.AST.Program;
  error?: string;
}

/**
 * Partials parsed once per process, by text: a partial included by a thousand templates is parsed once, not a
 * thousand times. Entries depend only on the text (the AST is never mutated), so sharing them is safe; the
 * least recently used go first past the limits.
 */
const parsedPartials = new Map<string, ParsedPartial>();
const MAX_PARTIAL_ENTRIES = 512;
const MAX_PARTIAL_CHARS = 8_000_000;
let partialChars = 0;

function parsePartial(text: string): ParsedPartial {
  const cached = parsedPartials.get(text);
  if (cached) {
    parsedPartials.delete(text);
    parsedPartials.set(text, cached);
    return cached;
  }
  const lines = new LineIndex(text);
  let entry: ParsedPartial;
  try {
    entry = { lines, ast: parseHandlebars(text) };
  } catch (error) {
    entry = { lines, error: String((error as Error).message ?? error).split('\n')[0] };
  }
  parsedPartials.set(text, entry);
  partialChars += text.length;
  while (parsedPartials.size > MAX_PARTIAL_ENTRIES || (partialChars > MAX_PARTIAL_CHARS && parsedPartials.size > 1)) {
    const oldest = parsedPartials.keys().next().value as string;
    parsedPartials.delete(oldest);
    partialChars -= oldest.length;
  }
  return entry;
}

/** Forgets parsed partials (for long-running hosts that want the memory back). */
export function clearPartialCache(): void {
  parsedPartials.clear();
  partialChars = 0;
}
const MAX_BLOCK_DEPTH = 200;

export interface BuildOptions {
  path: string;
  text: string;
  lines: LineIndex;
  ast: hbs.AST.Program;
  fileState: CaseState;
  caseState: CaseStateSettings;
  host: EngineHost;
}

/**
 * A prose model with nothing in it yet (a template Handlebars cannot read keeps it empty). Every model's lists
 * come from these literals: V8 gives the arrays made at one literal the element kind that literal's arrays have
 * needed so far, so a list made empty elsewhere (and never filled) would be a second kind of array in every loop
 * over segments, and the code optimised for one kind is thrown away when the first unreadable template comes.
 */
export function emptyProseModel(): ProseModel {
  return { segments: [], tree: nodeList(), partialCalls: [], variables: [], comments: [], blocks: [], partialProblems: [] };
}

/**
 * A new list of message nodes. Every such list comes from this one literal, for the same reason: the empty tree of
 * a template Handlebars cannot read, made at a literal of its own, was the one list of a second element kind that
 * the message-path walk met, every few hundred templates, and each time it threw that walk's optimised code away.
 */
function nodeList(): MessageNode[] {
  return [];
}

export function buildProseModel(options: BuildOptions): ProseModel {
  const model = emptyProseModel();
  const blockStack: BlockInfo[][] = [model.blocks];
  const arena = new OffsetArena(Math.max(192, options.text.length >> 2));
  let depth = 0;

  function offsets(ctx: WalkContext, loc: hbs.AST.SourceLocation): [number, number] {
    return [ctx.lines.offsetOf(loc.start.line, loc.start.column), ctx.lines.offsetOf(loc.end.line, loc.end.column)];
  }

  // One builder for the whole model: a walk ends its current segment before it walks into a block or partial,
  // and every walk ends its segment before it returns, so at most one segment is ever being built.
  const builder = new ProseBuilder(arena);

  function walk(program: hbs.AST.Program | undefined, ctx: WalkContext): MessageNode[] {
    const nodes = nodeList();
    if (!program) return nodes;
    const flush = () => {
      if (builder.isEmpty) {
        builder.discard();
        return;
      }
      const segment: ProseSegment = {
        text: '',
        offsets: NO_OFFSETS,
        originPath: ctx.originPath,
        originText: ctx.originText,
        callSite: ctx.callSite,
        partialChain: ctx.partialChain,
        state: ctx.state,
        stateSource: ctx.stateSource,
        conditions: ctx.conditions,
        nextStepFlags: 0,
        textHash: -1,
      };
      builder.finishInto(segment);
      model.segments.push(segment);
      nodes.push({ kind: 'segment', segment });
    };
    for (const statement of program.body) {
      switch (statement.type) {
        case 'ContentStatement': {
          const loc = statement.loc;
          builder.addContent(ctx.originText, ctx.lines.offsetOf(loc.start.line, loc.start.column), ctx.lines.offsetOf(loc.end.line, loc.end.column));
          break;
        }
        case 'MustacheStatement': {
          const mustache = statement as hbs.AST.MustacheStatement;
          const range = offsets(ctx, mustache.loc);
          const name = printExpression(mustache.path);
          builder.addPlaceholder(name, range[0], range[1]);
          if (ctx.topLevel) recordVariables(mustache, range, ctx);
          break;
        }
        case 'CommentStatement': {
          if (ctx.topLevel) model.comments.push({ value: detached((statement as hbs.AST.CommentStatement).value), range: offsets(ctx, statement.loc) });
          break;
        }
        case 'BlockStatement': {
          flush();
          nodes.push(...walkBlock(statement as hbs.AST.BlockStatement, ctx));
          break;
        }
        case 'PartialStatement':
        case 'PartialBlockStatement': {
          flush();
          nodes.push(...walkPartial(statement as hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement, ctx));
          break;
        }
        default:
          break;
      }
    }
    flush();
    return nodes;
  }

  function recordVariables(node: hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression, range: [number, number], ctx: WalkContext) {
    const pathNode = node.path as hbs.AST.PathExpression;
    const hasArgs = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
    const candidates: hbs.AST.Expression[] = [];
    if (hasArgs || node.type === 'BlockStatement') {
      for (const param of node.params) candidates.push(param);
      if (node.hash) for (const pair of node.hash.pairs) candidates.push(pair.value);
    } else candidates.push(pathNode);
    for (const candidate of candidates) {
      if (candidate.type === 'PathExpression') {
        const p = candidate as hbs.AST.PathExpression;
        if (p.data || p.original === 'this' || p.original === '.' || p.depth > 0 || ctx.blockParams.has(p.parts[0] ?? '')) continue;
        if (ctx.conditions.some((c) => c.key.startsWith('#each') || c.key.startsWith('#with'))) continue;
        const r = candidate.loc ? offsets(ctx, candidate.loc) : range;
        model.variables.push({ path: detached(withoutThis(p.original)), range: r });
      } else if (candidate.type === 'SubExpression') recordVariables(candidate as hbs.AST.SubExpression, range, ctx);
    }
  }

  function walkBlock(block: hbs.AST.BlockStatement, ctx: WalkContext): MessageNode[] {
    const helper = detached(printExpression(block.path));
    const range = offsets(ctx, block.loc);
    const expression = detached(printExpressions(block.params));
    if (ctx.topLevel) {
      const info: BlockInfo = { helper, expression, range, children: [] };
      blockStack.at(-1)!.push(info);
      blockStack.push(info.children);
      recordVariables(block, range, ctx);
    }
    depth++;
    try {
      if (depth > MAX_BLOCK_DEPTH) return [];
      // The set is only read, so a block without block params shares its parent's.
      const blockParams = block.program?.blockParams?.length ? new Set([...ctx.blockParams, ...block.program.blockParams]) : ctx.blockParams;
      if ((helper === 'if' || helper === 'unless') && block.params.length >= 1) {
        const key = detached(printExpression(block.params[0]));
        const meaning = caseMeaningOf(block.params[0], options.caseState);
        const branch = (program: hbs.AST.Program | undefined, value: boolean): MessageNode[] => {
          const branchMeaning = meaning && (value ? meaning : opposite(meaning));
          return walk(program, ctx.inBranch(blockParams, branchMeaning ?? ctx.state, branchMeaning ? 'branch' : ctx.stateSource, [...ctx.conditions, { key, value, caseMeaning: branchMeaning }]));
        };
        // `unless` runs its body when the expression is false; walk the body first to keep source order.
        const isIf = helper === 'if';
        const body = branch(block.program, isIf);
        const inverse = branch(block.inverse, !isIf);
        return [{ kind: 'choice', key, caseMeaning: meaning, whenTrue: isIf ? body : inverse, whenFalse: isIf ? inverse : body }];
      }
      // each, with and custom helpers: the body is one alternative, `{{else}}` the other.
      const key = `#${helper} ${expression}`.trim();
      const inner = (program: hbs.AST.Program | undefined, value: boolean) =>
        walk(program, ctx.inBranch(blockParams, ctx.state, ctx.stateSource, [...ctx.conditions, { key, value }]));
      const whenTrue = inner(block.program, true);
      if (!block.inverse) return whenTrue;
      return [{ kind: 'choice', key, whenTrue, whenFalse: inner(block.inverse, false) }];
    } finally {
      depth--;
      if (ctx.topLevel) blockStack.pop();
    }
  }

  function walkPartial(partial: hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement, ctx: WalkContext): MessageNode[] {
    const range = offsets(ctx, partial.loc);
    const dynamic = partial.name.type === 'SubExpression';
    const name = detached(dynamic ? printExpression(partial.name) : String((partial.name as hbs.AST.PathExpression).original ?? printExpression(partial.name)));
    const resolved = dynamic ? undefined : options.host.resolvePartial(name, ctx.originPath);
    if (ctx.topLevel) model.partialCalls.push({ name, range, resolvedPath: resolved?.path, dynamic });
    const nodes = nodeList();
    if (resolved && ctx.partialChain.length < MAX_PARTIAL_DEPTH && !ctx.partialChain.includes(name) && resolved.path !== options.path) {
      const cached = parsePartial(resolved.text);
      if (cached.ast) {
        nodes.push(
          ...walk(cached.ast, ctx.inPartial(resolved.path, resolved.text, cached.lines, ctx.callSite ?? range, [...ctx.partialChain, name])),
        );
      } else if (ctx.topLevel) {
        model.partialProblems.push({ name, range, message: `The partial \`${name}\` cannot be parsed (${cached.error}), so its text was not checked here.` });
      }
    }
    if (partial.type === 'PartialBlockStatement') nodes.push(...walk((partial as hbs.AST.PartialBlockStatement).program, ctx));
    return nodes;
  }

  const rootContext = new WalkContext(options.path, options.text, options.lines, undefined, [], options.fileState, 'file', [], new Set(), true);
  model.tree = walk(options.ast, rootContext);
  arena.seal();
  return model;
}
