// Checks that a faster Candor reports exactly what a reference build reports: runs `candor check --format json`
// with both builds on the bench corpus (and the labelled eval corpus when ../shared/eval-dev exists) and compares
// the reports byte for byte; prints the median wall time, CPU time (user + system) and peak RSS of each build.
//
// Usage:
//   node bench/compare.mjs --save-baseline [dir]    copy the current bin/ + dist/ to dir (default $TMPDIR/candor-baseline)
//   node bench/compare.mjs --build-baseline <rev> [--baseline dir]
//        bundle a baseline from the working tree with the engine files (server/src/engine, server/src/rules,
//        server/src/config) as they were at git <rev>: the rest of the CLI (formatters, options) stays current,
//        so work others commit meanwhile in the CLI does not show up as a difference
//   node bench/compare.mjs [--baseline dir] [--sizes 1000,10000] [--no-eval] [--runs 3] [--five-kb 60]
//        --five-kb n: also n runs of each build on the bench's one-file check (the 5 KB template), alternating and in
//        turns of order, with the medians and the median of the paired differences: a 150 ms process swings by more
//        than most changes to it, and the pairs see the same moment of the machine (`--sizes none --no-eval` for that alone)
// Build first (node scripts/build.mjs). Exit code 1 when any report differs.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus } from './corpus.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] && !args[at + 1].startsWith('--') ? args[at + 1] : fallback;
};
const baseline = resolve(opt('--baseline', join(tmpdir(), 'candor-baseline')));

