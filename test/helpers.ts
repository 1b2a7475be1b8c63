// Helpers shared by the tests: lint a template string with a given config, and run the built CLI.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { lint, type Finding } from '../server/src/engine/index.ts';
import { defaultEngineConfig, type EngineConfig } from '../server/src/config/types.ts';
import type { EngineHost } from '../server/src/engine/types.ts';
import type { OffsetMap } from '../server/src/engine/prose/proseText.ts';

/** The repository root: the nearest folder above the compiled test that holds package.json. */
export const repoRoot = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
export const cliPath = join(repoRoot, 'dist', 'cli.js');

export function lintText(text: string, options: { config?: Partial<EngineConfig>; partials?: Record<string, string>; path?: string } = {}): Finding[] {
  const host: EngineHost = {
    resolvePartial: (name) => (options.partials && name in options.partials ? { path: `/partials/${name}.hbs`, text: options.partials[name]! } : undefined),
  };
  return lint(text, options.path ?? '/templates/test.hbs', { ...defaultEngineConfig, ...options.config }, { host });
}

/** The source text a finding covers. */
export function flagged(text: string, finding: Finding): string {
  return text.slice(finding.range[0], finding.range[1]);
}

/** The temporary folders made in this process: removed when it exits (each test file runs in a process of its own). */
const madeFolders: string[] = [];
process.on('exit', () => {
  for (const folder of madeFolders) rmSync(folder, { recursive: true, force: true });
});

/** A new empty temporary folder, removed when the test process exits. */
export function tempFolder(prefix = 'candor-test-'): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  madeFolders.push(folder);
  return folder;
}

/** Writes a tree of files into a new temporary folder, removed when the test process exits, and returns its path. */
export function tempTree(files: Record<string, string>): string {
  const root = tempFolder();
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

export function runCli(args: string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    // Reports of big test trees exceed spawnSync's default 1 MB, which kills the child and loses the output.
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every `.hbs` file below `dir`, in a stable order. */
export function templatesIn(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...templatesIn(p));
    else if (name.endsWith('.hbs')) out.push(p);
  }
  return out;
}

/** A prose text's map, one source offset per character where each starts and where each ends. */
export function offsetsOf(prose: { offsets: OffsetMap }): { starts: number[]; ends: number[] } {
  const map = prose.offsets;
  return { starts: Array.from({ length: map.length }, (_, i) => map.start(i)), ends: Array.from({ length: map.length }, (_, i) => map.end(i)) };
}

/** A small deterministic generator (mulberry32): randomized tests name a seed, so a failure can be reproduced. */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A finding with every field set, for tests that build results by hand: a `vague-timeline` warning on “soon” at
 * the start of a text, with nothing optional; `extra` replaces any field.
 */
export function findingWith(extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'vague-timeline',
    severity: 'warning',
    message: '“soon” gives no time the customer can plan around.',
    range: [0, 4],
    excerpt: 'soon',
    caseState: 'unknown',
    conditions: [],
    partialChain: [],
    fix: undefined,
    suggestions: [],
    related: [],
    tags: [],
    ...extra,
  };
}
