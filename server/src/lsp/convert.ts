// Conversions at the protocol edge: engine offsets and paths to LSP positions, ranges and URIs.
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Position, Range } from 'vscode-languageserver';
import type { LineIndex } from '../engine/text.ts';

export function toPosition(lines: LineIndex, offset: number): Position {
  const clamped = Math.max(0, Math.min(offset, lines.text.length));
  const line = lines.lineOf(clamped);
  return { line, character: clamped - lines.lineStart(line) };
}

export function toRange(lines: LineIndex, range: readonly [number, number]): Range {
  return { start: toPosition(lines, range[0]), end: toPosition(lines, range[1]) };
}

export function toOffset(lines: LineIndex, position: Position): number {
  const start = lines.lineStart(position.line);
  const end = position.line + 1 < lines.lineCount ? lines.starts[position.line + 1]! : lines.text.length;
  return Math.min(start + position.character, end);
}

/** The file path of a `file:` URI, or undefined for other schemes (untitled documents). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

export function rangesOverlap(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] <= b[1] && b[0] <= a[1];
}
