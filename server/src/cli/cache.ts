// `--cache`: per-file findings keyed by content, config, the partials read and Candor's version, kept between runs.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { EngineHost, Finding } from '../engine/types.ts';
import type { EngineConfig } from '../config/types.ts';
import type { FindingsCache } from './lintFiles.ts';

export const DEFAULT_CACHE_LOCATION = join('node_modules', '.cache', 'candor');
const CACHE_FILE = 'candor-cache.json';
const FORMAT = 1;

interface Entry {
  key: string;
  findings: Finding[];
}

interface CacheDocument {
  format: number;
  version: string;
  entries: Record<string, Entry>;
}

/** A directory (default) or, when the path ends in `.json` or is an existing file, the cache file itself. */
export function cacheFilePath(cwd: string, location: string | undefined): string {
  const target = resolve(cwd, location ?? DEFAULT_CACHE_LOCATION);
  const isFile = target.endsWith('.json') || (existsSync(target) && statSync(target).isFile());
  return isFile ? target : join(target, CACHE_FILE);
}

/**
 * Only the rules are skipped for an unchanged file: its template is still parsed, because the workspace-wide
 * pass (conflicting commitments) needs every file's model, and parsing is what tells which partials it reads.
 */
export class LintCache implements FindingsCache {
  private entries: Record<string, Entry> = {};
  private readonly partialsRead = new Map<string, Array<{ name: string; path: string | undefined; hash: string }>>();
  readonly stats = { linted: 0, cached: 0 };

  constructor(readonly file: string, private readonly version: string) {
    try {
      const doc = JSON.parse(readFileSync(file, 'utf8')) as CacheDocument;
      // Another Candor version may judge the same text differently: start again rather than trust it.
      if (doc.format === FORMAT && doc.version === version && doc.entries && typeof doc.entries === 'object') this.entries = doc.entries;
    } catch {
      this.entries = {};
    }
  }

  track(filePath: string, host: EngineHost): EngineHost {
    const reads: Array<{ name: string; path: string | undefined; hash: string }> = [];
    this.partialsRead.set(filePath, reads);
    return {
      resolvePartial: (name, fromPath) => {
        const found = host.resolvePartial(name, fromPath);
        reads.push({ name, path: found?.path, hash: found ? hash(found.text) : '' });
        return found;
      },
    };
  }

  findings(filePath: string, text: string, config: EngineConfig, lint: () => { findings: Finding[]; complete: boolean }): Finding[] {
    const reads = this.partialsRead.get(filePath) ?? [];
    const key = hash(JSON.stringify([this.version, config, text, reads]));
    const entry = this.entries[filePath];
    if (entry && entry.key === key) {
      this.stats.cached++;
      return entry.findings.map((f) => structuredClone(f));
    }
    this.stats.linted++;
    const { findings, complete } = lint();
    // Stored now, before the workspace pass adds its findings to the same array.
    if (complete) this.entries[filePath] = { key, findings: JSON.parse(JSON.stringify(findings)) as Finding[] };
    else delete this.entries[filePath];
    return findings;
  }

  /** Writes the cache, dropping entries of files that no longer exist. */
  save(): void {
    for (const path of Object.keys(this.entries)) if (!existsSync(path)) delete this.entries[path];
    const doc: CacheDocument = { format: FORMAT, version: this.version, entries: this.entries };
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      writeFileSync(temp, JSON.stringify(doc));
      renameSync(temp, this.file);
    } catch (error) {
      try {
        unlinkSync(temp);
      } catch {
        /* never created */
      }
      throw error;
    }
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
