// Handlebars' parser, without the rest of Handlebars. The package's main module also builds its runtime, its
// compiler to JavaScript, its printer and (through the compiler) a source-map library, none of which linting uses:
// loading them was a few milliseconds of every `candor check`'s start-up and a sixth of the CLI bundle. This is the
// module the main one takes `parse`, `parseWithoutProcessing` and `Parser` from, so the trees, locations, errors and
// the parser's shared `yy` are the same objects (the preview, which renders with the runtime, still loads it all).
import * as base from 'handlebars/dist/cjs/handlebars/compiler/base.js';

export const parse: (input: string) => hbs.AST.Program = base.parse;
export const parseWithoutProcessing: (input: string) => hbs.AST.Program = base.parseWithoutProcessing;
/** Handlebars' Jison parser (the main module's `Handlebars.Parser`): its tables, lexer and `yy` tree helpers. */
export const parser: unknown = base.parser;
