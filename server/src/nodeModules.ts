// Modules that most runs never use, loaded on first use instead of when the bundle starts: requiring
// node:crypto, node:child_process and node:worker_threads up front cost ≈ 3 ms of every one-file `candor check`,
// and the YAML library and Handlebars' runtime about as much again, Handlebars' own parser (its grammar's tables)
// a few milliseconds and 230 KB of objects more (the bundles are CommonJS, so `require` is there; each module is
// still loaded once). Every specifier here is a fixed string: nothing a template or a
// configuration says decides what is loaded (test/robustness/configSafety.test.ts).
import type * as Crypto from 'node:crypto';
import type * as ChildProcess from 'node:child_process';
import type * as WorkerThreads from 'node:worker_threads';
import type * as Os from 'node:os';
import type * as Yaml from 'yaml';
import type HandlebarsRuntime from 'handlebars';
import type * as HandlebarsBase from 'handlebars/dist/cjs/handlebars/compiler/base.js';

let crypto: typeof Crypto | undefined;
let childProcess: typeof ChildProcess | undefined;
let workerThreads: typeof WorkerThreads | undefined;
let os: typeof Os | undefined;
let yaml: typeof Yaml | undefined;
let handlebars: typeof HandlebarsRuntime | undefined;
let handlebarsBase: typeof HandlebarsBase | undefined;

export function nodeCrypto(): typeof Crypto {
  return (crypto ??= require('node:crypto') as typeof Crypto);
}

export function nodeChildProcess(): typeof ChildProcess {
  return (childProcess ??= require('node:child_process') as typeof ChildProcess);
}

export function nodeWorkerThreads(): typeof WorkerThreads {
  return (workerThreads ??= require('node:worker_threads') as typeof WorkerThreads);
}

/** `node:os`, for the count of cores: only a run with enough files to share between threads asks. */
export function nodeOs(): typeof Os {
  return (os ??= require('node:os') as typeof Os);
}

/** The YAML library: only front matter that engine/parse/frontMatter.ts's simple reader does not take needs it. */
export function yamlLibrary(): typeof Yaml {
  return (yaml ??= require('yaml') as typeof Yaml);
}

/**
 * Handlebars' parser module (its Jison parser and `parse`), without its runtime: only templates Candor's own parsers
 * leave to it, syntax errors and the table parser's tables need it (engine/parse/handlebarsParser.ts).
 */
export function handlebarsParserModule(): typeof HandlebarsBase {
  return (handlebarsBase ??= require('handlebars/dist/cjs/handlebars/compiler/base.js') as typeof HandlebarsBase);
}

/** Handlebars' parser module if something has loaded it already, else undefined (nothing is loaded). */
export function handlebarsParserModuleIfLoaded(): typeof HandlebarsBase | undefined {
  return handlebarsBase;
}

/** All of Handlebars, its runtime included: only the preview renders templates (linting needs only its parser). */
export function handlebarsRuntime(): typeof HandlebarsRuntime {
  return (handlebars ??= require('handlebars') as typeof HandlebarsRuntime);
}
