// Reads a template once into the model every rule works from: front matter, AST, prose, paths, directives.
import type { CaseState, EngineHost } from './types.ts';
import { LineIndex } from './text.ts';
import { readFrontMatter, type FrontMatter } from './parse/frontMatter.ts';
import { blankRange, type ParseProblem } from './parse/template.ts';
import { parseTemplateOf } from './parse/reparse.ts';
import { readDirectives, type Directive } from './parse/suppressions.ts';
import { buildProseModel, emptyProseModel, type ProseModel } from './prose/segments.ts';
import { messagePaths, type MessagePath } from './prose/messagePaths.ts';
import type { EngineConfig } from '../config/types.ts';

const PATHS = Symbol('paths');

export interface TemplateModel extends ProseModel {
  path: string;
  text: string;
  lines: LineIndex;
  frontMatter?: FrontMatter;
  fileState: CaseState;
  /** Where the file's state came from, for explanations. */
  fileStateSource: 'front matter' | 'config override' | 'none';
  parseProblem?: ParseProblem;
  directives: Directive[];
  config: EngineConfig;
  /** Message paths, computed on first use. */
  readonly paths: MessagePath[];
}

export function buildModel(text: string, path: string, config: EngineConfig, host: EngineHost): TemplateModel {
  const lines = new LineIndex(text);
  const frontMatter = readFrontMatter(text);
  let fileState: CaseState = 'unknown';
  let fileStateSource: TemplateModel['fileStateSource'] = 'none';
  if (frontMatter?.caseState) {
    fileState = frontMatter.caseState;
    fileStateSource = 'front matter';
  } else if (!frontMatter?.caseAny && config.fileCase) {
    fileState = config.fileCase;
    fileStateSource = 'config override';
  }
  const source = frontMatter ? blankRange(text, 0, frontMatter.bodyStart) : text.startsWith('\uFEFF') ? ' ' + text.slice(1) : text;
  // An edit inside one run of text reuses the file's previous tree (see `reparseAfterEdit`): exact, and far cheaper.
  const parsed = parseTemplateOf(path, source, lines);
  const prose: ProseModel = parsed.ast
    ? buildProseModel({ path, text: source, lines, ast: parsed.ast, fileState, caseState: config.caseState, host })
    : emptyProseModel();
  return new Model(prose, path, text, lines, frontMatter, fileState, fileStateSource, parsed.problem, readDirectives(prose.comments, lines), config);
}

/**
 * A model: every field set by one constructor in one order, so all models share one hidden class, and `paths` a
 * getter on the class, computed on first read into a slot the model has from the start. (An object literal that
 * spread the prose, then took its prototype with `Object.setPrototypeOf`, cost several microseconds per model; a
 * getter in each model's literal gave every model a hidden class of its own, which V8 keeps, with the model's
 * prose, until a full collection, and a language server re-linting on every keystroke had every recent model
 * survive each young-generation collection.)
 */
class Model implements TemplateModel {
  readonly segments: ProseModel['segments'];
  readonly tree: ProseModel['tree'];
  readonly partialCalls: ProseModel['partialCalls'];
  readonly variables: ProseModel['variables'];
  readonly comments: ProseModel['comments'];
  readonly blocks: ProseModel['blocks'];
  readonly partialProblems: ProseModel['partialProblems'];
  private [PATHS]: MessagePath[] | undefined;

  constructor(
    prose: ProseModel,
    readonly path: string,
    readonly text: string,
    readonly lines: LineIndex,
    readonly frontMatter: FrontMatter | undefined,
    readonly fileState: CaseState,
    readonly fileStateSource: TemplateModel['fileStateSource'],
    readonly parseProblem: ParseProblem | undefined,
    readonly directives: Directive[],
    readonly config: EngineConfig,
  ) {
    this.segments = prose.segments;
    this.tree = prose.tree;
    this.partialCalls = prose.partialCalls;
    this.variables = prose.variables;
    this.comments = prose.comments;
    this.blocks = prose.blocks;
    this.partialProblems = prose.partialProblems;
    this[PATHS] = undefined;
  }

  get paths(): MessagePath[] {
    return (this[PATHS] ??= messagePaths(this.tree, this.fileState));
  }
}
