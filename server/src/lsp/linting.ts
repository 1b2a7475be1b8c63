// The server's view of the workspace: which files it lints, with which config, and their latest findings.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { nodeCrypto } from '../nodeModules.ts';
import { buildModel, lintModel, lintWorkspace, rulesFor, sortFindings, workspaceRecord, type Finding, type TemplateModel, type WorkspaceRecord } from '../engine/index.ts';
import { compilePhraseRule } from '../rules/phraseMatcher.ts';
import { noHost, type EngineHost } from '../engine/types.ts';
import { LineIndex } from '../engine/text.ts';
import { ConfigError, ConfigResolver, CONFIG_FILE, TEMPLATE_GLOB, globMatcher, toPosix, type FileConfig } from '../config/load.ts';
import { defaultEngineConfig } from '../config/types.ts';
import { discoverFiles } from '../cli/discover.ts';
import { reviveWorkspaceRecord } from '../cli/parallel.ts';
import { suppressedBy } from '../engine/parse/suppressions.ts';
import type { IndexedFile } from './indexing.ts';
import type { ServerSettings } from './settings.ts';

export interface LintedFile {
  /** The file path, or the URI of an untitled document. */
  key: string;
  uri: string;
  /** Document version linted; undefined when the text came from disk. */
  version: number | undefined;
  text: string;
  /**
   * The full model: held for open documents (hover, code actions, completion, symbols read it); for files
   * linted from disk it is rebuilt on demand and not kept (they hold only `record`).
   */
  readonly model: TemplateModel;
  /** Whether `model` is held (an open document) rather than rebuilt on each access. */
  readonly holdsModel: boolean;
  /** What the workspace-wide pass and diagnostics need: config, line index, directives, commitments. */
  record: WorkspaceRecord;
  /** The topics of this file's commitments, as indexed for the workspace-wide pass. */
  topics: Set<string>;
  /** The workspace-wide findings' signature last reported, so `crossFile` compares small strings. */
  crossSignature: string;
  fileConfig: FileConfig;
  /** This file's own findings, before the workspace-wide rules. */
  own: Finding[];
  /** What the editor shows: own findings plus the workspace-wide ones. */
  findings: Finding[];
  /** Changes whenever `findings` changes, for pull diagnostics. */
  resultId: string;
  /** Partial files this lint read (nested ones too), so an edit to one of them re-lints this file. */
  partials: Set<string>;
  /** Too large to lint as you type: only a notice until it is linted on save or by lintAll. */
  deferred?: boolean;
}

/** Documents over this many UTF-16 code units (about 2 MB) are not linted as you type. */
export const AS_YOU_TYPE_LIMIT = 2 * 1024 * 1024;
export const TOO_LARGE_MESSAGE = 'This template is too large to lint as you type; run Candor: Lint all templates (it is also linted when you save).';

export interface LinterHooks {
  log: Log;
  /** A rule threw: the other rules' findings still count. */
  onRuleError?: (ruleId: string, error: unknown, path: string) => void;
  /** The unsaved text of an open document, by path, so templates read the partials being edited. */
  openText?: (path: string) => string | undefined;
}

export type Log = (message: string) => void;

/** Equal text and findings give equal ids, so a re-lint that changes nothing is answered `unchanged`. */
function resultIdOf(text: string, findings: Finding[]): string {
  return nodeCrypto().createHash('sha1').update(text).update('\0').update(signature(findings)).digest('base64url');
}

const HELD = Symbol('held model');
const REBUILD = Symbol('rebuild model');

interface Hidden {
  [HELD]: TemplateModel | undefined;
  [REBUILD]: () => TemplateModel;
}

/**
 * `model` and `holdsModel` of every linted file: getters on one shared prototype over two hidden fields. A getter
 * defined on each file (its own `rebuild` closure) would give each file a hidden class of its own, which V8 keeps
 * until a full collection (see the `Model` class in engine/model.ts).
 */
