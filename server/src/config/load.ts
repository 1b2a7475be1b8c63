// Finds, reads, validates and merges `.candorrc.json` files (JSON with comments) for a template path.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import { parseTree, findNodeAtLocation, printParseErrorCode, type ParseError, type Node as JsonNode } from 'jsonc-parser';
import picomatch from 'picomatch';
import type { CaseState, EngineHost, Severity, SeveritySetting } from '../engine/types.ts';
import type { DataDescription, EngineConfig, RuleSetting } from './types.ts';
import type { PhraseRule } from '../rules/types.ts';
import { ruleById } from '../rules/registry.ts';
import { compilePatternSource, compilePhraseRule } from '../rules/phraseMatcher.ts';
import { backtrackingRisk } from './safeRegex.ts';
import { printExpression } from '../engine/prose/caseState.ts';
import { parseHandlebars } from '../engine/parse/template.ts';
import { LineIndex } from '../engine/text.ts';

export const CONFIG_FILE = '.candorrc.json';
export const TEMPLATE_GLOB = '**/*.{hbs,handlebars}';

/** A problem in a config file, with the file, the key and the place. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    readonly detail: string,
    readonly range: [number, number] = [0, 0],
    readonly line = 1,
    readonly column = 1,
  ) {
    super(`${file}:${line}:${column}: ${key ? `\`${key}\`: ` : ''}${detail}`);
    this.name = 'ConfigError';
  }
}

interface RawOverride {
  files: string[];
  excludedFiles: string[];
  case?: CaseState;
  rules: Record<string, RuleSetting>;
}

/** One config file, validated, before cascading. */
export interface LoadedConfigFile {
  path: string;
  dir: string;
  root: boolean;
  rules: Record<string, RuleSetting>;
  phrases: PhraseRule[];
  caseState: { resolved: string[]; unresolved: string[]; builtins?: boolean };
  partials: string[];
  data?: DataDescription;
  include?: string[];
  exclude: string[];
  overrides: RawOverride[];
  /** Files read to build this one (extends chains), for watching. */
  sources: string[];
}

export interface FileConfig {
  engine: EngineConfig;
  host: EngineHost;
  /** Config files that apply, outermost first. */
  configFiles: string[];
  /** Directory include/exclude globs are relative to. */
  baseDir: string;
  include: string[];
  exclude: string[];
  partialFiles: Map<string, string>;
}

const SEVERITIES: Record<string, SeveritySetting> = { off: 'off', information: 'information', info: 'information', warning: 'warning', warn: 'warning', error: 'error', '0': 'off', '1': 'warning', '2': 'error' };
const PRESETS = new Set(['candor:recommended', 'candor:strict']);
const TOP_KEYS = new Set(['$schema', 'root', 'extends', 'rules', 'phrases', 'caseState', 'partials', 'data', 'include', 'exclude', 'overrides']);

interface DirectoryConfig {
  chain: LoadedConfigFile[];
  /** The chain's rules without overrides. */
  rules: Record<string, RuleSetting>;
  /** Whether overrides or partial globs make files of this directory differ. */
  pathDependent: boolean;
  phrases: PhraseRule[];
  caseState: { resolved: string[]; unresolved: string[]; builtins: boolean };
  data?: DataDescription;
  include: string[];
  exclude: string[];
  partialFiles: Map<string, string>;
  host: EngineHost;
  configFiles: string[];
  baseDir: string;
  /** The configs of this directory's files, by which overrides and partial globs they match (see `forFile`). */
  files: Map<string, FileConfig>;
}

type GlobMatcher = (path: string) => boolean;
const globMatchers = new Map<string, GlobMatcher>();

/** Whether a file is there (false for anything else, or anything that cannot be looked at): one system call. */
function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/**
 * A compiled picomatch matcher for a list of globs, compiled once per process (picomatch compiles a
 * regular expression per call: per file, that was 4 % of a run). `dot` as picomatch's option.
 */
