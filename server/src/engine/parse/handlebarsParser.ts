// Handlebars' parser, without the rest of Handlebars. The package's main module also builds its runtime, its
// compiler to JavaScript, its printer and (through the compiler) a source-map library, none of which linting uses:
// loading them was a few milliseconds of every `candor check`'s start-up and a sixth of the CLI bundle. This is the
// module the main one takes `parse`, `parseWithoutProcessing` and `Parser` from, so the trees, locations, errors and
// the parser's shared `yy` are the same objects (the preview, which renders with the runtime, still loads it all).
//
// Candor's own parsers read what templates are written in; Handlebars' grammar (its Jison parser, whose tables are
// ≈ 230 KB of objects built when its module runs) is needed only for what they leave, for syntax errors and for
// the table parser's tables, so it is loaded on first use. The tree helpers both share are loaded with the bundle.
import * as helpers from 'handlebars/dist/cjs/handlebars/compiler/helpers.js';
import { handlebarsParserModule, handlebarsParserModuleIfLoaded } from '../../nodeModules.ts';

export function parse(input: string): hbs.AST.Program {
  return handlebarsParserModule().parse(input);
}

export function parseWithoutProcessing(input: string): hbs.AST.Program {
  return handlebarsParserModule().parseWithoutProcessing(input);
}

/** Handlebars' Jison parser (the main module's `Handlebars.Parser`): its tables, lexer and `yy` tree helpers. */
export function jisonParser(): unknown {
  return handlebarsParserModule().parser;
}

/** The Jison parser if Handlebars' parser module is loaded (so it may have parsed something), else undefined. */
export function jisonParserIfLoaded(): unknown {
  return handlebarsParserModuleIfLoaded()?.parser;
}

/**
 * The tree helpers of Handlebars' grammar (`prepareBlock`, `preparePath`, `SourceLocation`, …): the module whose
 * functions Handlebars' parser copies into its `yy`.
 */
export const grammarHelpers: Readonly<Record<string, unknown>> = helpers;
