// What the phrase rules' regular expressions cost, compiled several ways, each in a fresh process (V8 caches compiled
// regular expressions by source, so only a fresh process shows compile cost). Usage: node bench/regexCost.mjs [count=1000]
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildProbe } from './stages.mjs';
import { ensureCorpus } from './corpus.mjs';

const BEFORE = "(?<![\\p{L}\\p{N}_'])";
const AFTER = '(?![\\p{L}\\p{N}_])';
const ASCII_BEFORE = "(?<![A-Za-z\\u00C0-\\u024F0-9_'])";
const ASCII_AFTER = '(?![A-Za-z\\u00C0-\\u024F0-9_])';

const VARIANTS = {
  'as today: one regex per rule, word boundaries around every pattern, flags giu': (rules) => rules.map((r) => new RegExp(r.map((src, i) => `(?<p${i}>${BEFORE}(?:${src})${AFTER})`).join('|'), 'giu')),
  'boundaries hoisted: one regex per rule, boundaries once, flags giu': (rules) => rules.map((r) => new RegExp(`${BEFORE}(?:${r.map((src, i) => `(?<p${i}>${src})`).join('|')})${AFTER}`, 'giu')),
  'one regex for every phrase rule, boundaries once, flags giu': (rules) => {
    let k = 0;
    return [new RegExp(`${BEFORE}(?:${rules.map((r) => r.map((src) => `(?<p${k++}>${src})`).join('|')).join('|')})${AFTER}`, 'giu')];
  },
  'one regex per rule, Latin-range boundaries, flags gi (no u)': (rules) => rules.map((r) => new RegExp(`${ASCII_BEFORE}(?:${r.map((src, i) => `(?<p${i}>${src})`).join('|')})${ASCII_AFTER}`, 'gi')),
};

function child(variant, probePath, manifestPath) {
  const probe = createRequire(import.meta.url)(probePath);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const sources = probe.builtinRules.filter((r) => r.kind === 'phrase').map((rule) => rule.patterns.map((p) => probe.compilePatternSource(typeof p === 'string' ? p : p.match)));
  // Prose as the engine sees it: segments of every template (built before the clock starts).
  const texts = [];
  const { models } = probe.run(manifest.allFiles);
  for (const m of models) for (const seg of m.segments) texts.push(seg.text);
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const t0 = cpu();
  let regexes;
  try {
    regexes = VARIANTS[variant](sources);
  } catch (error) {
    return { variant, error: String(error.message).slice(0, 120) };
  }
  let matches = 0;
  const first = [];
  for (const [pass, list] of [[0, texts.slice(0, 50)], [1, texts]]) {
    const s = cpu();
    for (const text of list) for (const re of regexes) { re.lastIndex = 0; while (re.exec(text)) matches++; }
    first[pass] = cpu() - s;
  }
  return { variant, segments: texts.length, compileAndFirst50SegmentsMs: first[0], fullScanMs: first[1], totalMs: cpu() - t0, matches };
}

if (process.argv[2] === '--child') {
  console.log(JSON.stringify(child(process.argv[3], process.argv[4], process.argv[5])));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const corpus = ensureCorpus(Number(process.argv[2] ?? 1000), { log: console.error });
  const probePath = await buildProbe();
  for (const variant of Object.keys(VARIANTS)) {
    const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', variant, probePath, `${corpus.dir}/bench-manifest.json`], { encoding: 'utf8' });
    const r = JSON.parse(out.stdout.trim() || '{}');
    if (r.error) console.log(`${variant}: ${r.error}`);
    else console.log(`${r.compileAndFirst50SegmentsMs.toFixed(0).padStart(7)} ms compile+first 50 segments ${r.fullScanMs.toFixed(0).padStart(7)} ms scan of ${r.segments} segments  ${String(r.matches).padStart(6)} matches  ${variant}`);
  }
}