export function globMatcher(globs: string[], dot: boolean): GlobMatcher {
  const key = `${dot ? 1 : 0}\0${globs.join('\0')}`;
  let matcher = globMatchers.get(key);
  if (!matcher) {
    if (globMatchers.size > 1000) globMatchers.clear();
    matcher = picomatch(globs, { dot });
    globMatchers.set(key, matcher);
  }
  return matcher;
}

export interface ResolverOptions {
  /** Use this config file instead of looking upward. */
  configFile?: string;
  /** Do not look for `.candorrc.json` files at all. */
  noConfigLookup?: boolean;
  /** Severity overrides on top of every config (`--rule id:severity`, editor settings). */
  ruleOverrides?: Record<string, SeveritySetting>;
  /** Where lookups stop going up (the workspace root); files above it are never read. */
  stopAt?: string;
}

export class ConfigResolver {
  private fileCache = new Map<string, LoadedConfigFile>();
  private chainCache = new Map<string, LoadedConfigFile[]>();
  private partialCache = new Map<string, Map<string, string>>();
  private textCache = new Map<string, string>();

  constructor(private readonly options: ResolverOptions = {}) {}

  /** Forget cached files (all, or one config and everything derived from it). */
  invalidate(): void {
    this.fileCache.clear();
    this.chainCache.clear();
    this.partialCache.clear();
    this.textCache.clear();
    this.treeCache.clear();
    this.dirCache.clear();
  }

  /** The config chain for a directory, outermost first. Throws ConfigError on a broken file. */
  chainFor(dir: string): LoadedConfigFile[] {
    if (this.options.noConfigLookup && !this.options.configFile) return [];
    if (this.options.configFile) return [this.load(resolve(this.options.configFile))];
    const cached = this.chainCache.get(dir);
    if (cached) return cached;
    // The folder's own config, then its parent's chain (found once for all its subfolders), unless this one is
    // the root or the search stops here. Chains are shared between folders and never changed.
    const candidate = join(dir, CONFIG_FILE);
    const own = isFile(candidate) ? this.load(candidate) : undefined;
    let chain: LoadedConfigFile[];
    if (own?.root) chain = [own];
    else {
      const parent = dirname(dir);
      const stop = this.options.stopAt ? resolve(this.options.stopAt) : undefined;
      const outer = parent === dir || (stop && (dir === stop || !dir.startsWith(stop))) ? [] : this.chainFor(parent);
      chain = own ? [...outer, own] : outer;
    }
    this.chainCache.set(dir, chain);
    return chain;
  }

  /** What every file of one directory shares: the merged chain, partials, host (computed once per directory). */
  private dirCache = new Map<string, DirectoryConfig>();

  private forDirectory(dir: string): DirectoryConfig {
    let cached = this.dirCache.get(dir);
    if (cached) return cached;
    const chain = this.chainFor(dir);
    const rules: Record<string, RuleSetting> = {};
    const phrases: PhraseRule[] = [];
    const caseState = { resolved: [] as string[], unresolved: [] as string[], builtins: true };
    let data: DataDescription | undefined;
    let include: string[] | undefined;
    let exclude: string[] = [];
    const partialFiles = new Map<string, string>();
    for (const config of chain) {
      Object.assign(rules, config.rules);
      phrases.push(...config.phrases);
      caseState.resolved.push(...config.caseState.resolved);
      caseState.unresolved.push(...config.caseState.unresolved);
      if (config.caseState.builtins !== undefined) caseState.builtins = config.caseState.builtins;
      if (config.data) data = config.data;
      if (config.include) include = config.include.map((g) => toPosix(relative(chain[0]!.dir, join(config.dir, g))));
      exclude = [...exclude, ...config.exclude.map((g) => toPosix(relative(chain[0]!.dir, join(config.dir, g))))];
      for (const [name, path] of this.partialIndex(config)) partialFiles.set(name, path);
    }
    const host: EngineHost = {
      resolvePartial: (name) => {
        const path = partialFiles.get(name);
        if (!path) return undefined;
        const text = this.readText(path);
        return text === undefined ? undefined : { path, text };
      },
    };
    cached = {
      chain,
      rules,
      pathDependent: chain.some((c) => c.overrides.length > 0 || c.partials.length > 0),
      phrases,
      caseState,
      data,
      include: include ?? [TEMPLATE_GLOB],
      exclude,
      partialFiles,
      host,
      configFiles: chain.flatMap((c) => c.sources),
      baseDir: chain[0]?.dir ?? process.cwd(),
      files: new Map(),
    };
    this.dirCache.set(dir, cached);
    return cached;
  }

