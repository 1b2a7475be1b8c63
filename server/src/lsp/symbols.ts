// Document symbols: front matter, Handlebars blocks (nested) and partial calls, for the outline and breadcrumbs.
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { BlockInfo } from '../engine/prose/segments.ts';
import { toRange } from './convert.ts';
import type { LintedFile } from './linting.ts';

export function documentSymbols(file: LintedFile): DocumentSymbol[] {
  const { lines } = file.model;
  const symbol = (name: string, detail: string, kind: SymbolKind, range: [number, number], children: DocumentSymbol[] = []): DocumentSymbol => {
    const r = toRange(lines, range);
    return { name, detail, kind, range: r, selectionRange: r, children };
  };
  const blocks = (list: BlockInfo[]): Array<{ symbol: DocumentSymbol; range: [number, number] }> =>
    list.map((block) => {
      const children = blocks(block.children);
      return { symbol: symbol(`#${block.helper}${block.expression ? ` ${block.expression}` : ''}`, 'block', SymbolKind.Namespace, block.range, children.map((c) => c.symbol)), range: block.range, children };
    });

  type Node = { symbol: DocumentSymbol; range: [number, number]; children?: Node[] };
  const roots: Node[] = blocks(file.model.blocks);
  for (const call of file.model.partialCalls) {
    const leaf: Node = { symbol: symbol(`> ${call.name}`, call.resolvedPath ?? 'partial not found', SymbolKind.Module, call.range), range: call.range };
    let level = roots;
    let parent: Node | undefined;
    for (;;) {
      const inside = level.find((node) => node.range[0] <= call.range[0] && call.range[1] <= node.range[1]);
      if (!inside) break;
      parent = inside;
      level = inside.children ?? [];
    }
    if (parent) {
      parent.children ??= [];
      parent.children.push(leaf);
      parent.symbol.children = [...(parent.symbol.children ?? []), leaf.symbol].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    } else roots.push(leaf);
  }
  const out = roots.map((node) => node.symbol);
  const frontMatter = file.model.frontMatter;
  if (frontMatter) out.unshift(symbol('front matter', frontMatter.caseState ? `case: ${frontMatter.caseState}` : '', SymbolKind.Property, frontMatter.range));
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
