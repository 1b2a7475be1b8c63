// A recursive-descent parser for the Handlebars that support templates are written in: content, comments,
// mustaches (`{{x}}`, `{{{x}}}`, `{{&x}}`), blocks with `{{else}}`, `{{^}}` and `{{else if …}}` chains, inverted
// blocks, partials, sub-expressions, hashes, block parameters, literals and `~` whitespace control. It gives the tree
// `Handlebars.parseWithoutProcessing` gives, equal in every field and location: the nodes are made by Handlebars' own
// tree helpers (`prepareBlock`, `preparePath`, …) with the arguments Handlebars' grammar passes them, and the
// locations are Jison's (a token starts where the previous one ended; lines break at `\r\n`, `\r` and `\n`).
//
// Its lexer reads each token with one look at the characters in front of it, in the order Handlebars' lexer tries
// its rules (the first rule that matches wins there), where the grammar-driven parser tries expressions and runs a
// generic LR loop with a reduce action per grammar step.
//
// Whatever it does not read (raw blocks `{{{{`, partial blocks `{{#>`, decorators `{{*`, an escaped `\{{`, NUL,
// U+2028 or U+2029 in the text) and every syntax error throws `NotHandled`: the caller then parses with the
// grammar-driven parser, which reads everything Handlebars reads and leaves its errors to Handlebars.
import { NotHandled, treeHelpers } from './tableParser.ts';

type Program = hbs.AST.Program;

interface LocInfo {
  first_line: number;
  first_column: number;
  last_line: number;
  last_column: number;
}

/** Handlebars' tree helpers (`this` is the object itself: they call `this.locInfo`). */
interface TreeHelpers {
  locInfo(loc: LocInfo): unknown;
  prepareProgram(statements: unknown[], loc?: unknown): Program & { chained?: boolean };
  prepareBlock(open: unknown, program: unknown, inverse: unknown, close: unknown, inverted: boolean, loc: LocInfo): unknown;
  prepareMustache(path: unknown, params: unknown[], hash: unknown, open: string, strip: unknown, loc: LocInfo): unknown;
  preparePath(data: boolean, parts: unknown[], loc: LocInfo): unknown;
  stripFlags(open: string, close: string): unknown;
  stripComment(comment: string): string;
  id(token: unknown): string;
}

// Token kinds (typed `number`, so a test of `this.kind` after a call that reads the next token is not narrowed away).
const EOF: number = 0;
const CONTENT: number = 1;
const COMMENT: number = 2;
const OPEN: number = 3;
const OPEN_UNESCAPED: number = 4;
const OPEN_BLOCK: number = 5;
const OPEN_INVERSE: number = 6;
const OPEN_ENDBLOCK: number = 7;
const INVERSE: number = 8;
const OPEN_INVERSE_CHAIN: number = 9;
const OPEN_PARTIAL: number = 10;
const ID: number = 11;
const SEP: number = 12;
const DATA: number = 13;
const STRING: number = 14;
const NUMBER: number = 15;
const BOOLEAN: number = 16;
const UNDEFINED: number = 17;
const NULL: number = 18;
const EQUALS: number = 19;
const OPEN_SEXPR: number = 20;
const CLOSE_SEXPR: number = 21;
const OPEN_BLOCK_PARAMS: number = 22;
const CLOSE_BLOCK_PARAMS: number = 23;
const CLOSE: number = 24;
const CLOSE_UNESCAPED: number = 25;

/** ASCII code units an ID may hold (Handlebars' `[^\s!"#%-,\.\/;->@\[-\^`\{-~]`); every other code unit but whitespace may. */
const ID_ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const excluded = c === 0x21 || c === 0x22 || c === 0x23 || (c >= 0x25 && c <= 0x2c) || c === 0x2e || c === 0x2f || (c >= 0x3b && c <= 0x3e) || c === 0x40 || (c >= 0x5b && c <= 0x5e) || c === 0x60 || c >= 0x7b && c <= 0x7e;
  ID_ASCII[c] = excluded || isSpace(c) ? 0 : 1;
}