if (args.includes('--save-baseline')) {
  const target = resolve(opt('--save-baseline', baseline));
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(repo, part), join(target, part), { recursive: true });
  console.log(`baseline saved to ${target}`);
  process.exit(0);
}
if (args.includes('--build-baseline')) {
  const rev = opt('--build-baseline', 'HEAD');
  const src = join(baseline, 'src');
  rmSync(baseline, { recursive: true, force: true });
  mkdirSync(src, { recursive: true });
  for (const part of ['server', 'package.json', 'tsconfig.json']) cpSync(join(repo, part), join(src, part), { recursive: true });
  const git = (...a) => spawnSync('git', a, { cwd: repo, encoding: 'utf8', maxBuffer: 64 << 20 });
  for (const dir of ['server/src/engine', 'server/src/rules', 'server/src/config']) {
    rmSync(join(src, dir), { recursive: true, force: true });
    for (const file of git('ls-tree', '-r', '--name-only', rev, dir).stdout.trim().split('\n').filter(Boolean)) {
      mkdirSync(dirname(join(src, file)), { recursive: true });
      writeFileSync(join(src, file), git('show', `${rev}:${file}`).stdout);
    }
  }
  // Newer CLI code may import helpers the old engine lacked: shim the ones known to be pure refactors.
  const load = join(src, 'server/src/config/load.ts');
  if (!readFileSync(load, 'utf8').includes('export function globMatcher')) {
    writeFileSync(load, readFileSync(load, 'utf8') + '\nexport function globMatcher(globs: string[], dot: boolean) {\n  return picomatch(globs, { dot });\n}\n');
  }
  const { build } = await import(join(repo, 'node_modules', 'esbuild', 'lib', 'main.js'));
  await build({ entryPoints: { cli: join(src, 'server/src/cli/main.ts') }, outdir: join(baseline, 'dist'), bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'], nodePaths: [join(repo, 'node_modules')], logLevel: 'warning' });
  cpSync(join(repo, 'bin'), join(baseline, 'bin'), { recursive: true });
  cpSync(join(repo, 'package.json'), join(baseline, 'package.json'));
  console.log(`baseline built at ${baseline} (engine from ${rev}, CLI from the working tree)`);
  process.exit(0);
}
if (!existsSync(join(baseline, 'bin', 'candor.js'))) {
  console.error(`No baseline build at ${baseline}: run \`node bench/compare.mjs --save-baseline\` on the reference tree first.`);
  process.exit(2);
}

const sizesArgument = opt('--sizes', '1000');
const sizes = sizesArgument === 'none' ? [] : sizesArgument.split(',').map(Number);
const fiveKbRuns = Number(opt('--five-kb', '0'));
const runs = Number(opt('--runs', '1'));
const work = mkdtempSync(join(tmpdir(), 'candor-compare-'));
const hasTime = existsSync('/usr/bin/time');

/** One `candor check` run: report text, wall and CPU seconds, peak RSS in MB. */
function check(root, target, out, keepText = true) {
  const cmd = [join(root, 'bin', 'candor.js'), 'check', target, '--format', 'json', '-o', out];
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%U %S %M %e', process.execPath, ...cmd], { encoding: 'utf8', cwd: target })
    : spawnSync(process.execPath, cmd, { encoding: 'utf8', cwd: target });
  if (r.status !== 0 && r.status !== 1) throw new Error(`candor (${root}) exited with ${r.status}: ${r.stderr.slice(-2000)}`);
  let cpu = NaN;
  let rss = NaN;
  let wall = NaN;
  if (hasTime) {
    const last = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
    cpu = last[0] + last[1];
    rss = last[2] / 1024;
    wall = last[3];
  }
  return { text: keepText ? readFileSync(out, 'utf8') : undefined, cpu, rss, wall, status: r.status };
}

function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at byte ${i}:\n  baseline: …${JSON.stringify(a.slice(Math.max(0, i - 120), i + 200))}\n  current:  …${JSON.stringify(b.slice(Math.max(0, i - 120), i + 200))}`;
}

const targets = sizes.map((n) => ({ name: `bench corpus, ${n} templates`, dir: ensureCorpus(n, { log: (m) => console.error(m) }).dir }));
const evalDir = resolve(repo, '..', 'shared', 'eval-dev');
if (!args.includes('--no-eval') && existsSync(join(evalDir, 'materialize.mjs'))) {
  const dir = join(work, 'eval');
  const m = spawnSync(process.execPath, [join(evalDir, 'materialize.mjs'), join(evalDir, 'messages.jsonl'), join(evalDir, 'labels.jsonl'), dir], { encoding: 'utf8' });
  if (m.status !== 0) throw new Error(m.stderr);
  targets.push({ name: 'eval corpus', dir });
}

let differs = 0;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const target of targets) {
  const base = [];
  const cur = [];
  // In turns of order (baseline first, then current first, …), so that neither build always runs right after the
  // other (whose 50 MB report the system may still be writing back). Only the first run of each keeps its report:
  // those two are compared, and the rest would hold a 10,000-template report per run in this process.
  for (let i = 0; i < runs; i++) {
    const keep = i === 0;
    if (i % 2 === 0) {
      base.push(check(baseline, target.dir, join(work, 'baseline.json'), keep));
      cur.push(check(repo, target.dir, join(work, 'current.json'), keep));
    } else {
      cur.push(check(repo, target.dir, join(work, 'current.json'), keep));
      base.push(check(baseline, target.dir, join(work, 'baseline.json'), keep));
    }
  }
  const same = base[0].text === cur[0].text && base[0].status === cur[0].status;
  if (!same) differs++;
  const files = JSON.parse(cur[0].text);
  const findings = files.reduce((n, f) => n + ((f.findings ?? f.messages)?.length ?? 0), 0);
  const b = median(base.map((r) => r.cpu));
  const c = median(cur.map((r) => r.cpu));
  const bw = median(base.map((r) => r.wall));
  const cw = median(cur.map((r) => r.wall));
  console.log(
    `${same ? 'SAME' : 'DIFFERENT'}  ${target.name}: ${files.length} files, ${findings} findings, ${base[0].text.length} bytes | wall ${bw.toFixed(2)} s → ${cw.toFixed(2)} s | CPU ${b.toFixed(2)} s → ${c.toFixed(2)} s (${(b / c).toFixed(2)}×) | peak RSS ${median(base.map((r) => r.rss)).toFixed(0)} MB → ${median(cur.map((r) => r.rss)).toFixed(0)} MB`,
  );
  if (!same) console.log(base[0].status !== cur[0].status ? `  exit status ${base[0].status} → ${cur[0].status}` : `  first difference ${firstDifference(base[0].text, cur[0].text)}`);
}
if (fiveKbRuns > 0) {
  const file = ensureCorpus(1000, { log: (m) => console.error(m) }).fiveKb;
  // As bench/run.mjs times it: without this VM's certificate bundle, which every Node process would read first.
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const once = (root, out) => {
    const started = performance.now();
    const r = spawnSync(process.execPath, [join(root, 'bin', 'candor.js'), 'check', file, '--format', 'json', '-o', out], { env, cwd: dirname(file), encoding: 'utf8' });
    const ms = performance.now() - started;
    if (r.status !== 0 && r.status !== 1) throw new Error(`candor (${root}) exited with ${r.status}: ${r.stderr.slice(-2000)}`);
    return ms;
  };
  const [baseOut, curOut] = [join(work, 'five-kb-baseline.json'), join(work, 'five-kb-current.json')];
  for (let i = 0; i < 2; i++) {
    once(baseline, baseOut);
    once(repo, curOut);
  }
  const same = readFileSync(baseOut, 'utf8') === readFileSync(curOut, 'utf8');
  if (!same) differs++;
  const base = [];
  const cur = [];
  for (let i = 0; i < fiveKbRuns; i++) {
    if (i % 2) {
      cur.push(once(repo, curOut));
      base.push(once(baseline, baseOut));
    } else {
      base.push(once(baseline, baseOut));
      cur.push(once(repo, curOut));
    }
  }
  const paired = cur.map((ms, i) => ms - base[i]);
  console.log(`${same ? 'SAME' : 'DIFFERENT'}  one 5 KB template, ${fiveKbRuns} runs each, alternating: median ${median(base).toFixed(1)} ms → ${median(cur).toFixed(1)} ms, fastest ${Math.min(...base).toFixed(1)} → ${Math.min(...cur).toFixed(1)} ms, paired difference median ${median(paired).toFixed(1)} ms`);
}
rmSync(work, { recursive: true, force: true });
process.exit(differs ? 1 : 0);
