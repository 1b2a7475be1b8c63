// The server's view of the workspace: which files it lints, with which config, and their latest findings.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { buildModel, lintModel, lintWorkspace, type Finding, type TemplateModel } from '../engine/index.ts';
import { noHost } from '../engine/types.ts';
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
  private resolver: ConfigResolver;
  /** Last config that loaded without error, per directory, used while a config file is broken. */
  private readonly lastGood = new Map<string, FileConfig>();

  constructor(
    private settings: ServerSettings,
    private readonly log: Log,
    public workspaceFolders: string[] = [],
  ) {
    this.resolver = new ConfigResolver({ ruleOverrides: settings.rules });
  }

  get currentSettings(): ServerSettings {
    return this.settings;
  }

  updateSettings(settings: ServerSettings): void {
    this.settings = settings;
    this.resolver = new ConfigResolver({ ruleOverrides: settings.rules });
    this.configErrors.clear();
  }

  /** Forgets every cached config and partial, after a config or partial file changed on disk. */
  invalidate(): void {
    this.resolver.invalidate();
    this.configErrors.clear();
  }

  /** The config for a file; while a config file is broken, the last good one (or the defaults). */
  configFor(path: string, untitled = false): FileConfig {
    const dir = dirname(path);
    if (!untitled) {
      try {
        const config = this.resolver.forFile(path);
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
      return this.resolver.chainFor(dirname(resolve(key))).length > 0;
    } catch {
      return true;
    }
  }

  /** Lints one file's text and stores the result (workspace-wide findings are added by `crossFile`). */
  lint(key: string, uri: string, text: string, version: number | undefined): LintedFile {
    const untitled = !isAbsolute(key);
    const fileConfig = this.configFor(key, untitled);
    const model = buildModel(text, key, fileConfig.engine, fileConfig.host);
    const own = lintModel(model, { onRuleError: (ruleId, error) => this.log(`Candor: rule ${ruleId} failed on ${key}: ${describeError(error)}`) });
    const file: LintedFile = { key, uri, version, text, model, fileConfig, own, findings: [...own], resultId: resultIdOf(text, own) };
    this.files.set(key, file);
    return file;
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
