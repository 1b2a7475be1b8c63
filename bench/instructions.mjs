// Counts the machine instructions a `candor check` executes, under valgrind's callgrind, for the current build and
// (with --baseline) a reference build side by side: a measure that does not move with the machine's load. Wall
// and CPU time on a shared 2-core VM swing by 10–40 % from one minute to the next, so an engine change of a few
// per cent cannot be told from noise by timing; the same run counted twice differs by well under 0.5 %.
//
// Each build lints the corpus on one thread (CANDOR_WORKERS=1) with V8's helper threads off (`--single-threaded`:
// TurboFan compiles on the thread that asks, so its work is counted too), through bin/candor.js and so with the
// command's V8 flags (bin/v8-flags.js; the code cache is not used: its flags differ). Instructions are not time
// (a cache miss or a page fault costs far more than an add), so confirm a change with `bench/compare.mjs` too;
// but a change that does not lower the count rarely lowers the time. The two builds run at once (one per core)
// and their reports must be byte-identical. Prints the totals and where they went: code TurboFan made, TurboFan
// compiling, V8's builtins, regular expressions, the garbage collector, the C library, the rest of V8 and Node.
//
// With --functions n, both builds run with `--perf-basic-prof` (writing the map costs ≈ 1.5 % more), and the
// instructions callgrind counts at each address of generated code are summed by the function (or regular
// expression) V8's perf map names there: the current build's n functions with the most, exactly, where the
// sampling profiler has 1 ms samples of a noisy clock.
//
// With --five-kb, the check is the benchmark's one-file run instead (the 5 KB template of the 1,000-template corpus,
// with that corpus's config), where loading the bundle and compiling cold code are most of the count. Mind that
// V8 rejects the code cache under `--single-threaded` (its flags differ), so such a count compiles the whole bundle:
// it measures the lint, not the loading, which `hyperfine` over many runs measures better.
//
// Usage: node bench/instructions.mjs [--baseline dir] [--size 1000 | --five-kb] [--functions n] [--node-flags "--flag …"] [--keep]
//   (a baseline from `node bench/compare.mjs --save-baseline dir`; --size 10000 takes about 4 minutes)
// Needs valgrind (Debian's package) and a build (node scripts/build.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus } from './corpus.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const baseline = opt('--baseline', undefined);
const size = Number(opt('--size', '1000'));
const nodeFlags = opt('--node-flags', '').split(/\s+/).filter(Boolean);
const functions = Number(opt('--functions', '0'));

if (spawnSync('valgrind', ['--version']).status !== 0) {
  console.error('valgrind is not installed (apt-get install valgrind).');
  process.exit(2);
}
for (const root of [repo, baseline].filter(Boolean)) {
  if (!existsSync(join(root, 'bin', 'candor.js')) || !existsSync(join(root, 'dist', 'cli.js'))) {
    console.error(`No build at ${root}: run \`node scripts/build.mjs\` (or \`node bench/compare.mjs --save-baseline ${root}\`).`);
    process.exit(2);
  }
}

const fiveKb = args.includes('--five-kb');
const corpus = ensureCorpus(fiveKb ? 1000 : size, { log: (m) => console.error(m) });
/** What each build checks: the corpus, or (--five-kb) its one 5 KB template. */
const target = fiveKb ? corpus.fiveKb : corpus.dir;
const what = fiveKb ? 'one 5 KB template' : `${size} templates`;
const work = mkdtempSync(join(tmpdir(), 'candor-instructions-'));

/** Runs one build under callgrind; resolves to its report, the callgrind output file and V8's perf map (if asked). */
function count(root, tag, perfMap) {
  const out = join(work, `${tag}.callgrind`);
  const report = join(work, `${tag}.json`);
  // `--perf-basic-prof` also has V8 write a log of code events: into the work folder, not the current one.
  const flags = perfMap ? ['--perf-basic-prof', '--no-logfile-per-isolate', `--logfile=${join(work, `${tag}-v8.log`)}`, ...nodeFlags] : nodeFlags;
  const argv = ['--tool=callgrind', '--smc-check=all-non-file', `--callgrind-out-file=${out}`, process.execPath, '--single-threaded', ...flags, join(root, 'bin', 'candor.js'), 'check', target, '--format', 'json', '-o', report];
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', argv, { env: { ...process.env, CANDOR_WORKERS: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 && code !== 1) reject(new Error(`candor under callgrind (${root}) exited with ${code}:\n${stderr}`));
      // V8 writes the map as /tmp/perf-<pid>.map, and valgrind runs the program in its own process.
      else resolve({ out, report: readFileSync(report, 'utf8'), map: perfMap ? `/tmp/perf-${child.pid}.map` : undefined });
    });
  });
}