/** What JavaScript's `\s` matches. */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function isIdChar(c: number): boolean {
  return c < 128 ? ID_ASCII[c] === 1 : !isSpace(c);
}

/** Handlebars' lookahead after an ID: `[=~}\s/.)|]`. */
function endsId(c: number): boolean {
  return c === 0x3d || c === 0x7e || c === 0x7d || c === 0x2f || c === 0x2e || c === 0x29 || c === 0x7c || (c >= 0 && isSpace(c));
}

/** Handlebars' lookahead after a number or `true`, `false`, `undefined`, `null`: `[~}\s)]`. */
function endsLiteral(c: number): boolean {
  return c === 0x7e || c === 0x7d || c === 0x29 || (c >= 0 && isSpace(c));
}

function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

const DOUBLE_QUOTED = /"(\\["]|[^"])*"/y;
const SINGLE_QUOTED = /'(\\[']|[^'])*'/y;
const LITERAL_SEGMENT = /\[(\\\]|[^\]])*\]/y;

/** Where a construct began: the line and column of its first token. */
interface Start {
  line: number;
  column: number;
}

/** The first `\n` in `text` at or after `from`, or the text's length. */
function newlineFrom(text: string, from: number): number {
  const at = text.indexOf('\n', from);
  return at < 0 ? text.length : at;
}

class DescentParser {
  private readonly length: number;
  /** Lexer position and the line it is on (for columns). */
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  /** The first `\n` at or after `pos` (the text's length when none), for texts without `\r`; -1 for the others. */
  private nextNewline: number;
  /** Inside a mustache (Handlebars' `mu` lexer state). */
  private mu = false;

  // The current token.
  private kind: number = EOF;
  private tokenEnd = 0;
  private startLine = 1;
  private startColumn = 0;
  private endLine = 1;
  private endColumn = 0;
  /** The token's text as Handlebars' lexer hands it on (strings unquoted, literal segments unescaped). */
  private value = '';

  /** Where the last token consumed ended (Jison's location for the end of a construct). */
  private lastLine = 1;
  private lastColumn = 0;

  constructor(
    private readonly text: string,
    private readonly yy: TreeHelpers,
  ) {
    this.length = text.length;
    this.nextNewline = text.includes('\r') ? -1 : newlineFrom(text, 0);
  }

  parse(): Program {
    this.lex();
    const program = this.program();
    if (this.kind !== EOF) throw new NotHandled('unexpected token at the top level');
    return program;
  }

  // ---- lexer ------------------------------------------------------------------------------------------------

