// Real git repositories in temporary folders for the pull-request review tests, and a JSON report reader.
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCli, tempTree } from '../helpers.ts';

/** Runs git in `cwd` with an identity and settings that do not depend on the machine's git config. */
export function git(cwd: string, ...args: string[]): string {
  const result = spawnSync(
    'git',
    ['-c', 'user.name=Candor Test', '-c', 'user.email=test@candor.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', '-c', 'core.autocrlf=false', ...args],
    { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } },
  );
  assert.equal(result.status, 0, `git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** A repository with `files` committed on `main`. */
export function gitRepo(files: Record<string, string>): string {
  const root = tempTree(files);
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'initial templates');
  return root;
}

export function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

export interface JsonFile {
  filePath: string;
  messages: Array<{ ruleId: string; line: number; column: number; severity: number; candorSeverity: string; message: string }>;
}

/** `candor check -f json` in `cwd`: the report and the exit code. */
export function checkJson(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): { files: JsonFile[]; code: number | null; stderr: string } {
  const run = runCli(['check', '-f', 'json', ...args], { cwd, env });
  assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr}`);
  return { files: JSON.parse(run.stdout) as JsonFile[], code: run.code, stderr: run.stderr };
}

/** Findings as `path:line rule`, sorted, with paths relative to `root`. */
export function findingKeys(root: string, files: JsonFile[]): string[] {
  return files
    .flatMap((file) => file.messages.map((m) => `${file.filePath.slice(root.length + 1)}:${m.line} ${m.ruleId}`))
    .sort();
}
