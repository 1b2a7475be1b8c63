// Times (in process CPU milliseconds, robust on a busy machine) each engine stage (front matter, Handlebars parse, prose model, message paths, each rule) over a corpus, in one process.
// Usage: node bench/stages.mjs [count=1000] [--json] [--file big|5kb|<path>]. Bundles a probe from server/src with esbuild; reads, never edits, the engine.
// With --passes n: the files linted n times as `candor check` lints them (caches sized for one pass, each model
// dropped after its record, the command's V8 flags), CPU per stage per pass: the first pass is a fresh thread's
// (JIT warm-up included), the later ones warm. Steadier than whole CLI runs for comparing two builds of the engine.
// Each pass also says how its CPU splits between the thread that lints and V8's helper threads (TurboFan's compiles,
// the collector's parallel work), and the summary what a fresh isolate's warm-up costs on top of a warm pass: what
// every lint thread of a check pays for its engine work on this machine (docs/performance.md, round 19). --json:
// the passes and the summary as JSON (`npm run bench` shows them).
import { build } from 'esbuild';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus } from './corpus.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

const PROBE = `
import { readFileSync } from 'node:fs';
import { LineIndex } from ${JSON.stringify(join(repo, 'server/src/engine/text.ts'))};
import { readFrontMatter } from ${JSON.stringify(join(repo, 'server/src/engine/parse/frontMatter.ts'))};
import { blankRange, parseTemplate } from ${JSON.stringify(join(repo, 'server/src/engine/parse/template.ts'))};
import { buildModel, lintModel, workspaceRecord } from ${JSON.stringify(join(repo, 'server/src/engine/index.ts'))};
import { sizeCachesForOnePass } from ${JSON.stringify(join(repo, 'server/src/engine/caches.ts'))};
import { clearTextMemos } from ${JSON.stringify(join(repo, 'server/src/engine/textMemo.ts'))};
import { ConfigResolver } from ${JSON.stringify(join(repo, 'server/src/config/load.ts'))};

const now = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
export { now };
export function run(files, { paths = true } = {}) {
  const t = {};
  const add = (k, ms) => (t[k] = (t[k] ?? 0) + ms);
  const resolver = new ConfigResolver({});
  const texts = [];
  let s = now();
  for (const f of files) texts.push(readFileSync(f, 'utf8'));
  add('read', now() - s);
  const configs = [];
  s = now();
  for (const f of files) configs.push(resolver.forFile(f));
  add('config.forFile', now() - s);
  for (let i = 0; i < files.length; i++) {
    const text = texts[i];
    const lines = (() => { const s0 = now(); const l = new LineIndex(text); add('LineIndex', now() - s0); return l; })();
    let s1 = now();
    const fm = readFrontMatter(text);
    add('front matter (yaml)', now() - s1);
    const source = fm ? blankRange(text, 0, fm.bodyStart) : text;
    s1 = now();
    parseTemplate(source, lines);
    add('Handlebars.parse (alone)', now() - s1);
  }
  // The real model (parse again inside, prose, directives), then each rule on its own.
  const models = [];
  s = now();
  for (let i = 0; i < files.length; i++) models.push(buildModel(texts[i], files[i], configs[i].engine, configs[i].host));
  add('buildModel (front matter + parse + prose)', now() - s);
  s = now();
  if (paths) for (const m of models) void m.paths;
  add('messagePaths', now() - s);
  return { t, models };
}

export function passes(files, count) {
  const resolver = new ConfigResolver({});
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const configs = files.map((f) => resolver.forFile(f));
  sizeCachesForOnePass();
  const out = [];
  for (let pass = 0; pass < count; pass++) {
    clearTextMemos();
    const thread0 = threadCpu();
    const process0 = now();
    const wall0 = performance.now();
    const t = { buildModel: 0, paths: 0, lintModel: 0, workspaceRecord: 0 };
    for (let i = 0; i < files.length; i++) {
      const s0 = now();
      const model = buildModel(texts[i], files[i], configs[i].engine, configs[i].host);
      const s1 = now();
      void model.paths;
      const s2 = now();
      lintModel(model);
      const s3 = now();
      workspaceRecord(model);
      const s4 = now();
      t.buildModel += s1 - s0;
      t.paths += s2 - s1;
      t.lintModel += s3 - s2;
      t.workspaceRecord += s4 - s3;
    }
    out.push({ stages: t, threadMs: threadCpu() - thread0, processMs: now() - process0, wallMs: performance.now() - wall0 });
  }
  return out;
}

/**
 * CPU time of the calling thread alone (user + system, ms), from Linux's /proc/thread-self/stat in clock ticks
 * (10 ms each, fine over a pass of thousands of files); NaN where there is no such file.
 */
function threadCpu() {
  try {
    const fields = readFileSync('/proc/thread-self/stat', 'utf8');
    const after = fields.slice(fields.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line: 11 and 12 counted from 0 at the state, field 3.
    return ((Number(after[11]) + Number(after[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
const CLOCK_TICKS = 100;

export { lintModel };
export { builtinRules } from ${JSON.stringify(join(repo, 'server/src/rules/registry.ts'))};
export { compilePhraseRule, matchPhrases, compilePatternSource } from ${JSON.stringify(join(repo, 'server/src/rules/phraseMatcher.ts'))};
`;

/** Bundles the probe (engine internals) and returns the path of the CommonJS file. */
export async function buildProbe() {
  const dir = mkdtempSync(join(tmpdir(), 'candor-stages-'));
  writeFileSync(join(dir, 'probe.ts'), PROBE);
  await build({ entryPoints: [join(dir, 'probe.ts')], outfile: join(dir, 'probe.cjs'), bundle: true, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], logLevel: 'error', nodePaths: [join(repo, 'node_modules')] });
  return join(dir, 'probe.cjs');
}

