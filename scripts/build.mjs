// Bundles the CLI, the language server and the extension client with esbuild, and compiles the tests.
import { build } from 'esbuild';
import { appendFileSync, readdirSync, readFileSync, statSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const watch = process.argv.includes('--watch');
const common = { mainFields: ['module', 'main'], bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };

function testFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) { if (name !== 'fixtures') out.push(...testFiles(p)); }
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/**
 * The YAML library, in a bundle of its own next to the CLI's (dist/yaml.js), which the CLI requires on first use
 * (server/src/nodeModules.ts): only front matter the simple reader does not take needs it, and inside dist/cli.js
 * its 260 KB were read, and its functions deserialised from the code cache, by every run (≈ 9 ms of a one-file
 * check). The language server keeps it inside its bundle: the extension ships dist/server.js alone.
 */
const yamlApart = {
  name: 'yaml-apart',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^yaml$/ }, () => ({ path: './yaml.js', external: true }));
  },
};

/**
 * jsonc-parser's modules have no side effects, but its package does not say so: without this, esbuild keeps the
 * top level of every module it imports, used or not. Its formatter's whitespace tables (`impl/string-intern.js`:
 * 1,220 strings, ≈ 280 KB built when the bundle starts) are the one that costs; Candor only parses.
 */
const jsoncWithoutSideEffects = {
  name: 'jsonc-without-side-effects',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.jsonc || !(args.path === 'jsonc-parser' || /[\\/]node_modules[\\/]jsonc-parser[\\/]/.test(args.importer))) return undefined;
      const resolved = await pluginBuild.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { jsonc: true } });
      return resolved.errors.length ? undefined : { path: resolved.path, sideEffects: false };
    });
  },
};

await Promise.all([
  build({ ...common, entryPoints: { cli: 'server/src/cli/main.ts' }, outdir: 'dist', plugins: [yamlApart, jsoncWithoutSideEffects] }),
  build({ ...common, entryPoints: { yaml: 'yaml' }, outdir: 'dist' }),
  build({ ...common, entryPoints: { server: 'server/src/server.ts' }, outdir: 'dist', plugins: [jsoncWithoutSideEffects] }),
  build({ ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] }),
]);
asciiOnly('dist/cli.js');
markBundle('dist/cli.js');
writeCodeCache();
const tests = await build({
  ...common,
  entryPoints: testFiles('test'),
  outdir: 'out/test',
  outbase: 'test',
  packages: 'external',
  metafile: true,
});
// Remove compiled tests whose source is gone; files are overwritten in place, never deleted and rewritten,
// so a test run going on at the same time never finds its files missing.
const written = new Set(Object.keys(tests.metafile.outputs).map((p) => join(p)));
for (const file of walk('out/test')) if (!written.has(file)) rmSync(file, { force: true });

function walk(dir) {
  const out = [];
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}
if (watch) console.log('built');

/**
 * Ends the bundle with the SHA-1 of its content, which bin/candor.js compares with the hash its code cache was
 * made for (so it never hashes the bundle itself). After the source map comment, so the map's lines still hold.
 */
function markBundle(file) {
  const hash = createHash('sha1').update(readFileSync(file)).digest('hex');
  appendFileSync(file, `\n//# candorBundleSha1=${hash}\n`);
}

/**
 * Escapes the few non-ASCII characters esbuild leaves in the CLI bundle (in comments, regular-expression literals and
 * `String.raw` templates that become expressions) as `\uXXXX`, which reads the same in each of those places. Node
 * reads an all-ASCII file into a one-byte string: half the memory of the two-byte string one such character makes of
 * the whole 800 KB bundle, and less to copy and hash at every start. (A `String.raw` template that is not an
 * expression's source would keep the escape as text: there is none.) Columns after an escape on its line move in
 * the source map.
 */
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8');
  const escaped = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (escaped !== text) writeFileSync(file, escaped);
}

/**
 * V8's code cache for dist/cli.js (read by bin/candor.js): made by running `candor check` over the examples once,
 * so it holds the functions a check compiles, not only the bundle's top level. It only saves start-up time, so a
 * failure to make it is a warning; a cache left from an older bundle is deleted first (bin/candor.js would not use
 * it anyway: it checks the bundle's hash).
 */
function writeCodeCache() {
  const cache = 'dist/cli.js.cache';
  rmSync(cache, { force: true });
  const run = spawnSync(process.execPath, ['../bin/candor.js', 'check', '--format', 'json', '.'], {
    cwd: 'examples',
    env: { ...process.env, CANDOR_PRODUCE_CODE_CACHE: '1', CANDOR_WORKERS: '1' },
    encoding: 'utf8',
  });
  if (!existsSync(cache)) console.warn(`build: no code cache for dist/cli.js (candor check exited with ${run.status}): ${run.stderr || run.error}`);
}
