// The parts of Handlebars' package that handlebarsParser.ts loads: its parser module and its tree helpers, which
// ship no types of their own.
declare module 'handlebars/dist/cjs/handlebars/compiler/base.js' {
  export function parse(input: string, options?: { srcName?: string }): hbs.AST.Program;
  export function parseWithoutProcessing(input: string, options?: { srcName?: string }): hbs.AST.Program;
  export const parser: unknown;
}
declare module 'handlebars/dist/cjs/handlebars/compiler/helpers.js' {
  export function SourceLocation(source: string | undefined, locInfo: object): void;
}
