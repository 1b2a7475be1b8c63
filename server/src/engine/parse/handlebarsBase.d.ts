// The part of Handlebars' package that handlebarsParser.ts loads: its parser module, which ships no types of its own.
declare module 'handlebars/dist/cjs/handlebars/compiler/base.js' {
  export function parse(input: string, options?: { srcName?: string }): hbs.AST.Program;
  export function parseWithoutProcessing(input: string, options?: { srcName?: string }): hbs.AST.Program;
  export const parser: unknown;
}
