// Go to definition and document links for `{{> partial}}` calls.
import type { DefinitionParams, DocumentLink, Location } from 'vscode-languageserver';
import type { PartialCall } from '../engine/prose/segments.ts';
import { pathToUri, toOffset, toRange } from './convert.ts';
import type { LintedFile } from './linting.ts';

/** The range of the partial's name inside its call, e.g. `signature` in `{{> signature}}`. */
function nameRange(file: LintedFile, call: PartialCall): [number, number] {
  const source = file.model.text.slice(call.range[0], call.range[1]);
  const at = source.indexOf(call.name, source.indexOf('>'));
  return at < 0 ? call.range : [call.range[0] + at, call.range[0] + at + call.name.length];
}

export function definition(file: LintedFile, params: DefinitionParams): Location[] {
  const offset = toOffset(file.model.lines, params.position);
  const call = file.model.partialCalls.find((c) => c.range[0] <= offset && offset <= c.range[1] && c.resolvedPath);
  if (!call?.resolvedPath) return [];
  return [{ uri: pathToUri(call.resolvedPath), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
}

export function documentLinks(file: LintedFile): DocumentLink[] {
  return file.model.partialCalls
    .filter((call) => call.resolvedPath)
    .map((call) => ({ range: toRange(file.model.lines, nameRange(file, call)), target: pathToUri(call.resolvedPath!), tooltip: `Open the partial ${call.name}` }));
}
