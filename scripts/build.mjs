// Bundles the CLI, the language server and the extension client with esbuild, and compiles the tests.
import { build } from 'esbuild';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';

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

await Promise.all([
  build({ ...common, entryPoints: { cli: 'server/src/cli/main.ts', server: 'server/src/server.ts' }, outdir: 'dist' }),
  build({ ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] }),
]);
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
