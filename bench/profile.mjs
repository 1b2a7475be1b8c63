// Profiles `candor check` with `node --cpu-prof` and prints the top self-time functions (and the packages they sit in).
// Usage: node bench/profile.mjs [count=10000] [top=30]   or   node bench/profile.mjs --summarise <file.cpuprofile>
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus } from './corpus.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

/** esbuild marks each bundled module with a `// path` line: (line, module) pairs, to name where a bundle frame lives. */
export function bundleModules(bundlePath) {
  if (!existsSync(bundlePath)) return [];
  const marks = [];
  readFileSync(bundlePath, 'utf8').split('\n').forEach((line, i) => {
    const m = /^\/\/ ((?:node_modules|server|client)\/\S+)$/.exec(line);
    if (m) marks.push([i + 1, m[1]]);
  });
  return marks;
}

export function moduleAt(marks, line) {
  let found = 'dist/cli.js';
  for (const [at, name] of marks) {
    if (at > line) break;
    found = name;
  }
  return found;
}

/** Self time per function (ms), from a V8 .cpuprofile: each sample's time goes to the node on top of the stack. */
export function summarise(profile, top = 30, bundlePath = join(repo, 'dist', 'cli.js')) {
  const marks = bundleModules(bundlePath);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map();
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    const dt = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
    selfMs.set(id, (selfMs.get(id) ?? 0) + dt);
  }
  const byFunction = new Map();
  const byArea = new Map();
  let total = 0;
  for (const [id, ms] of selfMs) {
    const frame = byId.get(id).callFrame;
    const where = !frame.url ? '' : frame.url.startsWith('file:') ? relative(repo, fileURLToPath(frame.url)) : frame.url.startsWith('/') ? relative(repo, frame.url) : frame.url;
    const inBundle = where.startsWith('dist/') || frame.url.endsWith(bundlePath);
    const module = inBundle ? moduleAt(marks, frame.lineNumber + 1) : where;
    const key = `${frame.functionName || '(anonymous)'} ${where ? `${inBundle ? 'cli.js' : where}:${frame.lineNumber + 1}` : ''}${module !== where ? ` [${module}]` : ''}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    const area = areaOf(frame.functionName, module);
    byArea.set(area, (byArea.get(area) ?? 0) + ms);
    total += ms;
  }
  const rows = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top).map(([fn, ms]) => ({ fn, ms: Math.round(ms), pct: +((100 * ms) / total).toFixed(1) }));
  const areas = [...byArea].sort((a, b) => b[1] - a[1]).map(([area, ms]) => ({ area, ms: Math.round(ms), pct: +((100 * ms) / total).toFixed(1) }));
  return { totalMs: Math.round(total), rows, areas };
}

/** Groups a frame: regular-expression code, GC, a dependency, a Candor source folder, or Node itself. */
function areaOf(name, module) {
  if (name.startsWith('RegExp:')) return 'regular-expression code (V8 irregexp, native)';
  if (!module) return name.startsWith('(') ? name : '(native / V8 builtins)';
  if (module.includes('node_modules/')) return `dependency: ${module.split('node_modules/')[1].split('/')[0]}`;
  if (module.startsWith('server/src/')) return `candor: ${module.split('/').slice(2, -1).join('/') || 'src'}/${module.split('/').at(-1)}`;
  return 'node internals';
}

function latestProfile(dir) {
  const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort().at(-1);
  return JSON.parse(readFileSync(join(dir, file), 'utf8'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let profile;
  let bundle;
  if (args[0] === '--summarise') profile = JSON.parse(readFileSync(args[1], 'utf8'));
  else {
    const count = Number(args[0] ?? 10000);
    const corpus = ensureCorpus(count, { log: console.error });
    const dir = mkdtempSync(join(tmpdir(), 'candor-prof-'));
    const started = performance.now();
    // Keep the exact bundle profiled: others rebuild dist/ while this runs, and frame lines must match it.
    copyFileSync(join(repo, 'dist', 'cli.js'), join(dir, 'cli.js'));
    // With the V8 flags the candor command sets before it loads the bundle.
    writeFileSync(join(dir, 'candor.js'), `require(${JSON.stringify(join(repo, 'bin', 'v8-flags.js'))});\nrequire('./cli.js').main();\n`);
    spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, join(dir, 'candor.js'), 'check', corpus.dir, '--format', 'json', '-o', join(dir, 'out.json')], { stdio: 'inherit' });
    console.error(`profiled in ${((performance.now() - started) / 1000).toFixed(1)} s; profile in ${dir}`);
    profile = latestProfile(dir);
    bundle = join(dir, 'cli.js');
  }
  const summary = summarise(profile, Number(args[args[0] === '--summarise' ? 2 : 1] ?? 30), bundle);
  console.log(`total sampled ${summary.totalMs} ms`);
  for (const r of summary.rows) console.log(`${String(r.ms).padStart(8)} ms ${String(r.pct).padStart(5)}%  ${r.fn}`);
  console.log('\nby area:');
  for (const a of summary.areas) console.log(`${String(a.ms).padStart(8)} ms ${String(a.pct).padStart(5)}%  ${a.area}`);
}
