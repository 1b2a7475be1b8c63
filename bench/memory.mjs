// Where the retained memory of a lint goes: heap held per template model (what the CLI keeps for the cross-file
// rule and the server keeps per file), and how much of it is the per-character source maps of prose segments.
// Usage: node --expose-gc bench/memory.mjs [count=1000]
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildProbe } from './stages.mjs';
import { ensureCorpus } from './corpus.mjs';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!global.gc) throw new Error('run with node --expose-gc');
  const corpus = ensureCorpus(Number(process.argv[2] ?? 1000), { log: console.error });
  const probe = createRequire(import.meta.url)(await buildProbe());
  const heap = () => { global.gc(); return process.memoryUsage().heapUsed / 2 ** 20; };
  const before = heap();
  const { models } = probe.run(corpus.allFiles, { paths: false });
  const withoutPaths = heap();
  for (const m of models) void m.paths;
  const withModels = heap();
  const findings = models.map((m) => probe.lintModel(m));
  const withFindings = heap();
  let mapEntries = 0;
  let proseChars = 0;
  for (const m of models) for (const s of m.segments) { mapEntries += s.offsets.pieces.length; proseChars += s.text.length; }
  void findings;
  const mb = (v) => `${v.toFixed(1)} MB`;
  console.log(`${models.length} models (${(corpus.bytes / 2 ** 20).toFixed(1)} MB of templates): ${mb(withModels - before)} of heap, ${((withModels - before) * 1024 / models.length).toFixed(1)} KB per file`);
  console.log(`  of which message paths (computed lazily, kept): ${mb(withModels - withoutPaths)}`);
  console.log(`  source maps: ${mapEntries} numbers (three per piece) for ${proseChars} prose characters, ${mb(mapEntries * 4 / 2 ** 20)} in Int32Arrays`);
  console.log(`  findings: ${mb(withFindings - withModels)} for ${findings.reduce((n, f) => n + f.length, 0)} findings`);
  console.log(`  RSS now ${mb(process.memoryUsage().rss / 2 ** 20)}`);
}
