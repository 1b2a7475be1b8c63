// Reads a template once into the model every rule works from: front matter, AST, prose, paths, directives.
import type { CaseState, EngineHost } from './types.ts';
import { LineIndex } from './text.ts';
import { readFrontMatter, type FrontMatter } from './parse/frontMatter.ts';
import { blankRange, type ParseProblem } from './parse/template.ts';
import { parseTemplateOf } from './parse/reparse.ts';
import { readDirectives, type Directive } from './parse/suppressions.ts';
import { buildProseModel, type ProseModel } from './prose/segments.ts';
import { messagePaths, type MessagePath } from './prose/messagePaths.ts';
import type { EngineConfig } from '../config/types.ts';

const PATHS = Symbol('paths');

/**
 * What every model inherits: `paths`, computed on first read and kept on the model. One getter shared by all
 * models rather than one in each model's literal: V8 gives an object whose literal defines an accessor a hidden
 * class of its own, and keeps those classes (and through the getter's closure, the model's prose) reachable from
 * the shared transition tree until a full collection. A language server re-linting on every keystroke then had
 * every recent model survive each young-generation collection: ~3 MB copied per collection, 4–9 ms pauses.
 */
const modelPrototype = {
  get paths(): MessagePath[] {
    const model = this as unknown as TemplateModel & { [PATHS]?: MessagePath[] };
    return (model[PATHS] ??= messagePaths(model.tree, model.fileState));
  },
};

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
    : { segments: [], tree: [], partialCalls: [], variables: [], comments: [], blocks: [], partialProblems: [] };
  const model: Omit<TemplateModel, 'paths'> & { [PATHS]: MessagePath[] | undefined } = {
    ...prose,
    path,
    text,
    lines,
    frontMatter,
    fileState,
    fileStateSource,
    parseProblem: parsed.problem,
    directives: readDirectives(prose.comments, lines),
    config,
    // The getter's slot, there from the start: a property added when `paths` is first read would give the model
    // a new hidden class halfway through its lint, and the rules reading models after that one would deoptimise.
    [PATHS]: undefined,
  };
  return Object.setPrototypeOf(model, modelPrototype) as TemplateModel;
}