const AREAS = [
  ['TurboFan compiling', (name) => name.includes('::compiler::') || /turboshaft/i.test(name)],
  ['code TurboFan made, and other generated code', (name) => /^\?\?\?:0x/.test(name)],
  ['regular expressions', (name) => /regexp|RegExp|Irregexp/.test(name)],
  ["V8's builtins", (name) => name.includes('Builtins_')],
  ['garbage collector', (name) => /Scaveng|Marking|Sweep|heap::|Evacuat|Compact|RememberedSet|MarkCompact|ConcurrentMarking|GCTracer/.test(name)],
  ['C library (memcpy, malloc…)', (name) => /libc\.so|libstdc\+\+/.test(name)],
  ["V8's parser, bytecode and baseline compilers", (name) => /Scanner|Parser|parsing|Bytecode|interpreter|baseline|Maglev/.test(name)],
  ['the rest of V8 and Node', () => true],
];

/** callgrind_annotate's per-function totals: [instructions, name] for every function. */
function perFunction(file) {
  const text = spawnSync('callgrind_annotate', ['--threshold=100', file], { encoding: 'utf8', maxBuffer: 256 << 20 }).stdout;
  const rows = [];
  for (const line of text.split('\n')) {
    const m = /^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$/.exec(line);
    if (m && !m[2].includes('PROGRAM TOTALS')) rows.push([Number(m[1].replaceAll(',', '')), m[2]]);
  }
  return rows;
}

/** Instructions per area, from the per-function totals. */
function areas(rows) {
  const totals = new Map(AREAS.map(([name]) => [name, 0]));
  let all = 0;
  for (const [n, fn] of rows) {
    all += n;
    const [name] = AREAS.find(([, test]) => test(fn));
    totals.set(name, totals.get(name) + n);
  }
  return { all, totals };
}

/** Generated code's instructions by the JavaScript function or expression V8's perf map places at each address. */
function byJsFunction(rows, mapFile) {
  const entries = readFileSync(mapFile, 'utf8')
    .split('\n')
    .map((line) => /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line))
    .filter(Boolean)
    .map((m) => ({ start: parseInt(m[1], 16), size: parseInt(m[2], 16), name: m[3] }))
    .sort((a, b) => a.start - b.start);
  const totals = new Map();
  for (const [n, fn] of rows) {
    const m = /^\?\?\?:0x([0-9a-f]+) /.exec(fn);
    if (!m) continue;
    const at = parseInt(m[1], 16);
    let lo = 0;
    let hi = entries.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (entries[mid].start <= at) lo = mid;
      else hi = mid - 1;
    }
    const entry = entries[lo];
    const name = entry && entry.start <= at && at < entry.start + entry.size ? entry.name.replace(/^(?:JS|LazyCompile|Function):[*~^+]?/, '').replace(/ \S*dist\/cli\.js:(\d+):\d+$/, ' (dist/cli.js:$1)') : '(generated code V8 does not name)';
    totals.set(name, (totals.get(name) ?? 0) + n);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

const runs = [['current', repo], ...(baseline ? [['baseline', baseline]] : [])];
console.error(`counting instructions of ${runs.map(([tag]) => tag).join(' and ')} on ${target} (${what})…`);
const results = await Promise.all(runs.map(([tag, root]) => count(root, tag, functions > 0)));
const rows = results.map((r) => perFunction(r.out));
const counted = rows.map(areas);
const m = (n) => `${(n / 1e6).toFixed(0).padStart(7)} M`;
const [current, base] = counted;
console.log(`instructions, ${what}, one thread${nodeFlags.length ? `, node ${nodeFlags.join(' ')}` : ''}:`);
for (const [name] of AREAS) {
  const c = current.totals.get(name);
  if (!base) console.log(`${m(c)}  ${name}`);
  else {
    const b = base.totals.get(name);
    console.log(`${m(b)} → ${m(c)}  ${(((c - b) / b) * 100).toFixed(1).padStart(6)} %  ${name}`);
  }
}
if (!base) console.log(`${m(current.all)}  in all`);
else {
  console.log(`${m(base.all)} → ${m(current.all)}  ${(((current.all - base.all) / base.all) * 100).toFixed(1).padStart(6)} %  in all`);
  const same = results[0].report === results[1].report;
  console.log(same ? 'reports: byte-identical' : 'reports: DIFFER (compare them with bench/compare.mjs)');
  if (!same) process.exitCode = 1;
}
if (functions > 0) {
  console.log(`\nthe current build's generated code by function (V8's perf map), top ${functions}:`);
  for (const [name, n] of byJsFunction(rows[0], results[0].map).slice(0, functions)) console.log(`${m(n)}  ${name.length > 150 ? `${name.slice(0, 150)}…` : name}`);
  for (const r of results) rmSync(r.map, { force: true });
}
// The callgrind files and reports (≈ 50 MB a build at 10,000 templates) stay only when asked for.
if (args.includes('--keep')) console.log(`\ncallgrind files and reports kept in ${work}`);
else rmSync(work, { recursive: true, force: true });
