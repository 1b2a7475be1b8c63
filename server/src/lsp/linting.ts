// The server's view of the workspace: which files it lints, with which config, and their latest findings.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { buildModel, lintModel, lintWorkspace, type Finding, type TemplateModel } from '../engine/index.ts';
import { noHost, type EngineHost } from '../engine/types.ts';
import { LineIndex } from '../engine/text.ts';
import { ConfigError, ConfigResolver, CONFIG_FILE, TEMPLATE_GLOB, type FileConfig } from '../config/load.ts';
import { defaultEngineConfig } from '../config/types.ts';
import { discoverFiles } from '../cli/discover.ts';
import type { ServerSettings } from './settings.ts';

export interface LintedFile {
  /** The file path, or the URI of an untitled document. */
  key: string;
  uri: string;
  /** Document version linted; undefined when the text came from disk. */
  version: number | undefined;
  text: string;
  model: TemplateModel;
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
  return createHash('sha1').update(text).update('\0').update(signature(findings)).digest('base64url');
}

export class WorkspaceLinter {
  readonly files = new Map<string, LintedFile>();
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
    return this.hasCandorConfig(key);
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
    const file: LintedFile = { key, uri, version, text, model, fileConfig, own, findings: [...own], resultId: resultIdOf(text, own), partials };
    this.files.set(key, file);
    return file;
  }

  /**
   * Stores a placeholder for a document too large to lint as you type: one information notice, no parse.
   * Its model keeps the text and line index so positions still convert, but has no prose.
   */
  deferLarge(key: string, uri: string, text: string, version: number | undefined): LintedFile {
    const fileConfig = this.configFor(key, !isAbsolute(key));
    const empty = buildModel('', key, fileConfig.engine, noHost);
    // Keep the model's lazy `paths` getter (over no prose) rather than copying its value.
    const model = Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(empty), text: { value: text, enumerable: true }, lines: { value: new LineIndex(text), enumerable: true } }) as TemplateModel;
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
    const file: LintedFile = { key, uri, version, text, model, fileConfig, own, findings: [...own], resultId: resultIdOf(text, own), partials: new Set(), deferred: true };
    this.files.set(key, file);
    return file;
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
    return [...this.files.values()].filter((file) => file.key !== path && file.partials.has(path));
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
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      this.log(`Candor: cannot read ${path}: ${describeError(error)}`);
      return undefined;
    }
    return this.lint(path, uri, text, undefined);
  }

  remove(key: string): LintedFile | undefined {
    const file = this.files.get(key);
    this.files.delete(key);
    return file;
  }

  /** Re-runs the workspace-wide rules over every linted file; returns the keys whose findings changed. */
  crossFile(): string[] {
    const entries = [...this.files.values()];
    const workspace = entries.map((file) => ({ model: file.model, findings: [...file.own] }));
    try {
      lintWorkspace(workspace);
    } catch (error) {
      this.log(`Candor: the workspace-wide rules failed: ${describeError(error)}`);
      return [];
    }
    const changed: string[] = [];
    entries.forEach((file, i) => {
      const findings = workspace[i]!.findings;
      if (signature(findings) !== signature(file.findings)) {
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
          return { baseDir: config.baseDir, include: config.include, exclude: config.exclude };
        },
      });
      for (const file of discovery.files) found.add(file);
    }
    return [...found].sort();
  }
}

function signature(findings: Finding[]): string {
  return JSON.stringify(findings.map((f) => [f.ruleId, f.severity, f.range, f.message, f.related.map((r) => [r.path, r.range])]));
}

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