  /** The phrase rules of a folder's config chain, which every file in the folder has (no override adds any). */
  userPhrasesIn(dir: string): PhraseRule[] {
    return this.forDirectory(resolve(dir)).phrases;
  }

  /**
   * The config of one file. Files of a directory differ only by which overrides and partial globs they match, so
   * each combination's config is made once and shared (configs are read, never changed): a run over 10,000
   * templates asked for one per file, and each copied the rules.
   */
  forFile(filePath: string): FileConfig {
    const absolute = resolve(filePath);
    const dir = this.forDirectory(dirname(absolute));
    let key = '';
    if (dir.pathDependent) {
      for (const config of dir.chain) {
        if (!config.overrides.length && !config.partials.length) continue;
        const rel = relativeInside(config.dir, absolute);
        for (const override of config.overrides) key += matchesOverride(override, rel) ? '1' : '0';
        key += config.partials.length && globMatcher(config.partials, true)(rel) ? 'p' : '-';
      }
    }
    let file = dir.files.get(key);
    if (!file) dir.files.set(key, (file = this.fileConfig(dir, absolute)));
    return file;
  }

  private fileConfig(dir: DirectoryConfig, absolute: string): FileConfig {
    let rules: Record<string, RuleSetting> = dir.rules;
    let fileCase: CaseState | undefined;
    let isPartial = false;
    if (dir.pathDependent) {
      // Overrides and partial globs depend on the file: replay the chain in order (a later file's rules win over
      // an earlier file's overrides), with every glob compiled once.
      rules = {};
      for (const config of dir.chain) {
        Object.assign(rules, config.rules);
        if (!config.overrides.length && !config.partials.length) continue;
        const rel = relativeInside(config.dir, absolute);
        for (const override of config.overrides) {
          if (!matchesOverride(override, rel)) continue;
          Object.assign(rules, override.rules);
          if (override.case) fileCase = override.case;
        }
        if (config.partials.length && globMatcher(config.partials, true)(rel)) isPartial = true;
      }
    }
    const ruleOverrides = this.options.ruleOverrides;
    if (ruleOverrides && Object.keys(ruleOverrides).length) {
      if (rules === dir.rules) rules = { ...rules };
      for (const [id, severity] of Object.entries(ruleOverrides)) rules[id] = { severity, options: rules[id]?.options ?? {} };
    } else if (rules === dir.rules) rules = { ...rules };
    return {
      engine: { rules, userPhrases: dir.phrases, caseState: dir.caseState, fileCase, data: dir.data, isPartial },
      host: dir.host,
      configFiles: dir.configFiles,
      baseDir: dir.baseDir,
      include: dir.include,
      exclude: dir.exclude,
      partialFiles: dir.partialFiles,
    };
  }

  private readText(path: string): string | undefined {
    let text = this.textCache.get(path);
    if (text === undefined) {
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
      this.textCache.set(path, text);
    }
    return text;
  }

  /** Partial name → file, for one config's `partials` globs. */
  private partialIndex(config: LoadedConfigFile): Map<string, string> {
    let index = this.partialCache.get(config.path);
    if (index) return index;
    index = new Map();
    for (const glob of config.partials) {
      const { base } = picomatch.scan(glob);
      const matcher = globMatcher([glob], false);
      const baseDir = join(config.dir, base);
      for (const file of walkFiles(baseDir, 6000)) {
        const rel = toPosix(relative(config.dir, file));
        if (!matcher(rel)) continue;
        const name = toPosix(relative(baseDir, file)).replace(/\.(?:hbs|handlebars|mustache)$/i, '');
        if (!index.has(name)) index.set(name, file);
        const short = name.replace(/\.(?:html|txt|md)$/i, '');
        if (!index.has(short)) index.set(short, file);
      }
    }
    this.partialCache.set(config.path, index);
    return index;
  }

