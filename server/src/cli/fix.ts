// `--fix` and `--fix-dry-run`: apply every safe fix until the text is stable, then write it atomically.
import { chmodSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { temporaryPathBeside } from './tempFile.ts';
import { applyFixes, buildModel, lintModel } from '../engine/index.ts';
import type { ConfigResolver } from '../config/load.ts';

export const MAX_FIX_PASSES = 10;

export interface FixOutcome {
  filePath: string;
  before: string;
  after: string;
  /** Fixes applied over all passes. */
  applied: number;
  /** Why the fixed text was not kept, if it was not. */
  rejected?: string;
}

/** Lints and fixes `text` as `filePath` until no safe fix is left (at most MAX_FIX_PASSES passes). */
export function fixText(text: string, filePath: string, resolver: ConfigResolver): FixOutcome {
  const config = resolver.forFile(filePath);
  // Always the model of `current`: one build per pass, read both for the findings and for whether it parses.
  let model = buildModel(text, filePath, config.engine, config.host);
  const parsedBefore = !model.parseProblem;
  let current = text;
  let applied = 0;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const next = applyFixes(current, lintModel(model));
    if (!next.applied || next.text === current) break;
    applied += next.applied;
    current = keepLineEndings(text, next.text);
    model = buildModel(current, filePath, config.engine, config.host);
  }
  if (current !== text && parsedBefore && model.parseProblem) {
    return { filePath, before: text, after: text, applied: 0, rejected: 'the fixed text would no longer parse as Handlebars, so the file was left as it was' };
  }
  return { filePath, before: text, after: current, applied };
}

/** A file written with CRLF line breaks only keeps them when fixes insert new lines. */
function keepLineEndings(original: string, fixed: string): string {
  const crlf = (original.match(/\r\n/g) ?? []).length;
  const lf = (original.match(/\n/g) ?? []).length;
  if (crlf > 0 && crlf === lf) return fixed.replace(/\r?\n/g, '\r\n');
  return fixed;
}

/** Replaces a file's contents through a temporary file in the same folder, keeping its mode. */
export function writeAtomically(filePath: string, text: string): void {
  const target = realpathSync(filePath);
  const mode = statSync(target).mode & 0o7777;
  const temp = temporaryPathBeside(target);
  try {
    writeFileSync(temp, text, { mode });
    chmodSync(temp, mode);
    renameSync(temp, target);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      /* the temporary file was never created */
    }
    throw error;
  }
}

