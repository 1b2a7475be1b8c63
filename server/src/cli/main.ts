// The `candor` command line: `candor check [paths or globs…]` over the shared engine.
import { parseArgs } from 'node:util';
import { dirname, resolve } from 'node:path';
import { appendFileSync, closeSync, fstatSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync, mkdirSync } from 'node:fs';
import { ConfigError, ConfigResolver } from '../config/load.ts';
import type { SeveritySetting } from '../engine/types.ts';
import { builtinRules, ruleById } from '../rules/registry.ts';
import type { Rule } from '../rules/types.ts';
import { discoverTemplates } from './discover.ts';
import { runPreview, PreviewUsageError } from './preview.ts';
import { EARLY_WORKER_AT, lintFilesParallel, readTemplate, serveLintTasks, startLintWorker, type EarlyWorker } from './lintFiles.ts';
import { coreCount, isPoolWorker } from './parallel.ts';
import { temporaryPathBeside } from './tempFile.ts';
import { count, type FileResult } from './results.ts';
import { repositoryRoot, displayPath, pathInside } from './repoRoot.ts';
import { fixText, writeAtomically, type FixOutcome } from './fix.ts';
import { unifiedDiff } from './diff.ts';
import { explainRule, listRulesJson, listRulesTable, similarIds } from './rulesInfo.ts';
import { writeJson } from './format/json.ts';
import { writeStylish } from './format/stylish.ts';
import { writeSarif } from './format/sarif.ts';
import { formatGithub } from './format/github.ts';
import { writeJunit } from './format/junit.ts';
import { writeCompact } from './format/compact.ts';
import { bufferedBytes, chunked, type Write } from './format/stream.ts';
import { formatGithubReview } from './format/githubReview.ts';
import { githubSummary } from './format/github.ts';
import { buildModel, type TemplateModel } from '../engine/index.ts';
import { assignFingerprints } from './fingerprint.ts';
import { applyBaseline, BaselineError, readBaseline, updatedBaseline, writeBaseline } from './baseline.ts';
import { ChangedFilter, ChangedSinceError, changedSince } from './changed.ts';
import { cacheFilePath, LintCache } from './cache.ts';
import { mergeSarif, MergeSarifError, parseShard, shardOf } from './shard.ts';

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  /**
   * Writes report bytes (UTF-8) to standard output, in order with `stdout`'s text. The bytes are a view of a buffer
   * reused after the call returns: keep a copy if they are written later. Without it the report goes to `stdout`.
   */
  stdoutBytes?: (bytes: Uint8Array) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  /** Reads all of standard input (`--stdin`); defaults to file descriptor 0. */
  readStdin?: () => string;
}

export const VERSION = '0.1.0';

const USAGE = `Usage: candor check [options] [paths or globs…]
       candor preview [--case unresolved] [--format text|html] <files…>
       candor merge-sarif <a.sarif> <b.sarif>… -o <all.sarif>
       candor --list-rules | --explain <rule> | --print-config <file>

Checks customer-message templates for wording that hurts: boilerplate, blame, vague timelines,
cheerful sign-offs on open cases, and more.

Output:
  -f, --format <name>        stylish (default), json, sarif, github, github-review, junit
                             or compact
  -o, --output-file <f>      write the report to a file
      --quiet                report errors only
      --max-warnings <n>     exit 1 when there are more than n warnings

Configuration:
  -c, --config <file>        use this config file instead of looking for .candorrc.json
      --no-config-lookup     ignore .candorrc.json files
      --rule <id:sev>        set a rule's severity (repeatable), e.g. --rule idiom:off
      --print-config <file>  print the merged config that applies to a file, as JSON

Input and fixes:
      --stdin                lint standard input
      --stdin-filename <f>   treat standard input as this file (config is looked up from it)
      --fix                  apply every safe fix and write the files
      --fix-dry-run          print the safe fixes as a unified diff; write nothing

Pull requests and large repositories:
      --changed-since [REF]  report only findings on lines changed since REF (through its merge
                             base with HEAD; uncommitted and untracked files count); without REF,
                             since the merge base with the default branch. Put the option last,
                             or write --changed-since= , to use the default with paths
      --baseline <file>      do not report the findings recorded in this baseline file
      --update-baseline      write every current finding to the --baseline file (fixed ones drop out)
      --report-baseline      say how many baselined findings remain and how many were fixed
      --cache                only re-lint files whose text, config or partials changed
      --cache-location <p>   cache folder or file (default node_modules/.cache/candor)
      --shard <i/n>          check only the i-th of n stable slices of the files (CI fan-out);
                             join the SARIF logs with \`candor merge-sarif\`

Rules:
      --list-rules           list every rule (id, default severity, case condition, fixable,
                             description); JSON with --format json
      --explain <rule>       why a rule fires, better wording, examples and how to suppress it

  -h, --help                 show this help
  -v, --version              print the version

Exit codes: 0 no errors and warnings within --max-warnings, 1 problems found,
2 usage or config error.
`;

const FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit', 'compact', 'github-review'] as const;
type FormatName = (typeof FORMATS)[number];

export class UsageError extends Error {}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`candor: config error in ${error.message}\n`);
      return 2;
    }
    if (error instanceof UsageError || error instanceof ChangedSinceError || error instanceof BaselineError || error instanceof MergeSarifError) {
      io.stderr(`candor: ${error.message}\nRun \`candor --help\` for usage.\n`);
      return 2;
    }
    io.stderr(`candor: internal error: ${(error as Error).stack ?? error}\n`);
    return 2;
  }
}

function parseCommandLine(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        config: { type: 'string', short: 'c' },
        'no-config-lookup': { type: 'boolean' },
        rule: { type: 'string', multiple: true },
        'output-file': { type: 'string', short: 'o' },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean' },
        'print-config': { type: 'string' },
        'list-rules': { type: 'boolean' },
        explain: { type: 'string' },
        stdin: { type: 'boolean' },
        'stdin-filename': { type: 'string' },
        fix: { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        baseline: { type: 'string' },
        'update-baseline': { type: 'boolean' },
        'report-baseline': { type: 'boolean' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        shard: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  let args = argv;
  if (args[0] === 'preview') {
    try {
      return runPreview(args.slice(1), io);
    } catch (error) {
      if (error instanceof PreviewUsageError) throw new UsageError(error.message);
      throw error;
    }
  }
  if (args[0] === 'merge-sarif') return runMergeSarif(args.slice(1), io);
  if (args[0] === 'check') args = args.slice(1);
  else if (args[0] && !args[0].startsWith('-')) {
    if (!/[./*\\]/.test(args[0])) throw new UsageError(`unknown command \`${args[0]}\`. Commands: check, preview, merge-sarif.`);
  }
  const { args: rest, changedRef } = takeChangedSince(args);
  const { values, positionals } = parseCommandLine(rest);
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const format = (values.format ?? 'stylish') as FormatName;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format \`${values.format}\`. Formats: ${FORMATS.join(', ')}.`);
  const ruleOverrides: Record<string, SeveritySetting> = {};
  for (const spec of values.rule ?? []) {
    const m = /^([^:]+):(off|information|info|warning|warn|error)$/.exec(spec);
    if (!m) throw new UsageError(`--rule expects id:severity (off, information, warning or error), got \`${spec}\`.`);
    ruleOverrides[m[1]!] = (m[2] === 'info' ? 'information' : m[2] === 'warn' ? 'warning' : m[2]) as SeveritySetting;
  }
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(values['max-warnings'])) throw new UsageError(`--max-warnings expects a whole number of 0 or more, got \`${values['max-warnings']}\`.`);
    maxWarnings = Number(values['max-warnings']);
  }
  if (values.fix && values['fix-dry-run']) throw new UsageError('use either --fix or --fix-dry-run, not both.');
  if (values.stdin && values.fix) throw new UsageError('--fix cannot write to standard input; use --fix-dry-run to see the fixes as a diff.');
  if (values.stdin && positionals.length) throw new UsageError(`--stdin lints standard input only; remove the paths (${positionals.join(', ')}) or --stdin.`);
  if (values['stdin-filename'] !== undefined && !values.stdin) throw new UsageError('--stdin-filename needs --stdin.');
  if ((values['update-baseline'] || values['report-baseline']) && !values.baseline) throw new UsageError('--update-baseline and --report-baseline need --baseline <file>.');
  if (values['cache-location'] !== undefined && !values.cache) throw new UsageError('--cache-location needs --cache.');
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (values.shard !== undefined && !shard) throw new UsageError(`--shard expects i/n with 1 ≤ i ≤ n, e.g. --shard 2/4, got \`${values.shard}\`.`);
  if (shard && values.stdin) throw new UsageError('--shard splits discovered files; it cannot be used with --stdin.');
  const resolverOptions = {
    configFile: values.config ? resolve(io.cwd, values.config) : undefined,
    noConfigLookup: values['no-config-lookup'],
    ruleOverrides,
  };
  const resolver = new ConfigResolver(resolverOptions);
  const rulesHere = () => withUserRules(builtinRules, resolver.forFile(resolve(io.cwd, '_')).engine.userPhrases);

  if (values.explain !== undefined) {
    const id = values.explain;
    const rule = ruleById.get(id) ?? rulesHere().find((r) => r.id === id);
    if (!rule) {
      const suggestions = similarIds(id, rulesHere().map((r) => r.id));
      io.stderr(`candor: \`${id}\` is not a rule Candor knows.${suggestions.length ? ` Did you mean ${suggestions.map((s) => `\`${s}\``).join(', ')}?` : ''}\nRun \`candor --list-rules\` to see every rule.\n`);
      return 2;
    }
    io.stdout(explainRule(rule));
    return 0;
  }
  if (values['list-rules']) {
    const rules = rulesHere();
    io.stdout(format === 'json' ? listRulesJson(rules) : listRulesTable(rules));
    return 0;
  }
  if (values['print-config'] !== undefined) {
    io.stdout(JSON.stringify(printableConfig(resolver, resolve(io.cwd, values['print-config'])), null, 2) + '\n');
    return 0;
  }

  const debug = io.env.CANDOR_DEBUG ?? '';
  const timing = phaseTimer(/\btiming\b/.test(debug) ? io.stderr : undefined);
  let files: string[];
  let earlyWorker: EarlyWorker | undefined;
  const overrides = new Map<string, string>();
  if (values.stdin) {
    const path = resolve(io.cwd, values['stdin-filename'] ?? 'stdin.hbs');
    overrides.set(path, (io.readStdin ?? (() => readFileSync(0, 'utf8')))());
    files = [path];
  } else {
    // Once discovery has found enough files for a worker pool, one worker starts loading while the walk goes on
    // (not with --cache, whose hits need no worker, nor when CANDOR_WORKERS decides).
    const earlyStart = !values.cache && forcedWorkers(io.env.CANDOR_WORKERS) === undefined;
    const onFound = (count: number) => {
      // The cores are counted only here: a small run never asks (nor loads node:os to answer).
      if (count === EARLY_WORKER_AT && coreCount() >= 2) earlyWorker = startLintWorker(__filename, resolverOptions, false);
    };
    files = discoverTemplates(positionals, io.cwd, resolver, (problem) => io.stderr(`candor: ${problem.path}: ${problem.message}\n`), earlyStart ? onFound : undefined);
    if (!files.length) {
      io.stderr('candor: no templates to check.\n');
      return 2;
    }
  }

  timing('discovery');
  const root = repositoryRoot(io.cwd);
  let contextOnly: Set<string> | undefined;
  if (shard) {
    contextOnly = new Set(files.filter((file) => shardOf(pathInside(root, file) ?? file, shard.count) !== shard.index));
  }
  const inScope = contextOnly ? files.filter((file) => !contextOnly!.has(file)) : files;

  let diff = '';
  if (values.fix || values['fix-dry-run']) {
    for (const filePath of inScope) {
      let text = overrides.get(filePath);
      if (text === undefined) {
        const read = readTemplate(filePath);
        if (!('text' in read)) continue; // lintFiles reports unreadable and binary files
        text = read.text;
      }
      const outcome: FixOutcome = fixText(text, filePath, resolver);
      const name = displayPath(io.cwd, filePath);
      if (outcome.rejected) io.stderr(`candor: ${name}: ${outcome.rejected}.\n`);
      if (outcome.after === outcome.before) continue;
      if (values.fix) writeAtomically(filePath, outcome.after);
      else {
        diff += unifiedDiff(outcome.before, outcome.after, `a/${name}`, `b/${name}`);
        overrides.set(filePath, outcome.after);
      }
    }
  }

  const cache = values.cache ? new LintCache(cacheFilePath(io.cwd, values['cache-location']), VERSION) : undefined;
  let results: FileResult[] = await lintFilesParallel(files, resolver, {
    overrides,
    onRuleError: (file, ruleId, error) => io.stderr(`candor: rule ${ruleId} failed on ${file}: ${(error as Error).message}\n`),
    cache,
    contextOnly,
    // Worker threads run this very bundle (it serves tasks when it is a pool worker: see the end of this file).
    script: __filename,
    resolverOptions,
    // Standard input is one file: always inline. CANDOR_WORKERS=n forces n threads (1: inline), for tests;
    // CANDOR_MAIN_LINTS=0 leaves every file to the workers.
    workers: values.stdin ? 1 : forcedWorkers(io.env.CANDOR_WORKERS),
    mainThreadLints: io.env.CANDOR_MAIN_LINTS?.trim() !== '0',
    debug: /\bworkers\b/.test(debug) ? (message) => io.stderr(`candor: workers: ${message}\n`) : undefined,
    earlyWorker,
  });
  timing('lint');
  if (cache) {
    cache.save();
    if (/\bcache\b/.test(debug)) io.stderr(`candor: cache: ${cache.stats.linted} linted, ${cache.stats.cached} from cache (${cache.file})\n`);
  }
  // Fingerprints are taken over all findings, before any filter, so they do not depend on what is shown. Only
  // SARIF and baselines read them (a SHA-256 per finding: 44,000 of them for 10,000 templates).
  if (format === 'sarif' || values.baseline) assignFingerprints(results, root);

  let baselined = 0;
  if (values.baseline) {
    const baselineFile = resolve(io.cwd, values.baseline);
    let baseline = readBaseline(baselineFile, { mayBeMissing: !!values['update-baseline'] });
    if (values['update-baseline']) {
      const update = updatedBaseline(baseline, results, root);
      writeBaseline(baselineFile, update.document);
      io.stderr(`candor: baseline ${displayPath(io.cwd, baselineFile)} updated: ${update.kept} kept, ${update.added} added, ${update.dropped} dropped (fixed or gone).\n`);
      baseline = update.document;
    }
    const outcome = applyBaseline(results, baseline, root);
    results = outcome.results;
    baselined = outcome.suppressed;
    if (values['report-baseline']) {
      io.stderr(
        `candor: baseline ${displayPath(io.cwd, baselineFile)} holds ${outcome.total} finding${outcome.total === 1 ? '' : 's'}; ${outcome.suppressed} matched in this run` +
          (outcome.fixed ? `, ${outcome.fixed} no longer occur (run --update-baseline to drop them)` : '') + '.\n',
      );
    }
  }

  let changedFilter: ChangedFilter | undefined;
  let scope: string | undefined;
  if (changedRef !== undefined || format === 'github-review') {
    const changes = await changedSince(io.cwd, changedRef || undefined);
    changedFilter = new ChangedFilter(changes);
    scope = `only lines changed since ${changes.description}`;
    const filter = changedFilter;
    results = results.map((result) => {
      let model: TemplateModel | undefined;
      const modelOf = () => {
        if (!model) {
          const config = resolver.forFile(result.filePath);
          model = buildModel(result.text, result.filePath, config.engine, config.host);
        }
        return model;
      };
      return { ...result, findings: result.findings.filter((finding) => filter.isChanged(finding, result, modelOf)) };
    });
  }
  if (values.quiet) results = results.map((r) => ({ ...r, findings: r.findings.filter((f) => f.severity === 'error') }));
  // Standard output is asked whether it is a terminal only when the report goes there (see `main`).
  const color = !values['output-file'] && io.isTTY && !('NO_COLOR' in io.env) && io.env.TERM !== 'dumb';
  // The built-in rules and the phrase rules of every linted file's folder, in the order the files come.
  const rules = () => {
    const folders = new Map<string, Rule[]>();
    for (const { filePath } of results) {
      const folder = dirname(filePath);
      if (!folders.has(folder)) folders.set(folder, resolver.userPhrasesIn(folder));
    }
    return withUserRules(builtinRules, ...folders.values());
  };
  const summaryFile = format === 'github' ? io.env.GITHUB_STEP_SUMMARY : undefined;
  if (summaryFile) {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = io.env;
    const blobUrl = server && repository && sha ? `${server}/${repository}/blob/${sha}` : undefined;
    appendFileSync(summaryFile, githubSummary(results, { root, rules: rules(), baselined, scope, blobUrl }));
  }
  if (diff) io.stdout(diff);
  const reportOptions: ReportOptions = { cwd: io.cwd, color, rules, summaryWritten: !!summaryFile, changedFilter };
  // The report is written as it is formatted, in chunks of about a megabyte, never held whole (see format/stream.ts).
  if (values['output-file']) {
    writeReportFile(resolve(io.cwd, values['output-file']), (write) => writeReport(write, format, results, reportOptions));
  } else {
    // Encoded piece by piece into a reused buffer, as for a file: joining the pieces into strings first and letting
    // the stream encode those took 2–3 times as long for a 50 MB JSON report.
    const out = io.stdoutBytes ? bufferedBytes(io.stdoutBytes) : chunked(io.stdout);
    writeReport(out.write, format, results, reportOptions);
    out.flush();
  }
  timing('report');

  if (results.length && results.every((r) => r.fatal)) {
    io.stderr('candor: none of the files could be linted.\n');
    return 2;
  }
  const errors = count(results, 'error');
  const warnings = count(results, 'warning');
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr(`candor: too many warnings (${warnings}); --max-warnings allows ${maxWarnings}.\n`);
    return 1;
  }
  return errors > 0 ? 1 : 0;
}

interface ReportOptions {
  cwd: string;
  color: boolean;
  rules: () => Rule[];
  summaryWritten: boolean;
  changedFilter?: ChangedFilter;
}

function writeReport(write: Write, format: FormatName, results: FileResult[], options: ReportOptions): void {
  switch (format) {
    case 'json':
      writeJson(write, results, options.rules());
      return write('\n');
    case 'sarif':
      writeSarif(write, results, { root: repositoryRoot(options.cwd), rules: options.rules(), version: VERSION });
      return write('\n');
    case 'github':
      return write(formatGithub(results, { root: repositoryRoot(options.cwd), summaryWritten: options.summaryWritten }));
    case 'github-review': {
      const filter = options.changedFilter!;
      return write(formatGithubReview(results, { root: filter.root, relativePath: (file) => filter.relativePath(file), rules: options.rules(), linesChanged: (file, first, last) => filter.allChanged(file, first, last) }));
    }
    case 'junit':
      return writeJunit(write, results, { cwd: options.cwd });
    case 'compact':
      return writeCompact(write, results, { cwd: options.cwd });
    case 'stylish':
      return writeStylish(write, results, { cwd: options.cwd, color: options.color });
  }
}

/**
 * Writes a report file as it is formatted, through a temporary file beside it that is renamed over it at the end:
 * a reader never sees half a report, and when formatting fails the previous report stays as it was. A target
 * that exists and is not a regular file (`/dev/stdout`, a pipe) is written directly.
 */
function writeReportFile(target: string, format: (write: Write) => void): void {
  mkdirSync(dirname(target), { recursive: true });
  let direct = false;
  try {
    direct = !statSync(target).isFile();
  } catch {
    // No file there yet.
  }
  const path = direct ? target : temporaryPathBeside(target);
  const fd = openSync(path, 'w');
  try {
    try {
      const out = bufferedBytes((bytes) => writeAll(fd, bytes));
      format(out.write);
      out.flush();
    } finally {
      closeSync(fd);
    }
    if (!direct) renameSync(path, target);
  } catch (error) {
    if (!direct) rmSync(path, { force: true });
    throw error;
  }
}

/** Writes all of `bytes` to a file descriptor (`writeSync` may write less than asked). */
function writeAll(fd: number, bytes: Uint8Array): void {
  let at = 0;
  while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
}

/**
 * Takes `--changed-since [REF]` out of the arguments: the next word is the ref unless it starts with `-`;
 * `--changed-since=` or the option last means the default branch. Returns undefined when absent.
 */
function takeChangedSince(args: string[]): { args: string[]; changedRef: string | undefined } {
  const rest: string[] = [];
  let changedRef: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    if (arg.startsWith('--changed-since=')) changedRef = arg.slice('--changed-since='.length);
    else if (arg === '--changed-since') {
      const next = args[i + 1];
      if (next !== undefined && !next.startsWith('-')) {
        changedRef = next;
        i++;
      } else changedRef = '';
    } else rest.push(arg);
  }
  return { args: rest, changedRef };
}

/** `candor merge-sarif a.sarif b.sarif -o all.sarif`: one log from the logs of several shards. */
function runMergeSarif(args: string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { 'output-file': { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help) {
    io.stdout('Usage: candor merge-sarif <a.sarif> <b.sarif>… [-o all.sarif]\n\nJoins the SARIF logs of several `candor check --shard i/n --format sarif` runs into one log.\n');
    return 0;
  }
  if (!parsed.positionals.length) throw new UsageError('merge-sarif needs the SARIF files to merge.');
  const logs = parsed.positionals.map((file) => {
    try {
      return JSON.parse(readFileSync(resolve(io.cwd, file), 'utf8'));
    } catch (error) {
      throw new MergeSarifError(`cannot read SARIF file ${file}: ${(error as Error).message}`);
    }
  });
  const text = JSON.stringify(mergeSarif(logs), null, 2) + '\n';
  if (parsed.values['output-file']) {
    const target = resolve(io.cwd, parsed.values['output-file']);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  } else io.stdout(text);
  return 0;
}

/** Built-in rules followed by the teams' phrase rules, each id once. */
function withUserRules(builtins: Rule[], ...userLists: Rule[][]): Rule[] {
  const seen = new Set(builtins.map((r) => r.id));
  const out = [...builtins];
  for (const list of userLists) {
    for (const rule of list) {
      if (seen.has(rule.id)) continue;
      seen.add(rule.id);
      out.push(rule);
    }
  }
  return out;
}

/** The merged config for one file, in plain JSON. */
function printableConfig(resolver: ConfigResolver, filePath: string) {
  const config = resolver.forFile(filePath);
  const rules: Record<string, unknown> = {};
  for (const rule of withUserRules(builtinRules, config.engine.userPhrases)) {
    const setting = config.engine.rules[rule.id];
    rules[rule.id] = { severity: setting?.severity ?? rule.defaultSeverity, ...(setting && Object.keys(setting.options).length ? { options: setting.options } : {}) };
  }
  return {
    file: filePath,
    configFiles: config.configFiles,
    rules,
    phrases: config.engine.userPhrases,
    caseState: config.engine.caseState,
    ...(config.engine.fileCase ? { case: config.engine.fileCase } : {}),
    isPartial: !!config.engine.isPartial,
    ...(config.engine.data ? { data: { kind: config.engine.data.kind, path: config.engine.data.path } } : {}),
    include: config.include,
    exclude: config.exclude,
    partials: Object.fromEntries(config.partialFiles),
  };
}

/**
 * `CANDOR_DEBUG=timing`: how long each phase of a check took (milliseconds since the previous mark, the first since
 * the check began, and since the process started), on standard error. Without a sink it does nothing.
 */
function phaseTimer(sink: ((text: string) => void) | undefined): (phase: string) => void {
  if (!sink) return () => {};
  let last = performance.now();
  return (phase) => {
    const now = performance.now();
    sink(`candor: timing: ${phase} ${(now - last).toFixed(1)} ms (at ${now.toFixed(1)} ms)\n`);
    last = now;
  };
}

/**
 * `CANDOR_WORKERS=n`: a whole number forces that many threads to lint (this one and n - 1 workers); anything else
 * lets the file count decide.
 */
function forcedWorkers(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

/**
 * How report bytes reach standard output. When it is a file (`> report.json`) or a device such as /dev/null, they
 * are written to it at once, as `-o` writes its file: standard output's stream writes such a descriptor
 * synchronously too, so the order with its own writes holds. Anything else (a pipe, a terminal) gets them through
 * the stream, copied, since the stream may keep what a full pipe could not take yet.
 */
function stdoutBytesWriter(): (bytes: Uint8Array) => void {
  let direct = false;
  try {
    const stat = fstatSync(1);
    direct = stat.isFile() || (stat.isCharacterDevice() && !process.stdout.isTTY);
  } catch {
    // No standard output to inspect: use the stream.
  }
  return direct ? (bytes) => writeAll(1, bytes) : (bytes) => process.stdout.write(Buffer.copyBytesFrom(bytes));
}

/** Runs the command line in this process and sets the exit code. */
export function main(): void {
  // bin/candor.js, the `candor` command, has set V8's flags for a command-line run before loading this bundle.
  runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stdoutBytes: stdoutBytesWriter(),
    stderr: (t) => process.stderr.write(t),
    // A getter: Node makes `process.stdout` (a stream, and Node's stream and socket modules with it) when it is first
    // read, which a check writing its report with `-o` never needs.
    get isTTY() {
      return !!process.stdout.isTTY;
    },
  }).then((code) => {
    process.exitCode = code;
  });
}

// The bundle is also the worker script of `lintFilesParallel`: in a pool worker (where `require.main` may be this
// module too) it only serves lint tasks, and never runs the command line.
if (isPoolWorker()) serveLintTasks();
else if (require.main === module) main();