  private treeCache = new Map<string, string>();

  /** The folder `extends` must stay in: the workspace root, else the folder of the outermost `.candorrc.json` above `configPath`. */
  private configTree(configPath: string): string {
    if (this.options.stopAt) return resolve(this.options.stopAt);
    const start = dirname(resolve(configPath));
    let tree = this.treeCache.get(start);
    if (tree) return tree;
    tree = start;
    for (let current = start; ; ) {
      if (existsSync(join(current, CONFIG_FILE))) tree = current;
      const parent = dirname(current);
      if (parent === current) break;
      current = parent;
    }
    this.treeCache.set(start, tree);
    return tree;
  }

  load(path: string, seen: string[] = []): LoadedConfigFile {
    const cached = this.fileCache.get(path);
    if (cached) return cached;
    if (seen.includes(path)) throw new ConfigError(seen.at(-1)!, 'extends', `\`extends\` goes round in a circle: ${[...seen, path].map((p) => relative(process.cwd(), p)).join(' → ')}.`);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ConfigError(path, '', `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
    }
    const loaded = parseConfigText(text, path, (extendsPath, key) => {
      const target = resolve(dirname(path), extendsPath);
      // Configs are data from the workspace: `extends` may not reach outside it to read arbitrary files.
      const tree = this.configTree(seen[0] ?? path);
      if (isAbsolute(extendsPath) || !isInside(tree, target)) {
        throw key(`\`${extendsPath}\` is outside ${tree}: extend files inside the folder tree of the outermost config (no absolute paths, no \`..\` above it).`);
      }
      if (!existsSync(target)) throw key(`\`${extendsPath}\` does not exist (looked for ${target}).`);
      return this.load(target, [...seen, path]);
    });
    this.fileCache.set(path, loaded);
    return loaded;
  }
}

function isInside(dir: string, target: string): boolean {
  const rel = relative(dir, target);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function* walkFiles(dir: string, limit: number): Generator<string> {
  const stack = [dir];
  let count = 0;
  while (stack.length) {
    const current = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name === '.git') continue;
      const full = join(current, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile()) {
        if (++count > limit) return;
        yield full;
      }
    }
  }
}

/** Whether a file (its path from the override's config folder, POSIX form) is one an override applies to. */
function matchesOverride(override: { files: string[]; excludedFiles: string[] }, rel: string): boolean {
  return globMatcher(override.files, true)(rel) && !(override.excludedFiles.length && globMatcher(override.excludedFiles, true)(rel));
}

/**
 * `relative(dir, path)` in POSIX form, by slicing when `path` is inside `dir` (the case of nearly every call):
 * `path.relative` resolves and normalises both paths on every call, a few microseconds each.
 */
