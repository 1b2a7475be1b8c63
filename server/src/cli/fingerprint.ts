// Stable finding fingerprints (rule, repo-relative file, normalised flagged text, occurrence): SARIF and baselines share them.
import { nodeCrypto } from '../nodeModules.ts';
import type { Finding } from '../engine/types.ts';
import type { FileResult } from './results.ts';
import { pathInside } from './repoRoot.ts';

/** The excerpt as a fingerprint sees it: case, spacing and quote style do not matter. */
export function normaliseExcerpt(excerpt: string): string {
  return excerpt.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/[\u201C\u201D]/g, '"').replace(/\s+/g, ' ').trim();
}

/** The path a fingerprint uses for a file: relative to the repository root with `/`, else absolute. */
export function fingerprintPath(root: string, filePath: string): string {
  return pathInside(root, filePath) ?? filePath;
}

/**
 * Fingerprints of a file's findings, in order. No line numbers: the same finding keeps its fingerprint when
 * lines are added or removed elsewhere. Identical findings are told apart by how many came before them.
 */
export function computeFingerprints(fileKey: string, findings: Finding[]): string[] {
  const occurrences = new Map<string, number>();
  return findings.map((finding) => {
    const key = `${finding.ruleId}\u0000${fileKey}\u0000${normaliseExcerpt(finding.excerpt)}`;
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    return sha256Hex(`${key}\u0000${occurrence}`);
  });
}

/**
 * SHA-256 of the text's UTF-8, in hex: Node's one-shot `crypto.hash` where it has one (20.12 and later), which
 * makes no Hash object (a SARIF report of 10,000 templates hashes 44,000 findings).
 */
function sha256Hex(text: string): string {
  const crypto = nodeCrypto();
  return typeof crypto.hash === 'function' ? crypto.hash('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex');
}

// Fingerprints are taken over every finding of a file before any filter (baseline, changed lines, --quiet)
// runs, so the occurrence index, and with it the fingerprint, does not depend on what else is shown.
const remembered = new WeakMap<Finding, string>();

/** Computes and remembers the fingerprint of every finding in `results`. */
export function assignFingerprints(results: FileResult[], root: string): void {
  for (const result of results) {
    const prints = computeFingerprints(fingerprintPath(root, result.filePath), result.findings);
    result.findings.forEach((finding, i) => remembered.set(finding, prints[i]!));
  }
}

/** The fingerprint `assignFingerprints` gave this finding, if it ran. */
export function rememberedFingerprint(finding: Finding): string | undefined {
  return remembered.get(finding);
}

/**
 * Fingerprints of a file's findings: remembered ones where known, else computed over the findings given (only
 * when one of them is not remembered: the findings of a SARIF report or a baseline all are).
 */
export function fingerprintsOf(result: FileResult, root: string): string[] {
  const known = result.findings.map((finding) => remembered.get(finding));
  if (known.every((print) => print !== undefined)) return known as string[];
  const computed = computeFingerprints(fingerprintPath(root, result.filePath), result.findings);
  return known.map((print, i) => print ?? computed[i]!);
}