const lintedPrototype = Object.defineProperties(
  {},
  {
    model: {
      get(this: Hidden): TemplateModel {
        return this[HELD] ?? this[REBUILD]();
      },
    },
    holdsModel: {
      get(this: Hidden): boolean {
        return this[HELD] !== undefined;
      },
    },
  },
);

/** A linted file; `model` is the held one, or rebuilt by `rebuild` (and dropped again) for closed files. */
function linted(fields: Omit<LintedFile, 'model' | 'holdsModel' | 'topics' | 'crossSignature'>, model: TemplateModel | undefined, rebuild: () => TemplateModel): LintedFile {
  const file = Object.assign(Object.create(lintedPrototype) as LintedFile, fields, { topics: new Set(fields.record.commitments.map((c) => c.topic)), crossSignature: '[]' });
  Object.defineProperties(file, { [HELD]: { value: model }, [REBUILD]: { value: rebuild } });
  return file;
}

export class WorkspaceLinter {
  readonly files = new Map<string, LintedFile>();
  /** Commitment topic → the files whose commitments have it (the workspace-wide pass re-checks only these). */
  private readonly topicIndex = new Map<string, Set<string>>();
  /** Partial path → the files that read it (directly or through another partial). */
  private readonly partialIndex = new Map<string, Set<string>>();
  /** Files linted or removed since the last `crossFile`, with their topics as of then. */
  private readonly pendingCross = new Map<string, Set<string>>();
  /** Broken config files, by path: shown as diagnostics on those files. */
  readonly configErrors = new Map<string, ConfigError>();
  /** One resolver per workspace folder (its root is where `extends` and lookups stop), '' for files outside every folder. */
  private readonly resolvers = new Map<string, ConfigResolver>();
  /** Last config that loaded without error, per directory, used while a config file is broken. */
  private readonly lastGood = new Map<string, FileConfig>();
  private readonly log: Log;
  private folders: string[] = [];

  constructor(
    private settings: ServerSettings,
    hooks: Log | LinterHooks,
    workspaceFolders: string[] = [],
  ) {
    this.hooks = typeof hooks === 'function' ? { log: hooks } : hooks;
    this.log = this.hooks.log;
    this.workspaceFolders = workspaceFolders;
  }

  private readonly hooks: LinterHooks;

  get workspaceFolders(): string[] {
    return this.folders;
  }

  set workspaceFolders(folders: string[]) {
    this.folders = folders;
    this.resolvers.clear();
  }

  /** The workspace folder holding a path (the innermost one), or undefined. */
  folderOf(path: string): string | undefined {
    let best: string | undefined;
    for (const folder of this.folders) {
      const prefix = folder.endsWith(sep) ? folder : folder + sep;
      if ((path === folder || path.startsWith(prefix)) && (!best || folder.length > best.length)) best = folder;
    }
    return best;
  }

  /** The resolver for a path: inside a workspace folder, `extends` paths and config lookups stop at its root. */
  private resolverFor(path: string): ConfigResolver {
    const folder = isAbsolute(path) ? this.folderOf(resolve(path)) : undefined;
    const key = folder ?? '';
    let resolver = this.resolvers.get(key);
    if (!resolver) {
      resolver = new ConfigResolver({ ruleOverrides: this.settings.rules, stopAt: folder });
      this.resolvers.set(key, resolver);
    }
    return resolver;
  }

  get currentSettings(): ServerSettings {
    return this.settings;
  }

  updateSettings(settings: ServerSettings): void {
    this.settings = settings;
    this.resolvers.clear();
    this.configErrors.clear();
  }

  /** Forgets every cached config and partial, after a config or partial file changed on disk. */
  invalidate(): void {
    for (const resolver of this.resolvers.values()) resolver.invalidate();
    this.configErrors.clear();
  }