export function relativeInside(dir: string, path: string): string {
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  return toPosix(path.startsWith(prefix) ? path.slice(prefix.length) : relative(dir, path));
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

type KeyErrorFactory = (detail: string) => ConfigError;

/** Validates one config file's text; `loadExtends` reads a file named in `extends`. */
export function parseConfigText(text: string, path: string, loadExtends: (target: string, key: KeyErrorFactory) => LoadedConfigFile): LoadedConfigFile {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const lines = new LineIndex(text);
  const fail = (key: string, detail: string, node?: JsonNode): ConfigError => {
    const offset = node?.offset ?? 0;
    const pos = lines.position(offset);
    return new ConfigError(path, key, detail, [offset, offset + (node?.length ?? 1)], pos.line, pos.column);
  };
  if (errors.length || !tree) {
    const first = errors[0];
    const offset = first?.offset ?? 0;
    const pos = lines.position(offset);
    throw new ConfigError(path, '', `is not valid JSON: ${first ? describeJsonError(printParseErrorCode(first.error)) : 'the file is empty'}.`, [offset, offset + (first?.length ?? 1)], pos.line, pos.column);
  }
  if (tree.type !== 'object') throw fail('', 'must be a JSON object ({ … }).', tree);
  const value = (key: (string | number)[]) => findNodeAtLocation(tree, key);
  const json = (node: JsonNode | undefined): unknown => (node ? nodeValue(node) : undefined);

  for (const prop of tree.children ?? []) {
    const keyNode = prop.children?.[0];
    const name = String(keyNode?.value);
    if (!TOP_KEYS.has(name)) throw fail(name, `is not a Candor setting. Valid keys: ${[...TOP_KEYS].filter((k) => k !== '$schema').join(', ')}.`, keyNode);
  }

  const dir = dirname(path);
  const result: LoadedConfigFile = { path, dir, root: false, rules: {}, phrases: [], caseState: { resolved: [], unresolved: [] }, partials: [], exclude: [], overrides: [], sources: [path] };

  const rootNode = value(['root']);
  if (rootNode) {
    if (typeof json(rootNode) !== 'boolean') throw fail('root', 'must be true or false.', rootNode);
    result.root = json(rootNode) as boolean;
  }

  // extends: presets first, then files; this file's own settings win.
  const extendsNode = value(['extends']);
  const extendsList = stringList(extendsNode, 'extends', fail, true);
  for (const [i, entry] of extendsList.entries()) {
    if (entry.startsWith('candor:')) {
      if (!PRESETS.has(entry)) throw fail(`extends[${i}]`, `\`${entry}\` is not a preset. Presets: ${[...PRESETS].join(', ')}.`, extendsNode);
      if (entry === 'candor:strict') Object.assign(result.rules, strictPreset());
      continue;
    }
    const base = loadExtends(entry, (detail) => fail(`extends[${i}]`, detail, extendsNode));
    mergeInto(result, base);
  }

  const rulesNode = value(['rules']);
  if (rulesNode) Object.assign(result.rules, readRules(rulesNode, 'rules', fail, new Set()));

  const phrasesNode = value(['phrases']);
  if (phrasesNode) {
    if (phrasesNode.type !== 'array') throw fail('phrases', 'must be a list of phrase rules.', phrasesNode);
    for (const [i, node] of (phrasesNode.children ?? []).entries()) result.phrases.push(readPhrase(node, `phrases[${i}]`, fail, json));
  }
  // User phrase ids may be configured in `rules` too; validate rule ids now that phrases are known.
  const known = new Set([...ruleById.keys(), ...result.phrases.map((p) => p.id)]);
  if (rulesNode) {
    for (const prop of rulesNode.children ?? []) {
      const id = String(prop.children?.[0]?.value);
      if (!known.has(id)) throw fail(`rules.${id}`, `is not a rule Candor knows.${suggestId(id, known)}`, prop.children?.[0]);
    }
  }

  const caseNode = value(['caseState']);
  if (caseNode) {
    if (caseNode.type !== 'object') throw fail('caseState', 'must be an object with `resolved` and/or `unresolved` lists of Handlebars expressions.', caseNode);
    for (const prop of caseNode.children ?? []) {
      const key = String(prop.children?.[0]?.value);
      const node = prop.children?.[1];
      if (key === 'builtins') {
        if (typeof json(node) !== 'boolean') throw fail('caseState.builtins', 'must be true or false.', node);
        result.caseState.builtins = json(node) as boolean;
      } else if (key === 'resolved' || key === 'unresolved') {
        for (const [i, expression] of stringList(node, `caseState.${key}`, fail).entries()) {
          result.caseState[key].push(canonicalExpression(expression, (detail) => fail(`caseState.${key}[${i}]`, detail, node)));
        }
      } else throw fail(`caseState.${key}`, 'is not a caseState setting. Valid keys: resolved, unresolved, builtins.', prop.children?.[0]);
    }
  }

  const partialsNode = value(['partials']);
  if (partialsNode) result.partials = stringList(partialsNode, 'partials', fail, true).map((g) => checkInside(g, 'partials', partialsNode, fail));

  const includeNode = value(['include']);
  if (includeNode) result.include = stringList(includeNode, 'include', fail, true);
  const excludeNode = value(['exclude']);
  if (excludeNode) result.exclude = stringList(excludeNode, 'exclude', fail, true);

  const dataNode = value(['data']);
  if (dataNode) {
    if (dataNode.type !== 'string') throw fail('data', 'must be the path of a JSON file with sample data or a JSON Schema.', dataNode);
    const rel = checkInside(String(json(dataNode)), 'data', dataNode, fail);
    const target = resolve(dir, rel);
    let dataText: string;
    try {
      dataText = readFileSync(target, 'utf8');
    } catch {
      throw fail('data', `\`${rel}\` cannot be read (looked for ${target}).`, dataNode);
    }
    const dataErrors: ParseError[] = [];
    const parsed = parseTree(dataText, dataErrors, { allowTrailingComma: true });
    if (dataErrors.length || !parsed) throw fail('data', `\`${rel}\` is not valid JSON${dataErrors[0] ? ` (${describeJsonError(printParseErrorCode(dataErrors[0].error))} at offset ${dataErrors[0].offset})` : ''}.`, dataNode);
    const dataValue = nodeValue(parsed);
    const isSchema = !!dataValue && typeof dataValue === 'object' && ('$schema' in dataValue || ((dataValue as { type?: unknown }).type === 'object' && 'properties' in dataValue));
    result.data = { kind: isSchema ? 'schema' : 'sample', value: dataValue, path: rel };
    result.sources.push(target);
  }

  const overridesNode = value(['overrides']);
  if (overridesNode) {
    if (overridesNode.type !== 'array') throw fail('overrides', 'must be a list of { "files": [...], ... } objects.', overridesNode);
    for (const [i, node] of (overridesNode.children ?? []).entries()) {
      const key = `overrides[${i}]`;
      if (node.type !== 'object') throw fail(key, 'must be an object with `files` and the settings to change.', node);
      const override: RawOverride = { files: [], excludedFiles: [], rules: {} };
      for (const prop of node.children ?? []) {
        const name = String(prop.children?.[0]?.value);
        const v = prop.children?.[1];
        if (name === 'files') override.files = stringList(v, `${key}.files`, fail, true);
        else if (name === 'excludedFiles') override.excludedFiles = stringList(v, `${key}.excludedFiles`, fail, true);
        else if (name === 'case') {
          const state = json(v);
          if (state !== 'resolved' && state !== 'unresolved' && state !== 'unknown') throw fail(`${key}.case`, 'must be "resolved", "unresolved" or "unknown".', v);
          override.case = state;
        } else if (name === 'rules') override.rules = readRules(v!, `${key}.rules`, fail, known);
        else throw fail(`${key}.${name}`, 'is not an override setting. Valid keys: files, excludedFiles, case, rules.', prop.children?.[0]);
      }
      if (!override.files.length) throw fail(`${key}.files`, 'is required: the globs (relative to this config file) the override applies to.', node);
      result.overrides.push(override);
    }
  }
  return result;
}

function mergeInto(target: LoadedConfigFile, base: LoadedConfigFile): void {
  Object.assign(target.rules, base.rules);
  target.phrases.push(...base.phrases);
  target.caseState.resolved.push(...base.caseState.resolved);
  target.caseState.unresolved.push(...base.caseState.unresolved);
  if (base.caseState.builtins !== undefined) target.caseState.builtins = base.caseState.builtins;
  // Paths in an extended file stay relative to that file.
  target.partials.push(...base.partials.map((g) => toPosix(relative(target.dir, join(base.dir, g)))));
  if (base.data) target.data = base.data;
  if (base.include) target.include = base.include.map((g) => toPosix(relative(target.dir, join(base.dir, g))));
  target.exclude.push(...base.exclude.map((g) => toPosix(relative(target.dir, join(base.dir, g)))));
  target.overrides.push(...base.overrides.map((o) => ({ ...o, files: o.files.map((g) => toPosix(relative(target.dir, join(base.dir, g)))) })));
  target.sources.push(...base.sources);
}

function strictPreset(): Record<string, RuleSetting> {
  const rules: Record<string, RuleSetting> = {};
  for (const rule of ruleById.values()) if (rule.defaultSeverity === 'information') rules[rule.id] = { severity: 'warning', options: {} };
  return rules;
}

function checkInside(path: string, key: string, node: JsonNode, fail: (key: string, detail: string, node?: JsonNode) => ConfigError): string {
  if (isAbsolute(path) || path.split(/[\\/]/).includes('..')) throw fail(key, `\`${path}\` must be a path inside the folder of this config file (no absolute paths, no \`..\`).`, node);
  return path;
}

function readRules(node: JsonNode, key: string, fail: (key: string, detail: string, node?: JsonNode) => ConfigError, known: Set<string>): Record<string, RuleSetting> {
  if (node.type !== 'object') throw fail(key, 'must be an object: { "rule-id": "warning" }.', node);
  const out: Record<string, RuleSetting> = {};
  for (const prop of node.children ?? []) {
    const id = String(prop.children?.[0]?.value);
    if (known.size && !known.has(id)) throw fail(`${key}.${id}`, `is not a rule Candor knows.${suggestId(id, known)}`, prop.children?.[0]);
    const v = prop.children?.[1];
    const raw = v ? nodeValue(v) : undefined;
    const [sev, options] = Array.isArray(raw) ? [raw[0], raw[1]] : [raw, undefined];
    const severity = SEVERITIES[String(sev)];
    if (!severity) throw fail(`${key}.${id}`, `\`${JSON.stringify(sev)}\` is not a severity. Use "off", "information", "warning" or "error" (or ["warning", { options }]).`, v);
    if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) throw fail(`${key}.${id}`, 'rule options must be an object.', v);
    out[id] = { severity, options: (options as Record<string, unknown>) ?? {} };
  }
  return out;
}

