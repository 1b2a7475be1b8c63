// Where `candor check` allocates: runs the CLI in this process on one thread (CANDOR_WORKERS=1) under V8's sampling
// heap profiler, counting objects the garbage collector has already freed too, and prints the bytes allocated per
// function and per source module. Allocation volume is what drives the scavenges (GC is 15–19 % of a worker's time).
// Usage: node bench/allocations.mjs [count=1000] [top=30] [--callers <function>]
// (--callers join: who calls a builtin such as `join` or `slice`, by the bytes it allocates for them.)
import { Session } from 'node:inspector';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus } from './corpus.mjs';
import { bundleModules, moduleAt } from './profile.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const callersAt = process.argv.indexOf('--callers');
const callersOf = callersAt > 0 ? process.argv[callersAt + 1] : undefined;
const [count = '1000', top = '30'] = process.argv.slice(2).filter((_, i, all) => all[i] !== '--callers' && all[i - 1] !== '--callers');
const corpus = ensureCorpus(Number(count), { log: console.error });
const session = new Session();
session.connect();
const post = (method, params) =>
  new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));

await post('HeapProfiler.enable');
await post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
process.env.CANDOR_WORKERS = '1';
process.argv = [process.argv[0], 'candor', 'check', corpus.dir, '--format', 'json', '-o', join(tmpdir(), 'candor-allocations.json')];
const bundle = join(repo, 'dist', 'cli.js');
createRequire(import.meta.url)(bundle).main();

let reported = false;
process.on('beforeExit', async () => {
  if (reported) return;
  reported = true;
  const { profile } = await post('HeapProfiler.stopSampling');
  const marks = bundleModules(bundle);
  const byFunction = new Map();
  const byModule = new Map();
  const byCaller = new Map();
  let total = 0;
  const keyOf = (frame) => {
    const inBundle = frame.url.endsWith('dist/cli.js');
    const module = inBundle ? moduleAt(marks, frame.lineNumber + 1) : frame.url.replace(/^file:\/\//, '') || '(V8)';
    return { module, key: `${frame.functionName || '(anonymous)'} [${module}${inBundle ? `:${frame.lineNumber + 1}` : ''}]` };
  };
  const visit = (node, parent) => {
    const bytes = node.selfSize;
    if (bytes) {
      const { module, key } = keyOf(node.callFrame);
      byFunction.set(key, (byFunction.get(key) ?? 0) + bytes);
      byModule.set(module, (byModule.get(module) ?? 0) + bytes);
      if (callersOf && node.callFrame.functionName === callersOf && parent) {
        const caller = keyOf(parent.callFrame).key;
        byCaller.set(caller, (byCaller.get(caller) ?? 0) + bytes);
      }
      total += bytes;
    }
    for (const child of node.children) visit(child, node);
  };
  visit(profile.head, undefined);
  const mb = (bytes) => `${(bytes / 1048576).toFixed(1).padStart(8)} MB ${((100 * bytes) / total).toFixed(1).padStart(5)}%`;
  console.log(`allocated (sampled) ${(total / 1048576).toFixed(1)} MB over ${corpus.files ?? count} templates`);
  for (const [key, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`${mb(bytes)}  ${key}`);
  if (callersOf) {
    console.log(`\ncallers of ${callersOf}:`);
    for (const [key, bytes] of [...byCaller].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${mb(bytes)}  ${key}`);
  }
  console.log('\nby module:');
  for (const [key, bytes] of [...byModule].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${mb(bytes)}  ${key}`);
  session.disconnect();
});