  /** The config for a file; while a config file is broken, the last good one (or the defaults). */
  configFor(path: string, untitled = false): FileConfig {
    const dir = dirname(path);
    if (!untitled) {
      try {
        const config = this.resolverFor(path).forFile(path);
        this.lastGood.set(dir, config);
        return config;
      } catch (error) {
        if (error instanceof ConfigError) this.configErrors.set(error.file, error);
        else this.log(`Candor: reading the config for ${path} failed: ${describeError(error)}`);
      }
    }
    return this.lastGood.get(dir) ?? this.defaults(untitled ? process.cwd() : dir);
  }

  private defaults(dir: string): FileConfig {
    const rules = Object.fromEntries(Object.entries(this.settings.rules).map(([id, severity]) => [id, { severity, options: {} }]));
    return { engine: { ...defaultEngineConfig, rules }, host: noHost, configFiles: [], baseDir: dir, include: [TEMPLATE_GLOB], exclude: [], partialFiles: new Map() };
  }

  /** Whether a file of this language is linted under the current settings. */
  shouldLint(key: string, languageId: string | undefined): boolean {
    if (!this.settings.enable) return false;
    if (languageId === 'candor') return true;
    if (languageId !== undefined && languageId !== 'handlebars') return false;
    if (this.settings.lintHandlebars === 'always') return true;
    if (this.settings.lintHandlebars === 'never') return false;
    return this.includedBySetting(key) || this.hasCandorConfig(key);
  }

  /** The file matches `candor.include` in its workspace folder: the writer asked for it explicitly. */
  includedBySetting(key: string): boolean {
    if (!this.settings.include.length || !isAbsolute(key)) return false;
    const matches = globMatcher(this.settings.include, false);
    return this.workspaceFolders.some((folder) => {
      const rel = toPosix(relative(folder, key));
      return !rel.startsWith('..') && !isAbsolute(rel) && matches(rel);
    });
  }

  /** A `.candorrc.json` applies to this file or sits at the root of a workspace folder. */
  hasCandorConfig(key: string): boolean {
    if (this.workspaceFolders.some((folder) => existsSync(join(folder, CONFIG_FILE)))) return true;
    if (!isAbsolute(key)) return false;
    try {
      return this.resolverFor(key).chainFor(dirname(resolve(key))).length > 0;
    } catch {
      return true;
    }
  }

  /** Lints one file's text and stores the result (workspace-wide findings are added by `crossFile`). */
  lint(key: string, uri: string, text: string, version: number | undefined): LintedFile {
    const file = this.lintDetached(key, uri, text, version);
    this.store(file);
    return file;
  }

  /** Lints one file's text without storing it (the index workers lint this way and send the result back). */
  lintDetached(key: string, uri: string, text: string, version: number | undefined): LintedFile {
    const untitled = !isAbsolute(key);
    const partials = new Set<string>();
    const fileConfig = this.withOpenPartials(this.configFor(key, untitled), partials);
    const model = buildModel(text, key, fileConfig.engine, fileConfig.host);
    const own = lintModel(model, {
      onRuleError: (ruleId, error) => {
        if (this.hooks.onRuleError) this.hooks.onRuleError(ruleId, error, key);
        else this.log(`Candor: rule ${ruleId} failed on ${key}: ${describeError(error)}`);
      },
    });
    // Documents open in the editor (they have a version) keep their model; files read from disk keep the record.
    const hold = version !== undefined;
    return linted({ key, uri, version, text, record: workspaceRecord(model), fileConfig, own, findings: [...own], resultId: resultIdOf(text, own), partials }, hold ? model : undefined, this.rebuilder(key, text));
  }

  /** Rebuilds a closed file's model when a feature asks for it (with the open partials' unsaved text, as a lint reads them). */
  private rebuilder(key: string, text: string): () => TemplateModel {
    const untitled = !isAbsolute(key);
    return () => {
      const fileConfig = this.withOpenPartials(this.configFor(key, untitled), new Set());
      return buildModel(text, key, fileConfig.engine, fileConfig.host);
    };
  }

