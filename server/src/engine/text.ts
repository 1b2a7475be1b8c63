// Offset and line/column conversions over a text, in UTF-16 code units as LSP and JavaScript count them.
import type { Position } from './types.ts';

/**
 * Orders strings by UTF-16 code units: the same order on every machine (`localeCompare` follows the machine's
 * locale, and its first call in a process loads the collator, ≈ 10 ms of a one-file run).
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class LineIndex {
  readonly starts: number[];
  constructor(readonly text: string) {
    const starts = [0];
    if (!text.includes('\r')) {
      // Only `\n` breaks lines: let indexOf find them rather than testing every character.
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
      this.starts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  /** 0-based line of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** 1-based line and column of an offset. */
  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    return { line: line + 1, column: clamped - this.starts[line]! + 1 };
  }

  /** Offset of a 1-based line and 0-based column, as Handlebars reports locations. */
  offsetOf(line: number, column: number): number {
    const start = this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))]!;
    return Math.min(start + column, this.text.length);
  }

  lineStart(line0: number): number {
    return this.starts[Math.max(0, Math.min(line0, this.starts.length - 1))]!;
  }

  lineEnd(line0: number): number {
    if (line0 + 1 >= this.starts.length) return this.text.length;
    let end = this.starts[line0 + 1]!;
    while (end > this.starts[line0]! && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return end;
  }

  get lineCount(): number {
    return this.starts.length;
  }
}

/**
 * A copy of `text` that does not keep a larger string alive. Substrings V8 makes from Handlebars' lexer (node
 * values, names) point into the lexer's whole consumed input; a model or record that keeps only the small
 * string would otherwise keep all of it (measured: 17 KB per template for a few suppression comments).
 */
export function detached(text: string): string {
  return text.length < 13 ? text : (text + ' ').slice(0, -1);
}
