// `--cache`: per-file findings keyed by content, config, the partials read and Candor's version, kept between runs.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { nodeCrypto } from '../nodeModules.ts';
import { temporaryPathBeside } from './tempFile.ts';
import type { EngineHost, Finding, Fix, RelatedLocation } from '../engine/types.ts';
import type { EngineConfig } from '../config/types.ts';
import type { WorkspaceRecord } from '../engine/index.ts';
import { LineIndex } from '../engine/text.ts';
import type { FindingsCache, PartialRead } from './lintFiles.ts';

export const DEFAULT_CACHE_LOCATION = join('node_modules', '.cache', 'candor');
const CACHE_FILE = 'candor-cache.json';
const FORMAT = 4;
/**
 * A run that changed a few entries appends them to the file (a journal record) instead of writing the whole file
 * again, until the records reach this share of the document they follow; then the next such run writes it whole.
 */
const JOURNAL_SHARE = 0.25;

/**
 * A finding as the cache file holds it: every string by its index in the file's string table (a repository's
 * findings repeat a few dozen messages, conditions and rule ids tens of thousands of times), the range as two
 * numbers, and what most findings lack only when a finding has it.
 */
type StoredFinding = [ruleId: number, severity: number, message: number, start: number, end: number, excerpt: number, caseState: number, conditions: number[], rest?: StoredRest];

interface StoredRest {
  partialChain?: number[];
  fix?: Fix;
  suggestions?: Fix[];
  related?: RelatedLocation[];
  tags?: Finding['tags'];
}

/** A partial read as stored: name, the file that read it, its path (-1: none) and the hash of its text, by index. */
type StoredRead = [name: number, from: number, path: number, hash: number];

interface StoredEntry {
  key: string;
  findings: StoredFinding[];
  /** The partials the file read, in order, so a look-up can tell they are unchanged without parsing the file. */
  reads: StoredRead[];
  /** What the workspace-wide pass needs of the file (its `WorkspaceRecord` without config and line index). */
  record: { directives: Array<Omit<WorkspaceRecord['directives'][number], 'used'> & { used: string[] }>; fileState: WorkspaceRecord['fileState']; commitments: WorkspaceRecord['commitments'] };
}

interface CacheDocument {
  format: number;
  version: string;
  strings: string[];
  entries: Record<string, StoredEntry>;
}

/** What one run changed, appended after the document: new strings and entries stored or dropped (null). */
interface JournalRecord {
  /** The hash of the document the record follows: a record appended to a file another run has since replaced is not used. */
  document: string;
  /** The length of the string table the record's strings continue: another run's record in between breaks it. */
  from: number;
  strings: string[];
  entries: Record<string, StoredEntry | null>;
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
 * file up before it dispatches work, and only the misses are linted (inline or on worker threads). A run that
 * found every file in the cache and had none of them disappear leaves the cache file as it was; a run that
 * changed a few entries appends them (see `JOURNAL_SHARE`), so editing one template of ten thousand does not
 * cost writing all ten thousand entries again.
 */
export class LintCache implements FindingsCache {
  private entries = new Map<string, StoredEntry>();
  private strings = new StringTable();
  /** Files looked up or stored in this run: they exist, so saving need not look for them. */
  private seen = new Set<string>();
  /** This run's changes: entries stored, or dropped (null). */
  private updates = new Map<string, StoredEntry | null>();
  /** The string table's length when the file was read: later strings are this run's. */
  private stringsRead = 0;
  /** The file must be written whole even if nothing changed: it is damaged, of another version, or ends in a broken record. */
  private rewrite = false;
  /** The file holds a whole document of this version and whole records: a record may be appended. */
  private appendable = false;
  /** The document's hash, and the sizes (bytes) of the document and of the records after it. */
  private documentHash = '';
  private documentBytes = 0;
  private journalBytes = 0;
  /** The cache key's first part for each config (configs are shared by the files of a folder and never change). */
  private configKeys = new WeakMap<EngineConfig, string>();
  readonly stats = { linted: 0, cached: 0 };

