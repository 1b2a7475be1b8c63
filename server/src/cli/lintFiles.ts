// Lints a set of files with their configs, then runs the workspace-wide rules over all of them.
import { readFileSync } from 'node:fs';
import { buildModel, lintModel, lintWorkspace, type WorkspaceFile } from '../engine/index.ts';
import { ConfigError, type ConfigResolver } from '../config/load.ts';
import type { EngineConfig } from '../config/types.ts';
import type { EngineHost, Finding } from '../engine/types.ts';
import type { FileResult } from './results.ts';

/** Remembers findings between runs (`--cache`); see cache.ts. */
export interface FindingsCache {
  /** Wraps a file's host so the cache learns which partials the file reads. */
  track(filePath: string, host: EngineHost): EngineHost;
  /** The remembered findings when text, config and partials are unchanged; else runs `lint` and remembers them. */
  findings(filePath: string, text: string, config: EngineConfig, lint: () => { findings: Finding[]; complete: boolean }): Finding[];
}

export interface LintFilesOptions {
  /** Text to use instead of reading a file (stdin). */
  overrides?: Map<string, string>;
  onRuleError?: (file: string, ruleId: string, error: unknown) => void;
  cache?: FindingsCache;
  /** Files read only for the workspace-wide pass (another shard reports them): no rules run, no result. */
  contextOnly?: Set<string>;
}

export function lintFiles(files: string[], resolver: ConfigResolver, options: LintFilesOptions = {}): FileResult[] {
  const results: FileResult[] = [];
  const workspace: WorkspaceFile[] = [];
  for (const filePath of files) {
    let text = options.overrides?.get(filePath);
    if (text === undefined) {
      const read = readTemplate(filePath);
      if ('problem' in read) {
        results.push({ filePath, text: '', findings: [], fatal: read.problem });
        continue;
      }
      text = read.text;
    }
    const config = resolver.forFile(filePath);
    try {
      const model = buildModel(text, filePath, config.engine, options.cache ? options.cache.track(filePath, config.host) : config.host);
      if (options.contextOnly?.has(filePath)) {
        workspace.push({ model, findings: [] });
        continue;
      }
      const lintRules = () => {
        let complete = true;
        const findings = lintModel(model, { onRuleError: (ruleId, error) => ((complete = false), options.onRuleError?.(filePath, ruleId, error)) });
        return { findings, complete };
      };
      const findings = options.cache ? options.cache.findings(filePath, text, config.engine, lintRules) : lintRules().findings;
      results.push({ filePath, text, findings });
      workspace.push({ model, findings });
    } catch (error) {
      // A bug in Candor on one file must not cost the findings of every other file.
      if (error instanceof ConfigError) throw error;
      results.push({ filePath, text, findings: [], fatal: `Candor failed on this file (internal error: ${(error as Error).message ?? String(error)}); please report it.` });
    }
  }
  try {
    lintWorkspace(workspace);
  } catch (error) {
    options.onRuleError?.('(workspace)', 'conflicting-commitments', error);
  }
  return results;
}

/** Reads a template as UTF-8, or says in plain words why it cannot be linted. */
export function readTemplate(filePath: string): { text: string } | { problem: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(filePath);
  } catch (error) {
    return { problem: readProblem(error) };
  }
  const kind = binaryKind(bytes);
  if (kind === 'utf16') return { problem: 'Skipped: this file is UTF-16 encoded; save it as UTF-8 to have it checked.' };
  if (kind === 'binary') return { problem: 'Skipped: this looks like a binary file, not a template (it is full of NUL or control bytes).' };
  return { text: bytes.toString('utf8') };
}

function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'Cannot read this file: it was deleted or moved before it could be read (ENOENT).';
    case 'EACCES':
    case 'EPERM':
      return `Cannot read this file: permission denied (${code}).`;
    case 'EISDIR':
      return 'Cannot read this file: it is a directory (EISDIR).';
    case 'ELOOP':
      return 'Cannot read this file: it is a symbolic link that loops back on itself (ELOOP).';
    default:
      return `Cannot read this file (${code ?? String(error)}).`;
  }
}

/**
 * Tells binary files with a template extension apart from templates, by the first 8 KB: UTF-16 text starts
 * with its byte-order mark; binary data has many NUL or control bytes. A stray NUL in a template is not
 * binary: the engine reports it as a finding at its place.
 */
export function binaryKind(bytes: Uint8Array): 'text' | 'utf16' | 'binary' {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return 'utf16';
  const sample = bytes.subarray(0, 8192);
  let nul = 0;
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) nul++;
    else if ((byte < 0x20 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 12 && byte !== 11 && byte !== 27) || byte === 0x7f) control++;
  }
  if (nul >= 4 && nul * 100 >= sample.length) return 'binary';
  if (nul + control >= 8 && (nul + control) * 10 >= sample.length) return 'binary';
  return 'text';
}
