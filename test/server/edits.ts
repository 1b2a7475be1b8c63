// Applies LSP text edits to a text, as a client would (edits must not overlap).
import type { TextEdit } from 'vscode-languageserver-protocol/node';

export function applyEdits(text: string, edits: TextEdit[]): string {
  const offsetOf = (p: { line: number; character: number }) => {
    const lines = text.split('\n');
    return lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  };
  return [...edits]
    .sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start))
    .reduce((out, e) => out.slice(0, offsetOf(e.range.start)) + e.newText + out.slice(offsetOf(e.range.end)), text);
}