  /** Moves the line count over text[pos, to). */
  private advanceTo(to: number): void {
    const text = this.text;
    if (this.nextNewline >= 0) {
      // Only `\n` ends lines here: jump from one to the next (`indexOf` scans far faster than a loop over
      // characters), each found once.
      let next = this.nextNewline;
      while (next < to) {
        this.line++;
        this.lineStart = next + 1;
        next = newlineFrom(text, next + 1);
      }
      this.nextNewline = next;
      this.pos = to;
      return;
    }
    for (let i = this.pos; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        this.line++;
        this.lineStart = i + 1;
      } else if (c === 13) {
        this.line++;
        if (i + 1 < to && text.charCodeAt(i + 1) === 10) i++;
        else if (i + 1 === to && text.charCodeAt(to) === 10) throw new NotHandled('a token ends between \\r and \\n');
        this.lineStart = i + 1;
      }
    }
    this.pos = to;
  }

  /** Makes text[start, end) the current token (the position is at `start`). */
  private token(kind: number, end: number, value: string): void {
    this.kind = kind;
    this.startLine = this.line;
    this.startColumn = this.pos - this.lineStart;
    this.advanceTo(end);
    this.tokenEnd = end;
    this.endLine = this.line;
    this.endColumn = end - this.lineStart;
    this.value = value;
  }

  /** Consumes the current token and reads the next. */
  private lex(): void {
    this.lastLine = this.endLine;
    this.lastColumn = this.endColumn;
    const text = this.text;
    if (!this.mu) {
      if (this.pos >= this.length) return this.token(EOF, this.pos, '');
      const open = text.indexOf('{{', this.pos);
      if (open < 0) return this.token(CONTENT, this.length, text.slice(this.pos));
      this.mu = true;
      if (open > this.pos) {
        if (text.charCodeAt(open - 1) === 92) throw new NotHandled('escaped mustache');
        return this.token(CONTENT, open, text.slice(this.pos, open));
      }
      return this.opening();
    }
    // Whitespace is one token Handlebars' lexer skips (one token: a `\r\n` in it is one line break).
    const q = this.spaceEnd(this.pos);
    if (q > this.pos) this.advanceTo(q);
    if (q >= this.length) throw new NotHandled('end of the template inside a mustache');
    this.inside(text.charCodeAt(q));
  }

  /** A token that begins `{{` (Handlebars' rules 9 and 11–23, in that order). */
  private opening(): void {
    const text = this.text;
    const at = this.pos;
    if (text.startsWith('{{{{', at)) throw new NotHandled('raw block');
    let p = at + 2;
    if (text.charCodeAt(p) === 0x7e) p++;
    const c = text.charCodeAt(p);
    switch (c) {
      case 0x3e: // >
        return this.token(OPEN_PARTIAL, p + 1, text.slice(at, p + 1));
      case 0x23: // #
        if (text.charCodeAt(p + 1) === 0x3e || text.charCodeAt(p + 1) === 0x2a) throw new NotHandled('partial block or decorator');
        return this.token(OPEN_BLOCK, p + 1, text.slice(at, p + 1));
      case 0x2f: // /
        return this.token(OPEN_ENDBLOCK, p + 1, text.slice(at, p + 1));
      case 0x5e: {
        // ^: `{{^}}` (with spaces and `~`) is an inverse, anything else opens an inverted block.
        const end = this.closesHere(p + 1);
        if (end >= 0) return this.inverse(end);
        return this.token(OPEN_INVERSE, p + 1, text.slice(at, p + 1));
      }
      case 0x7b: // {
        return this.token(OPEN_UNESCAPED, p + 1, text.slice(at, p + 1));
      case 0x26: // &
        return this.token(OPEN, p + 1, text.slice(at, p + 1));
      case 0x21: // !
        return this.comment(p);
      case 0x2a: // *
        throw new NotHandled('decorator');
    }
    // `{{else}}` and `{{else …`, with any whitespace before `else`.
    const q = this.spaceEnd(p);
    if (text.startsWith('else', q)) {
      const end = this.closesHere(q + 4);
      if (end >= 0) return this.inverse(end);
      if (!isWordChar(text.charCodeAt(q + 4))) return this.token(OPEN_INVERSE_CHAIN, q + 4, text.slice(at, q + 4));
    }
    return this.token(OPEN, p, text.slice(at, p));
  }

  /** Where the whitespace (JavaScript's `\s`) from `from` ends. */
  private spaceEnd(from: number): number {
    let q = from;
    while (q < this.length && isSpace(this.text.charCodeAt(q))) q++;
    return q;
  }

  /** Where the digits from `from` end. */
  private digitsEnd(from: number): number {
    let q = from;
    while (q < this.length && this.text.charCodeAt(q) >= 0x30 && this.text.charCodeAt(q) <= 0x39) q++;
    return q;
  }

  /** `\s*~?}}` from `from`: the end of it, or -1. */
  private closesHere(from: number): number {
    const text = this.text;
    let q = this.spaceEnd(from);
    if (text.charCodeAt(q) === 0x7e) q++;
    return text.startsWith('}}', q) ? q + 2 : -1;
  }

  private inverse(end: number): void {
    this.mu = false;
    this.token(INVERSE, end, this.text.slice(this.pos, end));
  }

  /** `{{!-- … --}}` (to the first `--}}` or `--~}}`) or `{{! … }}` (to the first `}}`); `bang` is the `!`. */
  private comment(bang: number): void {
    const text = this.text;
    let end: number;
    if (text.startsWith('--', bang + 1)) {
      let k = text.indexOf('--', bang + 1);
      for (;;) {
        if (k < 0) throw new NotHandled('unterminated comment');
        if (text.startsWith('}}', k + 2)) {
          end = k + 4;
          break;
        }
        if (text.startsWith('~}}', k + 2)) {
          end = k + 5;
          break;
        }
        k = text.indexOf('--', k + 1);
      }
    } else {
      const close = text.indexOf('}}', bang + 1);
      if (close < 0) throw new NotHandled('unterminated comment');
      end = close + 2;
    }
    this.mu = false;
    this.token(COMMENT, end, text.slice(this.pos, end));
  }

  /** A token inside a mustache (Handlebars' rules 7–44 in the `mu` state), `c` being the code unit in front. */
  private inside(c: number): void {
    const text = this.text;
    const at = this.pos;
    switch (c) {
      case 0x7b: // {: the tag's opening (after content; inside a tag it is a syntax error the grammar finds).
        if (text.charCodeAt(at + 1) === 0x7b) return this.opening();
        throw new NotHandled('invalid character');
      case 0x28: // (
        return this.token(OPEN_SEXPR, at + 1, '(');
      case 0x29: // )
        return this.token(CLOSE_SEXPR, at + 1, ')');
      case 0x7d: {
        // }: `}}}}` closes a raw block, `}}}` or `}~}}` an unescaped mustache, `}}` any other.
        if (text.startsWith('}}}}', at)) throw new NotHandled('raw block close');
        let q = at + 1;
        if (text.charCodeAt(q) === 0x7e) q++;
        if (text.startsWith('}}', q)) {
          this.mu = false;
          return this.token(CLOSE_UNESCAPED, q + 2, text.slice(at, q + 2));
        }
        if (text.charCodeAt(at + 1) === 0x7d) {
          this.mu = false;
          return this.token(CLOSE, at + 2, '}}');
        }
        throw new NotHandled('invalid character');
      }
      case 0x7e: // ~
        if (text.startsWith('}}', at + 1)) {
          this.mu = false;
          return this.token(CLOSE, at + 3, '~}}');
        }
        throw new NotHandled('invalid character');
      case 0x3d: // =
        return this.token(EQUALS, at + 1, '=');
      case 0x2e: // .
        if (text.charCodeAt(at + 1) === 0x2e) return this.token(ID, at + 2, '..');
        if (endsId(text.charCodeAt(at + 1))) return this.token(ID, at + 1, '.');
        return this.token(SEP, at + 1, '.');
      case 0x2f: // /
        return this.token(SEP, at + 1, '/');
      case 0x22: // "
        return this.quoted(DOUBLE_QUOTED, /\\"/g, '"');
      case 0x27: // '
        return this.quoted(SINGLE_QUOTED, /\\'/g, "'");
      case 0x40: // @
        return this.token(DATA, at + 1, '@');
      case 0x7c: // |
        return this.token(CLOSE_BLOCK_PARAMS, at + 1, '|');
      case 0x5b: {
        // [: a literal segment.
        LITERAL_SEGMENT.lastIndex = at;
        if (!LITERAL_SEGMENT.test(text)) throw new NotHandled('invalid character');
        const end = LITERAL_SEGMENT.lastIndex;
        return this.token(ID, end, text.slice(at, end).replace(/\\([\\\]])/g, '$1'));
      }
    }
    if (c === 0x74 && this.keyword('true')) return this.token(BOOLEAN, at + 4, 'true');
    if (c === 0x66 && this.keyword('false')) return this.token(BOOLEAN, at + 5, 'false');
    if (c === 0x75 && this.keyword('undefined')) return this.token(UNDEFINED, at + 9, 'undefined');
    if (c === 0x6e && this.keyword('null')) return this.token(NULL, at + 4, 'null');
    if ((c >= 0x30 && c <= 0x39) || c === 0x2d) {
      const end = this.number(at);
      if (end >= 0) return this.token(NUMBER, end, text.slice(at, end));
    }
    if (c === 0x61 && text.charCodeAt(at + 1) === 0x73 && isSpace(text.charCodeAt(at + 2))) {
      // `as |`: block parameters open.
      const q = this.spaceEnd(at + 2);
      if (text.charCodeAt(q) === 0x7c) return this.token(OPEN_BLOCK_PARAMS, q + 1, text.slice(at, q + 1));
    }
    if (!isIdChar(c)) throw new NotHandled('invalid character');
    let end = at + 1;
    while (end < this.length && isIdChar(text.charCodeAt(end))) end++;
    if (!endsId(end < this.length ? text.charCodeAt(end) : -1)) throw new NotHandled('invalid character after a name');
    this.token(ID, end, text.slice(at, end));
  }

  private keyword(word: string): boolean {
    const end = this.pos + word.length;
    return this.text.startsWith(word, this.pos) && endsLiteral(end < this.length ? this.text.charCodeAt(end) : -1);
  }

  /** `-?[0-9]+(?:\.[0-9]+)?` followed by `[~}\s)]`: its end, or -1. */
  private number(at: number): number {
    const text = this.text;
    let q = at;
    if (text.charCodeAt(q) === 0x2d) q++;
    const digits = q;
    q = this.digitsEnd(q);
    if (q === digits) return -1;
    if (text.charCodeAt(q) === 0x2e) {
      const d = this.digitsEnd(q + 1);
      if (d > q + 1) q = d;
    }
    return endsLiteral(q < this.length ? text.charCodeAt(q) : -1) ? q : -1;
  }

  private quoted(pattern: RegExp, escaped: RegExp, quote: string): void {
    pattern.lastIndex = this.pos;
    if (!pattern.test(this.text)) throw new NotHandled('unterminated string');
    const end = pattern.lastIndex;
    this.token(STRING, end, this.text.slice(this.pos + 1, end - 1).replace(escaped, quote));
  }

  // ---- grammar ----------------------------------------------------------------------------------------------

  private start(): Start {
    return { line: this.startLine, column: this.startColumn };
  }

  /** Jison's location from `start` to the end of the last token consumed. */
  private locFrom(start: Start): LocInfo {
    return { first_line: start.line, last_line: this.lastLine, first_column: start.column, last_column: this.lastColumn };
  }

  private tokenLoc(): LocInfo {
    return { first_line: this.startLine, last_line: this.endLine, first_column: this.startColumn, last_column: this.endColumn };
  }

  private expect(kind: number): string {
    if (this.kind !== kind) throw new NotHandled('unexpected token');
    const value = this.value;
    this.lex();
    return value;
  }

  /** Statements up to a token that ends a program (the end, `{{/…}}`, `{{else}}`, `{{else …}}`). */
  private program(): Program & { chained?: boolean } {
    const statements: unknown[] = [];
    for (;;) {
      const kind = this.kind;
      if (kind === EOF || kind === OPEN_ENDBLOCK || kind === INVERSE || kind === OPEN_INVERSE_CHAIN) break;
      statements.push(this.statement());
    }
    return this.yy.prepareProgram(statements);
  }

  private statement(): unknown {
    const yy = this.yy;
    switch (this.kind) {
      case CONTENT: {
        const node = { type: 'ContentStatement', original: this.value, value: this.value, loc: yy.locInfo(this.tokenLoc()) };
        this.lex();
        return node;
      }
      case COMMENT: {
        const text = this.value;
        const node = { type: 'CommentStatement', value: yy.stripComment(text), strip: yy.stripFlags(text, text), loc: yy.locInfo(this.tokenLoc()) };
        this.lex();
        return node;
      }
      case OPEN:
      case OPEN_UNESCAPED: {
        const closing = this.kind === OPEN ? CLOSE : CLOSE_UNESCAPED;
        const start = this.start();
        const open = this.expect(this.kind);
        const path = this.helperName();
        const params = this.params();
        const hash = this.hash();
        const close = this.expect(closing);
        return yy.prepareMustache(path, params, hash, open, yy.stripFlags(open, close), this.locFrom(start));
      }
      case OPEN_PARTIAL: {
        const start = this.start();
        const open = this.expect(OPEN_PARTIAL);
        const name = this.kind === OPEN_SEXPR ? this.sexpr() : this.helperName();
        const params = this.params();
        const hash = this.hash();
        const close = this.expect(CLOSE);
        return { type: 'PartialStatement', name, params, hash, indent: '', strip: yy.stripFlags(open, close), loc: yy.locInfo(this.locFrom(start)) };
      }
      case OPEN_BLOCK:
      case OPEN_INVERSE:
        return this.block();
    }
    throw new NotHandled('unexpected token');
  }

  /** `{{#…}}` or `{{^…}}`, its program, its `{{else}}` or chain of `{{else …}}`, and its `{{/…}}`. */
  private block(): unknown {
    const yy = this.yy;
    const start = this.start();
    const inverted = this.kind === OPEN_INVERSE;
    const openText = this.expect(this.kind);
    const path = this.helperName();
    const params = this.params();
    const hash = this.hash();
    const blockParams = this.blockParams();
    const close = this.expect(CLOSE);
    const strip = yy.stripFlags(openText, close);
    const open = inverted ? { path, params, hash, blockParams, strip } : { open: openText, path, params, hash, blockParams, strip };
    const program = this.program();
    let inverse: unknown;
    if (this.kind === INVERSE) inverse = this.inverseAndProgram();
    else if (this.kind === OPEN_INVERSE_CHAIN && !inverted) inverse = this.inverseChain();
    const closeBlock = this.closeBlock();
    return yy.prepareBlock(open, program, inverse, closeBlock, inverted, this.locFrom(start));
  }

  private inverseAndProgram(): { strip: unknown; program: unknown } {
    const text = this.expect(INVERSE);
    return { strip: this.yy.stripFlags(text, text), program: this.program() };
  }

  /**
   * A chain of `{{else …}}` branches, read in a loop (a chain can be thousands long) and then built from its
   * last link back, as Handlebars' grammar reduces it: each link is a block whose inverse is the next link.
   */
  private inverseChain(): unknown {
    const yy = this.yy;
    const links: Array<{ start: Start; open: unknown; program: Program }> = [];
    while (this.kind === OPEN_INVERSE_CHAIN) {
      const start = this.start();
      const openText = this.expect(OPEN_INVERSE_CHAIN);
      const path = this.helperName();
      const params = this.params();
      const hash = this.hash();
      const blockParams = this.blockParams();
      const close = this.expect(CLOSE);
      const open = { path, params, hash, blockParams, strip: yy.stripFlags(openText, close) };
      links.push({ start, open, program: this.program() });
    }
    let inner: unknown = this.kind === INVERSE ? this.inverseAndProgram() : undefined;
    for (let k = links.length - 1; k >= 0; k--) {
      const link = links[k]!;
      const block = yy.prepareBlock(link.open, link.program, inner, inner, false, this.locFrom(link.start));
      const program = yy.prepareProgram([block], link.program.loc);
      program.chained = true;
      inner = { strip: (link.open as { strip: unknown }).strip, program, chain: true };
    }
    return inner;
  }

  private closeBlock(): { path: unknown; strip: unknown } {
    const open = this.expect(OPEN_ENDBLOCK);
    const path = this.helperName();
    const close = this.expect(CLOSE);
    return { path, strip: this.yy.stripFlags(open, close) };
  }

  /** A path, an `@` path, or a literal. */
  private helperName(): unknown {
    const yy = this.yy;
    switch (this.kind) {
      case ID:
        return this.path(false);
      case DATA:
        return this.path(true);
      case STRING: {
        const node = { type: 'StringLiteral', value: this.value, original: this.value, loc: yy.locInfo(this.tokenLoc()) };
        this.lex();
        return node;
      }
      case NUMBER: {
        const node = { type: 'NumberLiteral', value: Number(this.value), original: Number(this.value), loc: yy.locInfo(this.tokenLoc()) };
        this.lex();
        return node;
      }
      case BOOLEAN: {
        const node = { type: 'BooleanLiteral', value: this.value === 'true', original: this.value === 'true', loc: yy.locInfo(this.tokenLoc()) };
        this.lex();
        return node;
      }
      case UNDEFINED: {
        const node = { type: 'UndefinedLiteral', original: undefined, value: undefined, loc: yy.locInfo(this.tokenLoc()) };
        this.lex();
        return node;
      }
      case NULL: {
        const node = { type: 'NullLiteral', original: null, value: null, loc: yy.locInfo(this.tokenLoc()) };
        this.lex();
        return node;
      }
    }
    throw new NotHandled('expected a name');
  }

  /** `a`, `a.b/c`, `../x`, `@root.y`: Handlebars' pathSegments, made into a path by its `preparePath`. */
  private path(data: boolean): unknown {
    const yy = this.yy;
    const start = this.start();
    if (data) this.lex();
    const first = this.expect(ID);
    const parts: unknown[] = [{ part: yy.id(first), original: first }];
    while (this.kind === SEP) {
      const separator = this.value;
      this.lex();
      const segment = this.expect(ID);
      parts.push({ part: yy.id(segment), original: segment, separator });
    }
    return yy.preparePath(data, parts, this.locFrom(start));
  }

  /** Parameters up to the hash (a name followed by `=`) or the end of the tag. */
  private params(): unknown[] {
    const params: unknown[] = [];
    for (;;) {
      const kind = this.kind;
      if (kind === OPEN_SEXPR) params.push(this.sexpr());
      else if (kind === ID) {
        if (this.equalsFollows()) break;
        params.push(this.path(false));
      } else if (kind === DATA || kind === STRING || kind === NUMBER || kind === BOOLEAN || kind === UNDEFINED || kind === NULL) params.push(this.helperName());
      else break;
    }
    return params;
  }

  private param(): unknown {
    return this.kind === OPEN_SEXPR ? this.sexpr() : this.helperName();
  }

  /** Whether the token after the current one (an ID) is `=`: whitespace and then `=`, or `=` at once. */
  private equalsFollows(): boolean {
    return this.text.charCodeAt(this.spaceEnd(this.tokenEnd)) === 0x3d;
  }

  private sexpr(): unknown {
    const yy = this.yy;
    const start = this.start();
    this.expect(OPEN_SEXPR);
    const path = this.helperName();
    const params = this.params();
    const hash = this.hash();
    this.expect(CLOSE_SEXPR);
    return { type: 'SubExpression', path, params, hash, loc: yy.locInfo(this.locFrom(start)) };
  }

  /** `key=value` pairs, or undefined when there are none. */
  private hash(): unknown {
    if (this.kind !== ID || !this.equalsFollows()) return undefined;
    const yy = this.yy;
    const start = this.start();
    const pairs: unknown[] = [];
    while (this.kind === ID && this.equalsFollows()) {
      const pairStart = this.start();
      const key = this.expect(ID);
      this.expect(EQUALS);
      const value = this.param();
      pairs.push({ type: 'HashPair', key: yy.id(key), value, loc: yy.locInfo(this.locFrom(pairStart)) });
    }
    return { type: 'Hash', pairs, loc: yy.locInfo(this.locFrom(start)) };
  }

  /** `as |a b|`, or undefined. */
  private blockParams(): unknown {
    if (this.kind !== OPEN_BLOCK_PARAMS) return undefined;
    this.lex();
    const ids: string[] = [this.expect(ID)];
    while (this.kind === ID) ids.push(this.expect(ID));
    this.expect(CLOSE_BLOCK_PARAMS);
    return this.yy.id(ids);
  }
}

/**
 * The tree `Handlebars.parseWithoutProcessing(text)` gives, for the Handlebars this parser reads; throws
 * `NotHandled` for the rest and for syntax errors, and Handlebars' own error where its tree helpers throw (a
 * block closed by another name, an invalid path).
 */
export function parseByDescent(text: string): Program {
  if (text.includes('\0') || text.includes('\u2028') || text.includes('\u2029')) throw new NotHandled('NUL, U+2028 or U+2029');
  return new DescentParser(text, treeHelpers() as unknown as TreeHelpers).parse();
}
