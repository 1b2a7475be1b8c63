// The `candor` command line: `candor check [paths or globs…]` over the shared engine.
import { parseArgs } from 'node:util';
import { dirname, resolve } from 'node:path';
import { ConfigError, ConfigResolver } from '../config/load.ts';
import type { SeveritySetting } from '../engine/types.ts';
import { discoverFiles } from './discover.ts';
import { lintFiles } from './lintFiles.ts';
import { count, type FileResult } from './results.ts';
import { formatJson } from './format/json.ts';
import { formatStylish } from './format/stylish.ts';

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
}

export const VERSION = '0.1.0';

const USAGE = `Usage: candor check [options] [paths or globs…]

Checks customer-message templates for wording that hurts: boilerplate, blame, vague timelines,
cheerful sign-offs on open cases, and more.

Options:
  -f, --format <name>     stylish (default) or json
  -c, --config <file>     use this config file instead of looking for .candorrc.json
      --no-config-lookup  ignore .candorrc.json files
      --rule <id:sev>     set a rule's severity (repeatable), e.g. --rule idiom:off
  -o, --output-file <f>   write the report to a file
  -h, --help              show this help
  -v, --version           print the version

Exit codes: 0 no errors, 1 errors found, 2 usage or config error.
`;

const FORMATS = ['stylish', 'json'] as const;
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
    if (error instanceof UsageError) {
      io.stderr(`candor: ${error.message}\nRun \`candor --help\` for usage.\n`);
      return 2;
    }
    io.stderr(`candor: internal error: ${(error as Error).stack ?? error}\n`);
    return 2;
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  let args = argv;
  if (args[0] === 'check') args = args.slice(1);
  else if (args[0] && !args[0].startsWith('-')) {
    if (!/[./*\\]/.test(args[0])) throw new UsageError(`unknown command \`${args[0]}\`. Commands: check.`);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        config: { type: 'string', short: 'c' },
        'no-config-lookup': { type: 'boolean' },
        rule: { type: 'string', multiple: true },
        'output-file': { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
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
  const resolver = new ConfigResolver({
    configFile: values.config ? resolve(io.cwd, values.config) : undefined,
    noConfigLookup: values['no-config-lookup'],
    ruleOverrides,
  });
  const discovery = discoverFiles(positionals, {
    cwd: io.cwd,
    globsFor: (dir) => {
      const config = resolver.forFile(resolve(dir, '_'));
      return { baseDir: config.baseDir, include: config.include, exclude: config.exclude };
    },
  });
  for (const problem of discovery.problems) io.stderr(`candor: ${problem.path}: ${problem.message}\n`);
  if (!discovery.files.length) {
    io.stderr('candor: no templates to check.\n');
    return 2;
  }
  const results: FileResult[] = lintFiles(discovery.files, resolver, {
    onRuleError: (file, ruleId, error) => io.stderr(`candor: rule ${ruleId} failed on ${file}: ${(error as Error).message}\n`),
  });
  const color = io.isTTY && !('NO_COLOR' in io.env) && io.env.TERM !== 'dumb';
  const report = format === 'json' ? formatJson(results) + '\n' : formatStylish(results, { cwd: io.cwd, color: color && !values['output-file'] });
  if (values['output-file']) {
    const { writeFileSync, mkdirSync } = await import('node:fs');
    const target = resolve(io.cwd, values['output-file']);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, report);
  } else io.stdout(report);
  return count(results, 'error') > 0 ? 1 : 0;
}

/** Runs the command line in this process and sets the exit code. */
export function main(): void {
  runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: !!process.stdout.isTTY,
  }).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) main();
