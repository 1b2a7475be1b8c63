// `--baseline FILE`: a committed record of accepted findings by fingerprint, so only new findings are reported.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileResult } from './results.ts';
import { fingerprintPath, fingerprintsOf } from './fingerprint.ts';

export class BaselineError extends Error {}

/** One accepted finding: the fingerprint decides; rule and excerpt are there for people reading the diff. */
export interface BaselineEntry {
  ruleId: string;
  excerpt: string;
}

export interface BaselineDocument {
  candorBaseline: 1;
  comment?: string;
  /** Repository-relative path → fingerprint → entry. */
  files: Record<string, Record<string, BaselineEntry>>;
}

const COMMENT = 'Findings Candor accepts as existing debt; they are not reported. Regenerate with `candor check --baseline <this file> --update-baseline`.';

export function readBaseline(path: string, options: { mayBeMissing: boolean }): BaselineDocument {
  if (!existsSync(path)) {
    if (options.mayBeMissing) return { candorBaseline: 1, files: {} };
    throw new BaselineError(`baseline file ${path} does not exist; create it with --update-baseline.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BaselineError(`baseline file ${path} is not valid JSON (${(error as Error).message}); regenerate it with --update-baseline.`);
  }
  const doc = parsed as Partial<BaselineDocument>;
  if (!doc || typeof doc !== 'object' || doc.candorBaseline !== 1 || typeof doc.files !== 'object' || doc.files === null) {
    throw new BaselineError(`${path} is not a Candor baseline (expected { "candorBaseline": 1, "files": { … } }).`);
  }
  return { candorBaseline: 1, files: doc.files };
}

export interface BaselineOutcome {
  /** Results without the baselined findings. */
  results: FileResult[];
  /** Findings the baseline hid in this run. */
  suppressed: number;
  /** Baseline entries in the files of this run that no finding matched any more (fixed). */
  fixed: number;
  /** Every entry in the baseline file. */
  total: number;
}

/** Hides baselined findings. Fingerprints must have been assigned on the complete results. */
export function applyBaseline(results: FileResult[], baseline: BaselineDocument, root: string): BaselineOutcome {
  let suppressed = 0;
  let fixed = 0;
  const filtered = results.map((result) => {
    const accepted = baseline.files[fingerprintPath(root, result.filePath)];
    if (!accepted || result.fatal) return result;
    const prints = fingerprintsOf(result, root);
    const seen = new Set<string>();
    const findings = result.findings.filter((_, i) => {
      if (!(prints[i]! in accepted)) return true;
      seen.add(prints[i]!);
      suppressed++;
      return false;
    });
    fixed += Object.keys(accepted).filter((print) => !seen.has(print)).length;
    return { ...result, findings };
  });
  return { results: filtered, suppressed, fixed, total: countEntries(baseline) };
}

export interface BaselineUpdate {
  document: BaselineDocument;
  kept: number;
  added: number;
  dropped: number;
}

/**
 * The baseline after this run: every current finding of the files checked, and the old entries of files
 * this run did not check (so a run over one folder or one shard does not forget the rest), unless the
 * file is gone.
 */
export function updatedBaseline(previous: BaselineDocument, results: FileResult[], root: string): BaselineUpdate {
  const files: Record<string, Record<string, BaselineEntry>> = {};
  const checked = new Set<string>();
  let kept = 0;
  let added = 0;
  for (const result of results) {
    if (result.fatal) continue;
    const key = fingerprintPath(root, result.filePath);
    checked.add(key);
    const prints = fingerprintsOf(result, root);
    const entries: Record<string, BaselineEntry> = {};
    result.findings.forEach((finding, i) => {
      entries[prints[i]!] = { ruleId: finding.ruleId, excerpt: finding.excerpt.replace(/\s+/g, ' ').trim() };
      if (previous.files[key]?.[prints[i]!]) kept++;
      else added++;
    });
    if (Object.keys(entries).length) files[key] = entries;
  }
  for (const [key, entries] of Object.entries(previous.files)) {
    if (checked.has(key)) continue;
    const onDisk = key.startsWith('/') ? key : join(root, key);
    if (existsSync(onDisk)) {
      files[key] = entries;
      kept += Object.keys(entries).length;
    }
  }
  const document: BaselineDocument = { candorBaseline: 1, comment: COMMENT, files: sortedFiles(files) };
  return { document, kept, added, dropped: countEntries(previous) - kept };
}

export function writeBaseline(path: string, document: BaselineDocument): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(document, null, 2) + '\n');
}

function countEntries(document: BaselineDocument): number {
  return Object.values(document.files).reduce((n, entries) => n + Object.keys(entries).length, 0);
}

/** Files and fingerprints in a fixed order, so the committed file only changes where findings changed. */
function sortedFiles(files: BaselineDocument['files']): BaselineDocument['files'] {
  const out: BaselineDocument['files'] = {};
  for (const key of Object.keys(files).sort()) {
    const entries = files[key]!;
    out[key] = Object.fromEntries(Object.keys(entries).sort().map((print) => [print, entries[print]!]));
  }
  return out;
}