export async function stageTimings(files) {
  const probe = createRequire(import.meta.url)(await buildProbe());
  const { t, models } = probe.run(files);
  // Each rule alone, over every model: the phrase rules through the matcher, the structural ones through check().
  const now = probe.now;
  // V8 compiles a regular expression lazily (bytecode on the first exec, native code once it is hot): what each
  // phrase rule costs a fresh process before any real work, measured as three passes over the rule's own examples
  // minus three more (warm) passes over the same text.
  const coldRegex = {};
  for (const rule of probe.builtinRules.filter((r) => r.kind === 'phrase')) {
    const sample = [...rule.examples.bad, ...rule.examples.good].join('\n');
    const pass = () => { for (let i = 0; i < 3; i++) probe.matchPhrases(probe.compilePhraseRule(rule), sample); };
    const s0 = now();
    pass();
    const s1 = now();
    pass();
    coldRegex[rule.id] = Math.max(0, s1 - s0 - (now() - s1));
  }
  const perRule = {};
  for (const rule of probe.builtinRules) {
    const s = now();
    for (const model of models) {
      if (rule.kind === 'phrase') {
        const compiled = probe.compilePhraseRule(rule);
        for (const segment of model.segments) probe.matchPhrases(compiled, segment.text);
      } else {
        try {
          rule.check(model, {});
        } catch {
          // A rule that throws on a broken template is the engine's business, not the benchmark's.
        }
      }
    }
    perRule[`${rule.kind} rule ${rule.id}`] = now() - s;
  }
  let s = now();
  let findings = 0;
  for (const model of models) findings += probe.lintModel(model).length;
  t['lintModel (all rules, as the CLI runs them)'] = now() - s;
  const segments = models.reduce((n, m) => n + m.segments.length, 0);
  const proseChars = models.reduce((n, m) => n + m.segments.reduce((k, seg) => k + seg.text.length, 0), 0);
  return { stages: t, coldRegex, perRule, findings, segments, proseChars };
}

/**
 * What a run of `passes` says: the warm passes' CPU (median of passes 1 on) and what the first, a fresh isolate's,
 * cost on top of it, on the lint thread and on V8's helper threads.
 */
export function passSummary(results) {
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  const warmPasses = results.slice(1);
  const warm = { threadMs: median(warmPasses.map((p) => p.threadMs)), processMs: median(warmPasses.map((p) => p.processMs)) };
  const first = results[0];
  return {
    warm,
    warmUp: { threadMs: first.threadMs - warm.threadMs, helperMs: first.processMs - first.threadMs - (warm.processMs - warm.threadMs) },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const fileAt = process.argv.indexOf('--file');
  const count = fileAt > 0 ? 1 : Number(/^\d+$/.test(process.argv[2] ?? '') ? process.argv[2] : 1000);
  const corpus = ensureCorpus(count, { log: console.error });
  const files = fileAt > 0 ? [process.argv[fileAt + 1] === 'big' ? corpus.big : process.argv[fileAt + 1] === '5kb' ? corpus.fiveKb : process.argv[fileAt + 1]] : corpus.allFiles;
  const passesAt = process.argv.indexOf('--passes');
  if (passesAt > 0) {
    // The command's V8 flags (bin/v8-flags.js), set before the probe is compiled, so warm-up and steady state are
    // those of a check.
    createRequire(import.meta.url)(join(repo, 'bin', 'v8-flags.js'));
    const probe = createRequire(import.meta.url)(await buildProbe());
    const count = Math.max(2, Number(process.argv[passesAt + 1] ?? 3));
    const results = probe.passes(files, count);
    const summary = passSummary(results);
    if (process.argv.includes('--json')) {
      console.log(JSON.stringify({ files: files.length, passes: results, ...summary }, null, 2));
      process.exit(0);
    }
    const ms = (v) => `${v.toFixed(0)} ms`;
    for (const [pass, { stages, threadMs, processMs, wallMs }] of results.entries()) {
      const total = Object.values(stages).reduce((a, b) => a + b, 0);
      console.log(
        `pass ${pass}: ${total.toFixed(0)} ms CPU (${Object.entries(stages).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}); ` +
          `lint thread ${ms(threadMs)}, V8's helper threads ${ms(processMs - threadMs)}, wall ${ms(wallMs)}`,
      );
    }
    console.log(
      `${files.length} files. Warm (${count > 2 ? `median of passes 1–${count - 1}` : 'pass 1'}): lint thread ${ms(summary.warm.threadMs)}, with V8's helpers ${ms(summary.warm.processMs)}. ` +
        `A fresh isolate's warm-up (pass 0 − warm): lint thread +${ms(summary.warmUp.threadMs)}, V8's helpers +${ms(summary.warmUp.helperMs)}.`,
    );
    process.exit(0);
  }
  const result = await stageTimings(files);
  if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(`${files.length} files, ${result.segments} prose segments, ${(result.proseChars / 1e6).toFixed(2)} M prose chars, ${result.findings} findings`);
    for (const [k, v] of Object.entries(result.stages)) console.log(`${v.toFixed(0).padStart(9)} ms  ${k}`);
    const cold = Object.values(result.coldRegex).reduce((a, b) => a + b, 0);
    console.log(`${cold.toFixed(0).padStart(9)} ms  compiling the phrase rules' regular expressions (first exec, fresh process)`);
    for (const [k, v] of Object.entries(result.perRule).sort((a, b) => b[1] - a[1])) console.log(`${v.toFixed(0).padStart(9)} ms  ${k}`);
  }
}
