// Prepares and runs code-server for the editor tests: setup, packaging, fresh state, install, launch, stop.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { timeouts, waitFor } from './wait.mjs';

export const repoRoot = join(dirname(new URL(import.meta.url).pathname), '..', '..', '..');

/** Runs scripts/e2e-setup.sh (a no-op once the cache is complete) and returns the paths it prints. */
export function ensureSetup() {
  const started = Date.now();
  const result = spawnSync('bash', [join(repoRoot, 'scripts', 'e2e-setup.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error(`scripts/e2e-setup.sh failed with exit code ${result.status}`);
  const paths = Object.fromEntries(result.stdout.trim().split('\n').filter((line) => line.includes('=')).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  return { ...paths, seconds: (Date.now() - started) / 1000 };
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}`, error: result.error };
}

/** Builds the bundles; retried once because other tasks may rebuild dist/ at the same moment. */
export function build() {
  let result = run(process.execPath, ['scripts/build.mjs']);
  if (result.status !== 0) result = run(process.execPath, ['scripts/build.mjs']);
  if (result.status !== 0) throw new Error(`node scripts/build.mjs failed:\n${result.output}`);
}

/**
 * Packages the extension with vsce into `outFile`. Returns vsce's warnings: the marketplace manifest must
 * package without any. Without a `repository` field vsce refuses relative README links, so base URLs are
 * passed then (and the missing field shows up as a warning).
 */
export function packageExtension(outFile, { cwd = repoRoot, extraArgs = [], readmeLinks = false } = {}) {
  const manifest = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));
  const args = ['package', '--no-dependencies', '-o', outFile, ...extraArgs];
  if (!manifest.repository && readmeLinks) args.push('--baseContentUrl', 'https://example.invalid/candor', '--baseImagesUrl', 'https://example.invalid/candor');
  const result = run(join(repoRoot, 'node_modules', '.bin', 'vsce'), args, { cwd });
  if (result.status !== 0 || !existsSync(outFile)) throw new Error(`vsce package failed in ${cwd}:\n${result.output}`);
  const warnings = result.output.split('\n').filter((line) => /\bWARNING\b/.test(line)).map((line) => line.replace(/\x1b\[[0-9;]*m/g, '').trim());
  return { warnings, output: result.output };
}

/** Fresh folders for one code-server session: nothing carries over between runs. */
export function freshState(root, fixture) {
  const state = {
    root,
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    home: join(root, 'home'),
    tmp: join(root, 'tmp'),
    browserProfile: join(root, 'browser'),
    workspace: join(root, 'workspace'),
    probeFile: join(root, 'probe.json'),
    log: join(root, 'code-server.log'),
  };
  for (const dir of [state.userData, state.extensions, state.home, state.tmp, state.browserProfile]) mkdirSync(dir, { recursive: true });
  cpSync(fixture, state.workspace, { recursive: true });
  mkdirSync(join(state.userData, 'User'), { recursive: true });
  writeFileSync(
    join(state.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'files.hotExit': 'off',
        'workbench.startupEditor': 'none',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'telemetry.telemetryLevel': 'off',
        'chat.disableAIFeatures': true,
        'security.workspace.trust.enabled': false,
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'editor.hover.delay': 200,
        'git.enabled': false,
        // Typed edits must land as typed: no word or Emmet suggestions popping up mid-word. Completion
        // still opens on trigger characters such as the `.` in `{{customer.`.
        'editor.quickSuggestions': { other: false, comments: false, strings: false },
        'editor.wordBasedSuggestions': 'off',
        'emmet.showExpandedAbbreviation': 'never',
        'emmet.showAbbreviationSuggestions': false,
      },
      null,
      2,
    ),
  );
  return state;
}

function environment(paths, state, extra = {}) {
  return {
    ...process.env,
    PATH: `${dirname(paths.NODE24)}:${process.env.PATH}`,
    HOME: state.home,
    XDG_CONFIG_HOME: join(state.home, '.config'),
    XDG_DATA_HOME: join(state.home, '.local', 'share'),
    XDG_CACHE_HOME: join(state.home, '.cache'),
    TMPDIR: state.tmp,
    CANDOR_E2E_PROBE_FILE: state.probeFile,
    ...extra,
  };
}

/** Installs the packaged extensions; returns code-server's output, which must hold no warnings. */
export function installExtensions(paths, state, vsixFiles) {
  const args = ['--config', '/dev/null', '--user-data-dir', state.userData, '--extensions-dir', state.extensions];
  for (const vsix of vsixFiles) args.push('--install-extension', vsix);
  const result = run(paths.CODE_SERVER, args, { env: environment(paths, state) });
  if (result.status !== 0) throw new Error(`code-server --install-extension failed:\n${result.output}`);
  return result.output;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts code-server on loopback and waits for /healthz; the child leads its own process group. */
export async function startCodeServer(paths, state, extraEnv = {}) {
  const port = await freePort();
  const config = join(state.root, 'code-server.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const log = createWriteStream(state.log);
  const child = spawn(
    paths.CODE_SERVER,
    ['--config', config, '--user-data-dir', state.userData, '--extensions-dir', state.extensions, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--ignore-last-opened'],
    { env: environment(paths, state, extraEnv), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = null;
  child.once('exit', (code, signal) => (exited = `exit code ${code}${signal ? `, signal ${signal}` : ''}`));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (exited) throw new Error(`code-server stopped (${exited}); see ${state.log}`);
      const response = await fetch(`${url}/healthz`).catch(() => undefined);
      return response?.ok;
    },
    { timeout: timeouts.startup, interval: 250, what: `code-server on ${url}/healthz`, describe: () => tail(state.log) },
  ).catch((error) => {
    stopCodeServer(child);
    throw error;
  });
  return { child, url, port, isRunning: () => !exited };
}

/** Stops code-server and the extension host it started: their process group, by the PID we spawned. */
export async function stopCodeServer(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const stopped = await Promise.race([gone.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 10_000))]);
  if (!stopped) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

export function tail(file, lines = 40) {
  if (!existsSync(file)) return `(${file} does not exist)`;
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** Every file under `dir` whose name matches `pattern` (used to find the Candor output channel's log). */
export function findFiles(dir, pattern, found = []) {
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findFiles(path, pattern, found);
    else if (pattern.test(name)) found.push(path);
  }
  return found;
}
