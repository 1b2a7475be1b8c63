#!/usr/bin/env node
// Entry point of the `candor` command: runs the bundled CLI (dist/cli.js).
'use strict';

// V8's flags for a command-line run, set before the bundle is compiled (see the file).
require('./v8-flags.js');

const { existsSync, readFileSync, writeFileSync, renameSync } = require('node:fs');
const { dirname, join } = require('node:path');
const Module = require('node:module');
const vm = require('node:vm');

const bundle = join(__dirname, '..', 'dist', 'cli.js');
// V8's code cache for the bundle, written by the build (scripts/build.mjs) next to it: compiling the bundle's
// functions is a large part of a short run. Only V8 reads it, and only for the exact bundle it was made from.
const cacheFile = `${bundle}.cache`;

/** The line the build ends the bundle with: the SHA-1 of everything before it (see scripts/build.mjs). */
const ID_LINE = '\n//# candorBundleSha1=';

/** `CANDOR_DEBUG=startup`: says whether the bundle was loaded with its code cache, and if not, why. */
const startup = /\bstartup\b/.test(process.env.CANDOR_DEBUG || '') ? (message) => process.stderr.write(`candor: startup: ${message}\n`) : () => {};

/**
 * Loads the bundle as `require` would, but compiled with the code cache when there is a valid one. V8 rejects
 * a cache made by another Node version or with other flags; the cache also names the SHA-1 of the bundle it was
 * made for (V8 itself only compares the source length), so a rebuilt bundle never runs with a stale cache. The
 * build writes that hash at the end of the bundle: reading it is free, hashing the bundle here (and loading
 * node:crypto to do it) cost ≈ 5 ms of every run. A bundle without the line (not made by the build) runs
 * without a cache.
 */
function loadBundle(produce) {
  if (!produce && !existsSync(cacheFile)) {
    startup('no code cache next to the bundle: compiling it');
    return require(bundle);
  }
  const source = readFileSync(bundle, 'utf8');
  const at = source.lastIndexOf(ID_LINE);
  const hash = at < 0 ? '' : source.slice(at + ID_LINE.length, at + ID_LINE.length + 40);
  if (!/^[0-9a-f]{40}$/.test(hash)) {
    startup('the bundle was not made by the build (no hash line): compiling it without a code cache');
    return require(bundle);
  }
  let cachedData;
  if (!produce) {
    try {
      const data = readFileSync(cacheFile);
      // Layout: 40 hex digits (the source's SHA-1), a line break, then V8's data.
      if (data.toString('latin1', 0, 40) === hash && data[40] === 10) cachedData = data.subarray(41);
    } catch {
      // No readable cache: compile as usual.
    }
    if (!cachedData) {
      startup('the code cache was made for another bundle, or cannot be read: compiling the bundle');
      return require(bundle);
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  if (produce) startup('compiling the bundle; its code cache is written when the run ends');
  else if (script.cachedDataRejected) startup('V8 rejected the code cache (made by another Node version, or with other V8 flags): compiled the bundle');
  else startup('code cache used');
  const module = new Module(bundle, require.main);
  module.filename = bundle;
  module.paths = Module._nodeModulePaths(dirname(bundle));
  // Registered like a required module, so anything requiring dist/cli.js gets this instance.
  Module._cache[bundle] = module;
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(bundle), module, bundle, dirname(bundle));
  module.loaded = true;
  if (produce) {
    // After the run, so the functions a check compiles lazily are in the cache too.
    process.on('exit', () => {
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temporary, Buffer.concat([Buffer.from(`${hash}\n`, 'latin1'), script.createCachedData()]));
      renameSync(temporary, cacheFile);
    });
  }
  return module.exports;
}

loadBundle(process.env.CANDOR_PRODUCE_CODE_CACHE === '1').main();