  /**
   * Stores a file linted from disk by an index worker (see `indexing.ts`): the worker sends the text, the record
   * without its config (user rules do not cross threads), the findings and the partials read; the config is
   * resolved again here, where it is cached per directory.
   */
  storeIndexed(indexed: IndexedFile, uri: string): LintedFile {
    const fileConfig = this.configFor(indexed.path);
    const record = reviveWorkspaceRecord({ ...indexed.record, config: fileConfig.engine } as WorkspaceRecord);
    const own = indexed.own;
    const file = linted({ key: indexed.path, uri, version: undefined, text: indexed.text, record, fileConfig, own, findings: [...own], resultId: resultIdOf(indexed.text, own), partials: new Set(indexed.partials) }, undefined, this.rebuilder(indexed.path, indexed.text));
    this.store(file);
    return file;
  }

  /**
   * Stores a placeholder for a document too large to lint as you type: one information notice, no parse.
   * Its model keeps the text and line index so positions still convert, but has no prose.
   */
  deferLarge(key: string, uri: string, text: string, version: number | undefined): LintedFile {
    const fileConfig = this.configFor(key, !isAbsolute(key));
    const empty = buildModel('', key, fileConfig.engine, noHost);
    // Keep the model's lazy `paths` getter (over no prose, on its prototype) rather than computing it.
    const model = Object.assign(Object.create(Object.getPrototypeOf(empty) as object) as TemplateModel, empty, { text, lines: new LineIndex(text) });
    const notice: Finding = {
      ruleId: 'too-large',
      severity: 'information',
      message: TOO_LARGE_MESSAGE,
      range: [0, 0],
      excerpt: '',
      caseState: 'unknown',
      conditions: [],
      partialChain: [],
      suggestions: [],
      related: [],
      tags: [],
    };
    const own = [notice];
    const file = linted({ key, uri, version, text, record: workspaceRecord(model), fileConfig, own, findings: [...own], resultId: resultIdOf(text, own), partials: new Set(), deferred: true }, model, () => model);
    this.store(file);
    return file;
  }

  /** Stores a file's latest lint and updates the topic index; the workspace-wide pass picks it up. */
  private store(file: LintedFile): void {
    const previous = this.files.get(file.key);
    if (previous && !this.pendingCross.has(file.key) && sameWorkspaceInput(previous, file)) {
      // Most keystrokes leave a template's commitments as they were: no other file's findings can change, and
      // this file's workspace-wide findings are the ones it had, so the pass over every file sharing a topic
      // with it (thousands in a large workspace) is skipped.
      this.carryCross(previous, file);
      return;
    }
    this.markCross(file.key, previous);
    this.files.set(file.key, file);
    for (const topic of file.topics) indexAdd(this.topicIndex, topic, file.key);
    for (const partial of file.partials) indexAdd(this.partialIndex, partial, file.key);
  }

  /** Stores a re-lint whose workspace-wide input is unchanged, with the previous lint's workspace-wide findings. */
  private carryCross(previous: LintedFile, file: LintedFile): void {
    const own = new Set(previous.own);
    const cross = previous.findings.filter((finding) => !own.has(finding));
    if (cross.length) {
      // The order `lintWorkspace` gives: each finding added after the file's own, then sorted (stably).
      file.findings = sortFindings([...file.own, ...cross]);
      file.resultId = resultIdOf(file.text, file.findings);
    }
    file.crossSignature = previous.crossSignature;
    for (const partial of previous.partials) indexDelete(this.partialIndex, partial, file.key);
    this.files.set(file.key, file);
    for (const partial of file.partials) indexAdd(this.partialIndex, partial, file.key);
  }