  constructor(readonly file: string, private readonly version: string) {
    const read = readCacheFile(file);
    const doc = read?.document;
    // Another Candor version may judge the same text differently: start again rather than trust it.
    if (read && doc?.format === FORMAT && doc.version === version && Array.isArray(doc.strings) && doc.entries && typeof doc.entries === 'object') {
      this.strings = new StringTable(doc.strings);
      this.entries = new Map(Object.entries(doc.entries));
      this.documentHash = read.documentHash;
      this.documentBytes = read.documentBytes;
      this.journalBytes = read.journalBytes;
      this.appendable = !read.broken;
      for (const record of read.journal) {
        // Records are applied in order while each continues this document's string table as it stands; the first
        // that does not (written by a run that read the file before another run appended or rewrote it) ends the
        // usable journal.
        if (record.document !== read.documentHash || record.from !== this.strings.all.length || !Array.isArray(record.strings) || !record.entries || typeof record.entries !== 'object') {
          this.rewrite = true;
          break;
        }
        for (const text of record.strings) this.strings.append(text);
        for (const [path, entry] of Object.entries(record.entries)) {
          if (entry) this.entries.set(path, entry);
          else this.entries.delete(path);
        }
      }
      if (read.broken) this.rewrite = true;
    } else this.rewrite = existsSync(file);
    this.stringsRead = this.strings.all.length;
  }

  lookup(filePath: string, text: string, config: EngineConfig, host: EngineHost): { findings: Finding[]; record: WorkspaceRecord } | undefined {
    this.seen.add(filePath);
    const entry = this.entries.get(filePath);
    if (!entry) return undefined;
    const s = this.strings;
    const reads: PartialRead[] = entry.reads.map(([name, from, path, hash]) => ({ name: s.at(name), from: s.at(from), path: path === -1 ? undefined : s.at(path), hash: s.at(hash) }));
    // The same text reads the same partials in the same order while each resolves to the same file and text.
    for (const read of reads) {
      const found = host.resolvePartial(read.name, read.from);
      if ((found?.path ?? null) !== (read.path ?? null) || (found ? textHash(found.text) : '') !== read.hash) return undefined;
    }
    if (entry.key !== this.keyOf(config, text, reads)) return undefined;
    const findings = this.decodeFindings(entry.findings);
    this.stats.cached++;
    const { directives, fileState, commitments } = entry.record;
    const record: WorkspaceRecord = {
      path: filePath,
      config,
      directives: directives.map((d) => ({ ...d, ruleIds: [...d.ruleIds], range: [d.range[0], d.range[1]], used: new Set(d.used) })),
      lines: new LineIndex(text),
      fileState,
      commitments: commitments.map((c) => ({ ...c, range: [c.range[0], c.range[1]] })),
    };
    return { findings, record };
  }

  store(filePath: string, text: string, config: EngineConfig, reads: PartialRead[], findings: Finding[], record: WorkspaceRecord, complete: boolean): void {
    this.stats.linted++;
    this.seen.add(filePath);
    if (!complete) {
      this.drop(filePath);
      return;
    }
    // Encoded now, before the workspace pass adds its findings to the same array.
    const s = this.strings;
    const entry: StoredEntry = {
      key: this.keyOf(config, text, reads),
      findings: findings.map((f) => encodeFinding(f, s)),
      reads: reads.map((r) => [s.index(r.name), s.index(r.from), r.path === undefined ? -1 : s.index(r.path), s.index(r.hash)]),
      record: JSON.parse(
        JSON.stringify({ directives: record.directives.map((d) => ({ ...d, used: [...d.used] })), fileState: record.fileState, commitments: record.commitments }),
      ) as StoredEntry['record'],
    };
    this.entries.set(filePath, entry);
    this.updates.set(filePath, entry);
  }

  private drop(filePath: string): void {
    if (this.entries.delete(filePath)) this.updates.set(filePath, null);
  }