function readPhrase(node: JsonNode, key: string, fail: (key: string, detail: string, node?: JsonNode) => ConfigError, json: (n: JsonNode | undefined) => unknown): PhraseRule {
  if (node.type !== 'object') throw fail(key, 'must be an object with `id`, `patterns` and `message`.', node);
  const raw = json(node) as Record<string, unknown>;
  const allowed = new Set(['id', 'patterns', 'message', 'why', 'better', 'severity', 'case', 'replacement', 'name', 'docsUrl', 'unlessInSentence']);
  for (const k of Object.keys(raw)) if (!allowed.has(k)) throw fail(`${key}.${k}`, `is not a phrase-rule setting. Valid keys: ${[...allowed].join(', ')}.`, node);
  if (typeof raw.id !== 'string' || !/^[a-z0-9][a-z0-9/_-]*$/i.test(raw.id)) throw fail(`${key}.id`, 'must be a rule id such as "acme/no-kindly" (letters, digits, -, _ and /).', node);
  if (ruleById.has(raw.id)) throw fail(`${key}.id`, `\`${raw.id}\` is a built-in rule; give your phrase rule its own id.`, node);
  const patterns = raw.patterns;
  if (!Array.isArray(patterns) || !patterns.length || !patterns.every((p) => typeof p === 'string' && p.trim())) throw fail(`${key}.patterns`, 'must be a non-empty list of phrases.', node);
  if (typeof raw.message !== 'string' || !raw.message.trim()) throw fail(`${key}.message`, 'is required: one line telling the writer what is wrong.', node);
  const severity = raw.severity === undefined ? 'warning' : SEVERITIES[String(raw.severity)];
  if (!severity || severity === 'off') throw fail(`${key}.severity`, 'must be "information", "warning" or "error".', node);
  const when = raw.case === undefined || raw.case === 'any' ? 'any' : raw.case === 'unresolved' ? 'unresolved' : undefined;
  if (!when) throw fail(`${key}.case`, 'must be "any" or "unresolved".', node);
  const unless = raw.unlessInSentence;
  if (unless !== undefined && (!Array.isArray(unless) || !unless.every((u) => typeof u === 'string'))) throw fail(`${key}.unlessInSentence`, 'must be a list of phrases.', node);
  const replacement = typeof raw.replacement === 'string' ? raw.replacement : undefined;
  const rule: PhraseRule = {
    kind: 'phrase',
    id: raw.id,
    name: typeof raw.name === 'string' ? raw.name : raw.id,
    defaultSeverity: severity as Severity,
    when,
    fixable: replacement !== undefined,
    description: raw.message,
    message: raw.message.includes('{phrase}') ? raw.message : `“{phrase}”: ${raw.message}`,
    why: typeof raw.why === 'string' ? raw.why : raw.message,
    better: Array.isArray(raw.better) ? raw.better.map(String) : replacement ? [replacement] : [],
    patterns: (patterns as string[]).map((match) => ({ match, replace: replacement, safe: false })),
    unless: unless ? { sentence: unless as string[] } : undefined,
    examples: { bad: [], good: [] },
    docsUrl: typeof raw.docsUrl === 'string' ? raw.docsUrl : undefined,
  };
  for (const [list, name] of [[patterns as string[], 'patterns'], [(unless as string[] | undefined) ?? [], 'unlessInSentence']] as const) {
    for (const [i, pattern] of list.entries()) {
      const risk = backtrackingRisk(compilePatternSource(pattern));
      if (risk) throw fail(`${key}.${name}[${i}]`, `\`${pattern}\` could take exponential time to match: ${risk} (a space already matches any run of spaces). Write the repetition out or drop the outer quantifier.`, node);
    }
  }
  try {
    compilePhraseRule(rule);
  } catch (error) {
    throw fail(`${key}.patterns`, `contains a pattern that is not a valid expression: ${(error as Error).message}`, node);
  }
  return rule;
}