  /**
   * Notes that a file changed (or went) for the next `crossFile`, and takes its old topics and partials out of
   * the indexes.
   */
  private markCross(key: string, previous: LintedFile | undefined): void {
    if (!this.pendingCross.has(key)) this.pendingCross.set(key, new Set(previous?.topics ?? []));
    if (!previous) return;
    for (const topic of previous.topics) indexDelete(this.topicIndex, topic, key);
    for (const partial of previous.partials) indexDelete(this.partialIndex, partial, key);
  }

  /** Compiles the phrase rules of every workspace folder's config now, so the first opened document does not. */
  warmRules(): void {
    const folders = this.workspaceFolders.length ? this.workspaceFolders : [process.cwd()];
    for (const folder of folders) {
      try {
        for (const rule of rulesFor(this.configFor(resolve(folder, '_')).engine)) if (rule.kind === 'phrase') compilePhraseRule(rule);
      } catch (error) {
        this.log(`Candor: preparing the rules failed: ${describeError(error)}`);
      }
    }
  }

  /** Routes partial look-ups through open documents (their unsaved text) and records every partial read. */
  private withOpenPartials(config: FileConfig, used: Set<string>): FileConfig {
    const base: EngineHost = config.host;
    const openText = this.hooks.openText;
    const host: EngineHost = {
      resolvePartial: (name, fromPath) => {
        const found = base.resolvePartial(name, fromPath);
        if (!found) return found;
        used.add(found.path);
        const open = openText?.(found.path);
        return open === undefined ? found : { path: found.path, text: open };
      },
    };
    return { ...config, host };
  }

  /** Linted files that read the partial at `path` (directly or through another partial). */
  dependentsOf(path: string): LintedFile[] {
    // Looked up in the index first: an edit of a template that is no partial costs nothing here, however many
    // files the workspace holds.
    const keys = this.partialIndex.get(path);
    if (!keys || (keys.size === 1 && keys.has(path))) return [];
    return [...this.files.values()].filter((file) => file.key !== path && keys.has(file.key));
  }

  /** Every config, `extends` and `data` file the linted files' configs were read from. */
  configSources(): Set<string> {
    const sources = new Set<string>();
    for (const file of this.files.values()) for (const source of file.fileConfig.configFiles) sources.add(source);
    for (const config of this.lastGood.values()) for (const source of config.configFiles) sources.add(source);
    return sources;
  }

  /** Reads a file from disk and lints it; undefined when it cannot be read. */
  lintFromDisk(path: string, uri: string): LintedFile | undefined {
    const text = this.readFromDisk(path);
    return text === undefined ? undefined : this.lint(path, uri, text, undefined);
  }

