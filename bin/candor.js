#!/usr/bin/env node
// Entry point of the `candor` command: runs the bundled CLI (dist/cli.js).
'use strict';

// V8's flags for a command-line run, set before the bundle is compiled (see the file).
require('./v8-flags.js');

const { closeSync, existsSync, fstatSync, openSync, readSync, writeFileSync, renameSync } = require('node:fs');
const { isAscii } = require('node:buffer');
const { dirname, join } = require('node:path');
const Module = require('node:module');
const vm = require('node:vm');

const bundle = join(__dirname, '..', 'dist', 'cli.js');
// V8's code cache for the bundle, written by the build (scripts/build.mjs) next to it: compiling the bundle's
// functions is a large part of a short run. Only V8 reads it, and only for the exact bundle it was made from.
const cacheFile = `${bundle}.cache`;

/** The line the build ends the bundle with: the SHA-1 of everything before it (see scripts/build.mjs). */
const ID_LINE = '\n//# candorBundleSha1=';

/**
 * The cache file starts with a header of 48 bytes: the SHA-1 of the bundle it was made for (40 hex digits), then
 * " candor\n". V8's data follows at a multiple of 8 bytes from the start of the file: V8 copies data that is not
 * aligned so before reading it (≈ 170 fresh memory pages for a 690 KB cache, each a page fault).
 */
const CACHE_HEADER = (hash) => `${hash} candor\n`;
const CACHE_HEADER_BYTES = 48;

/** `CANDOR_DEBUG=startup`: says whether the bundle was loaded with its code cache, and if not, why. */
const startup = /\bstartup\b/.test(process.env.CANDOR_DEBUG || '') ? (message) => process.stderr.write(`candor: startup: ${message}\n`) : () => {};

/** Reads up to `size` bytes of an open file into `buffer` at `offset`; returns the count read (less at the file's end). */
function readInto(fd, buffer, offset, size) {
  let read = 0;
  for (let n; read < size && (n = readSync(fd, buffer, offset + read, size - read, null)) > 0; ) read += n;
  return read;
}

/**
 * The bundle's source wrapped as `require` wraps a module (`Module.wrap`), made as one flat string: the file is
 * read into a buffer between the wrapper's two parts and decoded once. (`Module.wrap(readFileSync(bundle, 'utf8'))`
 * decodes UTF-8 into one copy and joins the parts into a second one when V8 reads it: two more 800 KB strings.)
 * The build makes the bundle ASCII-only; a bundle that is not is decoded as UTF-8. The buffer, at least
 * `reserve` bytes long, is returned for the code cache to be read into: the string is a copy, and each fresh page
 * of memory a run touches costs a page fault.
 */
function wrappedSource(reserve) {
  const [before, after] = Module.wrapper;
  const fd = openSync(bundle, 'r');
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.allocUnsafeSlow(Math.max(before.length + size + after.length, reserve));
    buffer.latin1Write(before, 0);
    // A file that shrank while it was read ends where the reading did.
    const read = readInto(fd, buffer, before.length, size);
    const end = before.length + read + buffer.latin1Write(after, before.length + read);
    return { source: isAscii(buffer.subarray(0, end)) ? buffer.latin1Slice(0, end) : buffer.utf8Slice(0, end), buffer };
  } finally {
    closeSync(fd);
  }
}

/** The code cache file, open, and its size; undefined when there is none that can be opened. */
function openCache() {
  let fd;
  try {
    fd = openSync(cacheFile, 'r');
    return { fd, size: fstatSync(fd).size };
  } catch {
    if (fd !== undefined) closeSync(fd);
    return undefined;
  }
}

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
  const cache = produce ? undefined : openCache();
  let source;
  let cachedData;
  let hash;
  try {
    const wrapped = wrappedSource(cache ? cache.size : 0);
    source = wrapped.source;
    const at = source.lastIndexOf(ID_LINE);
    hash = at < 0 ? '' : source.slice(at + ID_LINE.length, at + ID_LINE.length + 40);
    if (!/^[0-9a-f]{40}$/.test(hash)) {
      startup('the bundle was not made by the build (no hash line): compiling it without a code cache');
      return require(bundle);
    }
    if (cache) {
      try {
        const read = readInto(cache.fd, wrapped.buffer, 0, cache.size);
        if (read > CACHE_HEADER_BYTES && wrapped.buffer.latin1Slice(0, CACHE_HEADER_BYTES) === CACHE_HEADER(hash)) cachedData = wrapped.buffer.subarray(CACHE_HEADER_BYTES, read);
      } catch {
        // No readable cache: compile as usual.
      }
    }
  } finally {
    if (cache) closeSync(cache.fd);
  }
  if (!produce && !cachedData) {
    startup('the code cache was made for another bundle, or cannot be read: compiling the bundle');
    return require(bundle);
  }
  const script = new vm.Script(source, { filename: bundle, cachedData });
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
      writeFileSync(temporary, Buffer.concat([Buffer.from(CACHE_HEADER(hash), 'latin1'), script.createCachedData()]));
      renameSync(temporary, cacheFile);
    });
  }
  return module.exports;
}

loadBundle(process.env.CANDOR_PRODUCE_CODE_CACHE === '1').main();