function canonicalExpression(expression: string, fail: KeyErrorFactory): string {
  try {
    // Candor's parser: the tree Handlebars' own parse gives (whose whitespace handling changes nothing here).
    const ast = parseHandlebars(`{{#if ${expression}}}{{/if}}`);
    const block = ast.body[0] as hbs.AST.BlockStatement | undefined;
    if (!block || block.type !== 'BlockStatement' || block.params.length !== 1) throw new Error('not one expression');
    return printExpression(block.params[0]);
  } catch {
    throw fail(`\`${expression}\` is not a Handlebars expression (write it as you would inside {{#if …}}, e.g. "case.resolved" or "(eq ticket.status \\"solved\\")").`);
  }
}

function stringList(node: JsonNode | undefined, key: string, fail: (key: string, detail: string, node?: JsonNode) => ConfigError, allowSingle = false): string[] {
  if (!node) return [];
  const raw = nodeValue(node);
  if (allowSingle && typeof raw === 'string') return [raw];
  if (!Array.isArray(raw) || !raw.every((v) => typeof v === 'string')) throw fail(key, 'must be a list of strings.', node);
  return raw as string[];
}

function nodeValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries((node.children ?? []).map((p) => [String(p.children?.[0]?.value), p.children?.[1] ? nodeValue(p.children[1]) : undefined]));
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

function describeJsonError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function suggestId(id: string, known: Set<string>): string {
  const close = [...known].filter((k) => k.includes(id) || id.includes(k) || k.split('-')[0] === id.split('-')[0]);
  return close.length ? ` Did you mean ${close.slice(0, 3).map((c) => `\`${c}\``).join(' or ')}?` : ' Run `candor check --list-rules` to see them all.';
}