  /** A template's text on disk; undefined (and a log line) when it cannot be read. */
  readFromDisk(path: string): string | undefined {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      this.log(`Candor: cannot read ${path}: ${describeError(error)}`);
      return undefined;
    }
  }

  remove(key: string): LintedFile | undefined {
    const file = this.files.get(key);
    if (file) this.markCross(key, file);
    this.files.delete(key);
    return file;
  }

  /**
   * Brings the workspace-wide findings up to date after lints and removals; returns the keys whose findings
   * changed. Incremental: only files sharing a commitment topic with a changed file's old or new commitments are
   * re-checked, each against every file holding one of its topics (so its conflicts are complete).
   */
  crossFile(): string[] {
    if (!this.pendingCross.size) return [];
    const topics = new Set<string>();
    const affected = new Set<string>();
    for (const [key, old] of this.pendingCross) {
      for (const topic of old) topics.add(topic);
      const file = this.files.get(key);
      if (!file) continue;
      affected.add(key);
      for (const topic of file.topics) topics.add(topic);
    }
    this.pendingCross.clear();
    for (const topic of topics) for (const key of this.topicIndex.get(topic) ?? []) affected.add(key);
    const involved = new Set(affected);
    for (const key of affected) for (const topic of this.files.get(key)!.topics) for (const other of this.topicIndex.get(topic) ?? []) involved.add(other);
    // In the order of `files`, as a whole-workspace pass would see them (the order of "and N more" and related).
    const entries = involved.size === this.files.size ? [...this.files.values()] : [...this.files.values()].filter((file) => involved.has(file.key));
    const workspace = entries.map((file) => ({ model: file.record, findings: [...file.own] }));
    try {
      lintWorkspace(workspace);
    } catch (error) {
      this.log(`Candor: the workspace-wide rules failed: ${describeError(error)}`);
      return [];
    }
    const changed: string[] = [];
    entries.forEach((file, i) => {
      if (!affected.has(file.key)) return;
      const findings = workspace[i]!.findings;
      const own = new Set(file.own);
      const crossSignature = findings.length === file.own.length ? '[]' : signature(findings.filter((f) => !own.has(f)));
      if (crossSignature !== file.crossSignature) {
        file.crossSignature = crossSignature;
        file.findings = findings;
        file.resultId = resultIdOf(file.text, findings);
        changed.push(file.key);
      }
    });
    return changed;
  }

  /** Every template the background lint covers: the configured include globs in each workspace folder. */
  discover(): string[] {
    const found = new Set<string>();
    for (const folder of this.workspaceFolders) {
      const discovery = discoverFiles([folder], {
        cwd: folder,
        globsFor: (dir) => {
          const config = this.configFor(resolve(dir, '_'));
          // candor.include, when set, replaces the configs' include globs (relative to the workspace folder).
          if (this.settings.include.length) return { baseDir: folder, include: this.settings.include, exclude: config.exclude };
          return { baseDir: config.baseDir, include: config.include, exclude: config.exclude };
        },
      });
      for (const file of discovery.files) found.add(file);
    }
    return [...found].sort();
  }
}

/**
 * Whether two lints of a file give the workspace-wide rule the same input: same severity for it, case state and
 * commitments (topic, duration, excerpt, offsets and line/column, since other files' related locations point at
 * them), each suppressed or not alike. Then every file's workspace-wide findings stay as they are.
 */
function sameWorkspaceInput(previous: LintedFile, file: LintedFile): boolean {
  const a = previous.record;
  const b = file.record;
  // The workspace pass reads one thing from the config: the rule's severity (and whether it is off).
  const severity = (record: WorkspaceRecord) => record.config.rules['conflicting-commitments']?.severity;
  if (previous.deferred || file.deferred || severity(a) !== severity(b) || a.fileState !== b.fileState || a.path !== b.path) return false;
  if (a.commitments.length !== b.commitments.length) return false;
  return a.commitments.every((c, i) => {
    const d = b.commitments[i]!;
    if (c.topic !== d.topic || c.duration !== d.duration || c.excerpt !== d.excerpt || c.range[0] !== d.range[0] || c.range[1] !== d.range[1]) return false;
    const [cs, ce, ds, de] = [a.lines.position(c.range[0]), a.lines.position(c.range[1]), b.lines.position(d.range[0]), b.lines.position(d.range[1])];
    if (cs.line !== ds.line || cs.column !== ds.column || ce.line !== de.line || ce.column !== de.column) return false;
    return !suppressedBy(a.directives, 'conflicting-commitments', c.range[0], a.lines) === !suppressedBy(b.directives, 'conflicting-commitments', d.range[0], b.lines);
  });
}

function indexAdd(index: Map<string, Set<string>>, entry: string, key: string): void {
  let keys = index.get(entry);
  if (!keys) index.set(entry, (keys = new Set()));
  keys.add(key);
}

function indexDelete(index: Map<string, Set<string>>, entry: string, key: string): void {
  const keys = index.get(entry);
  keys?.delete(key);
  if (keys && !keys.size) index.delete(entry);
}

function signature(findings: Finding[]): string {
  return JSON.stringify(findings.map((f) => [f.ruleId, f.severity, f.range, f.message, f.related.map((r) => [r.path, r.range, r.start.line, r.start.column, r.end.line, r.end.column])]));
}

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