  /**
   * Writes what this run changed, dropping entries of files that no longer exist: appended to the file as one
   * journal record while the records stay small beside the document, else the whole file anew. Nothing is
   * written when nothing changed.
   */
  save(): void {
    for (const path of this.entries.keys()) {
      if (this.seen.has(path) || existsSync(path)) continue;
      this.drop(path);
    }
    if (!this.rewrite && !this.updates.size) return;
    mkdirSync(dirname(this.file), { recursive: true });
    if (this.appendable && !this.rewrite) {
      const record: JournalRecord = { document: this.documentHash, from: this.stringsRead, strings: this.strings.all.slice(this.stringsRead), entries: Object.fromEntries(this.updates) };
      const line = journalLine(record);
      if (this.journalBytes + line.length <= JOURNAL_SHARE * this.documentBytes) {
        // One write at the end of the file. A run cut off in the middle leaves a broken last record, which the
        // next run ignores (and then writes the file whole).
        appendFileSync(this.file, line, 'latin1');
        return;
      }
    }
    const { strings, entries } = this.compacted();
    const doc: CacheDocument = { format: FORMAT, version: this.version, strings, entries };
    const temp = temporaryPathBeside(this.file);
    try {
      writeFileSync(temp, cacheFileText(doc), 'latin1');
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

  /**
   * The string table and entries to write: as they are while at most a quarter of the strings went unused (files
   * edited or deleted leave their strings behind), else with a fresh table of the strings still used.
   */
  private compacted(): { strings: string[]; entries: Record<string, StoredEntry> } {
    const old = this.strings.all;
    const used = new Uint8Array(old.length);
    for (const entry of this.entries.values()) {
      for (const [rule, severity, message, , , excerpt, caseState, conditions, rest] of entry.findings) {
        used[rule] = used[severity] = used[message] = used[excerpt] = used[caseState] = 1;
        for (const i of conditions) used[i] = 1;
        if (rest?.partialChain) for (const i of rest.partialChain) used[i] = 1;
      }
      for (const [name, from, path, hash] of entry.reads) {
        used[name] = used[from] = used[hash] = 1;
        if (path >= 0) used[path] = 1;
      }
    }
    const unused = used.length - used.reduce((n, u) => n + u, 0);
    if (unused * 4 <= old.length) return { strings: old, entries: Object.fromEntries(this.entries) };
    const strings = new StringTable();
    const at = (i: number) => strings.index(old[i]!);
    const entries: Record<string, StoredEntry> = {};
    for (const [path, entry] of this.entries) {
      entries[path] = {
        key: entry.key,
        findings: entry.findings.map(([rule, severity, message, start, end, excerpt, caseState, conditions, rest]) => {
          const stored: StoredFinding = [at(rule), at(severity), at(message), start, end, at(excerpt), at(caseState), conditions.map(at)];
          if (rest) stored.push(rest.partialChain ? { ...rest, partialChain: rest.partialChain.map(at) } : rest);
          return stored;
        }),
        reads: entry.reads.map(([name, from, path, hash]) => [at(name), at(from), path < 0 ? -1 : at(path), at(hash)]),
        record: entry.record,
      };
    }
    return { strings: strings.all, entries };
  }

  private keyOf(config: EngineConfig, text: string, reads: PartialRead[]): string {
    let prefix = this.configKeys.get(config);
    if (prefix === undefined) this.configKeys.set(config, (prefix = JSON.stringify([this.version, config])));
    // Lengths keep the parts apart: no text can end where a read list would begin.
    const readList = JSON.stringify(reads.map((r) => [r.name, r.from ?? null, r.path ?? null, r.hash]));
    return nodeCrypto().createHash('sha256').update(`${prefix.length}:${prefix}${text.length}:`).update(text).update(readList).digest('hex');
  }

  /** New finding objects every time (the workspace pass adds to the list, and nothing may change a stored entry). */
  private decodeFindings(stored: StoredFinding[]): Finding[] {
    const s = this.strings;
    const findings: Finding[] = [];
    for (const [rule, severity, message, start, end, excerpt, caseState, conditions, rest] of stored) {
      findings.push({
        ruleId: s.at(rule),
        severity: s.at(severity) as Finding['severity'],
        message: s.at(message),
        range: [start, end],
        excerpt: s.at(excerpt),
        caseState: s.at(caseState) as Finding['caseState'],
        conditions: conditions.map((i) => s.at(i)),
        partialChain: rest?.partialChain ? rest.partialChain.map((i) => s.at(i)) : [],
        fix: rest?.fix ? structuredClone(rest.fix) : undefined,
        suggestions: rest?.suggestions ? structuredClone(rest.suggestions) : [],
        related: rest?.related ? structuredClone(rest.related) : [],
        tags: rest?.tags ? [...rest.tags] : [],
      });
    }
    return findings;
  }
}

function encodeFinding(f: Finding, s: StringTable): StoredFinding {
  const stored: StoredFinding = [s.index(f.ruleId), s.index(f.severity), s.index(f.message), f.range[0], f.range[1], s.index(f.excerpt), s.index(f.caseState), f.conditions.map((c) => s.index(c))];
  if (f.partialChain.length || f.fix || f.suggestions.length || f.related.length || f.tags.length) {
    const rest: StoredRest = {};
    if (f.partialChain.length) rest.partialChain = f.partialChain.map((name) => s.index(name));
    // Copies (through JSON, as the file will hold them), so nothing done to the finding later reaches the entry.
    if (f.fix) rest.fix = JSON.parse(JSON.stringify(f.fix)) as Fix;
    if (f.suggestions.length) rest.suggestions = JSON.parse(JSON.stringify(f.suggestions)) as Fix[];
    if (f.related.length) rest.related = JSON.parse(JSON.stringify(f.related)) as RelatedLocation[];
    if (f.tags.length) rest.tags = [...f.tags];
    stored.push(rest);
  }
  return stored;
}

/** Strings by index, each once. */
class StringTable {
  private readonly byText = new Map<string, number>();
  constructor(readonly all: string[] = []) {
    all.forEach((text, i) => {
      if (typeof text === 'string' && !this.byText.has(text)) this.byText.set(text, i);
    });
  }

  index(text: string): number {
    let i = this.byText.get(text);
    if (i === undefined) {
      i = this.all.length;
      this.all.push(text);
      this.byText.set(text, i);
    }
    return i;
  }

  at(i: number): string {
    return this.all[i]!;
  }

  /** Adds a string at the next index even if the table holds it already (a journal record's strings keep theirs). */
  append(text: string): void {
    if (!this.byText.has(text)) this.byText.set(text, this.all.length);
    this.all.push(text);
  }
}

/**
 * The cache file: the SHA-256 of the document's JSON on the first line, then the JSON on the second, in ASCII
 * (every other character as a `\u` escape), so a run reads it as Latin-1, a one-byte string, with no UTF-8 to
 * decode. Journal records follow, one per line: `<SHA-256 of the JSON> <JSON>`. The hashes tell a whole file
 * or record from a damaged or hand-edited one, whose entries must not reach a report.
 */
function cacheFileText(doc: CacheDocument): string {
  const json = asciiJson(doc);
  return `${sha256(json, 'latin1')}\n${json}\n`;
}

function journalLine(record: JournalRecord): string {
  const json = asciiJson(record);
  return `${sha256(json, 'latin1')} ${json}\n`;
}

/** JSON with every character outside ASCII as a `\u` escape (JSON.stringify writes no raw line break). */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

interface CacheFile {
  document: CacheDocument;
  documentHash: string;
  /** The whole records after the document, in order. */
  journal: JournalRecord[];
  /** A record after them could not be read (cut off, damaged): appending after it would be lost too. */
  broken: boolean;
  documentBytes: number;
  journalBytes: number;
}

/** A cache file written by `cacheFileText` and `journalLine`; undefined when its document is not whole. */
function readCacheFile(file: string): CacheFile | undefined {
  try {
    const text = readFileSync(file, 'latin1');
    const newline = text.indexOf('\n');
    const end = text.indexOf('\n', newline + 1);
    if (newline !== 64 || end < 0) return undefined;
    const json = text.slice(newline + 1, end);
    if (text.slice(0, 64) !== sha256(json, 'latin1')) return undefined;
    const journal: JournalRecord[] = [];
    let broken = false;
    for (let at = end + 1; at < text.length; ) {
      const lineEnd = text.indexOf('\n', at);
      const line = text.slice(at, lineEnd < 0 ? text.length : lineEnd);
      const recordJson = line.slice(65);
      if (lineEnd < 0 || line[64] !== ' ' || line.slice(0, 64) !== sha256(recordJson, 'latin1')) {
        broken = true;
        break;
      }
      journal.push(JSON.parse(recordJson) as JournalRecord);
      at = lineEnd + 1;
    }
    return { document: JSON.parse(json) as CacheDocument, documentHash: text.slice(0, 64), journal, broken, documentBytes: end + 1, journalBytes: text.length - end - 1 };
  } catch {
    return undefined;
  }
}

function sha256(text: string, encoding: 'utf8' | 'latin1' = 'utf8'): string {
  return nodeCrypto().createHash('sha256').update(text, encoding).digest('hex');
}

/** Wraps a host so every partial a file reads (nested ones too) is recorded with a hash of its text. */
export function recordingHost(host: EngineHost, reads: PartialRead[]): EngineHost {
  return {
    resolvePartial: (name, fromPath) => {
      const found = host.resolvePartial(name, fromPath);
      reads.push({ name, from: fromPath, path: found?.path, hash: found ? textHash(found.text) : '' });
      return found;
    },
  };
}

/** Hashes of partial texts, by text: every template of a repository reads the same few partials. */
const partialHashes = new Map<string, string>();

function textHash(text: string): string {
  let hash = partialHashes.get(text);
  if (hash === undefined) {
    if (partialHashes.size >= 1024) partialHashes.clear();
    hash = sha256(text);
    partialHashes.set(text, hash);
  }
  return hash;
}
