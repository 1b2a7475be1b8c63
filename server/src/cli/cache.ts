// `--cache`: per-file findings keyed by content, config, the partials read and Candor's version, kept between runs.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { nodeCrypto } from '../nodeModules.ts';
import { temporaryPathBeside } from './tempFile.ts';
import type { EngineHost, Finding } from '../engine/types.ts';
import type { EngineConfig } from '../config/types.ts';
import type { WorkspaceRecord } from '../engine/index.ts';
import { LineIndex } from '../engine/text.ts';
import type { FindingsCache, PartialRead } from './lintFiles.ts';

export const DEFAULT_CACHE_LOCATION = join('node_modules', '.cache', 'candor');
const CACHE_FILE = 'candor-cache.json';
const FORMAT = 2;

interface Entry {
  key: string;
  findings: Finding[];
  /** The partials the file read, in order, so a look-up can tell they are unchanged without parsing the file. */
  reads: PartialRead[];
  /** What the workspace-wide pass needs of the file (its `WorkspaceRecord` without config and line index). */
  record: { directives: Array<Omit<WorkspaceRecord['directives'][number], 'used'> & { used: string[] }>; fileState: WorkspaceRecord['fileState']; commitments: WorkspaceRecord['commitments'] };
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
 * An unchanged file (same text, config and partial texts) is not even parsed: its entry holds its findings and
 * the compact record the workspace-wide pass (conflicting commitments) needs. So `candor check` can look every
 * file up before it dispatches work, and only the misses are linted (inline or on worker threads).
 */
export class LintCache implements FindingsCache {
  private entries: Record<string, Entry> = {};
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

  lookup(filePath: string, text: string, config: EngineConfig, host: EngineHost): { findings: Finding[]; record: WorkspaceRecord } | undefined {
    const entry = this.entries[filePath];
    if (!entry || !Array.isArray(entry.reads) || !entry.record) return undefined;
    // The same text reads the same partials in the same order while each resolves to the same file and text.
    for (const read of entry.reads) {
      const found = host.resolvePartial(read.name, read.from);
      if ((found?.path ?? null) !== (read.path ?? null) || (found ? hash(found.text) : '') !== read.hash) return undefined;
    }
    if (entry.key !== keyOf(this.version, config, text, entry.reads)) return undefined;
    this.stats.cached++;
    const { directives, fileState, commitments } = structuredClone(entry.record);
    const record: WorkspaceRecord = {
      path: filePath,
      config,
      directives: directives.map((d) => ({ ...d, used: new Set(d.used) })),
      lines: new LineIndex(text),
      fileState,
      commitments,
    };
    return { findings: entry.findings.map((f) => structuredClone(f)), record };
  }

  store(filePath: string, text: string, config: EngineConfig, reads: PartialRead[], findings: Finding[], record: WorkspaceRecord, complete: boolean): void {
    this.stats.linted++;
    if (!complete) {
      delete this.entries[filePath];
      return;
    }
    // Stored now, before the workspace pass adds its findings to the same array.
    this.entries[filePath] = {
      key: keyOf(this.version, config, text, reads),
      findings: JSON.parse(JSON.stringify(findings)) as Finding[],
      reads: reads.map((r) => ({ ...r })),
      record: JSON.parse(
        JSON.stringify({ directives: record.directives.map((d) => ({ ...d, used: [...d.used] })), fileState: record.fileState, commitments: record.commitments }),
      ) as Entry['record'],
    };
  }

  /** Writes the cache, dropping entries of files that no longer exist. */
  save(): void {
    for (const path of Object.keys(this.entries)) if (!existsSync(path)) delete this.entries[path];
    const doc: CacheDocument = { format: FORMAT, version: this.version, entries: this.entries };
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = temporaryPathBeside(this.file);
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

function keyOf(version: string, config: EngineConfig, text: string, reads: PartialRead[]): string {
  return hash(JSON.stringify([version, config, text, reads.map((r) => [r.name, r.from ?? null, r.path ?? null, r.hash])]));
}

/** Wraps a host so every partial a file reads (nested ones too) is recorded with a hash of its text. */
export function recordingHost(host: EngineHost, reads: PartialRead[]): EngineHost {
  return {
    resolvePartial: (name, fromPath) => {
      const found = host.resolvePartial(name, fromPath);
      reads.push({ name, from: fromPath, path: found?.path, hash: found ? hash(found.text) : '' });
      return found;
    },
  };
}

function hash(text: string): string {
  return nodeCrypto().createHash('sha256').update(text).digest('hex');
}
