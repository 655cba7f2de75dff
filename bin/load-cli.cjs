'use strict';
// Loads the CLI bundle (dist/bundle/cli.cjs) with the V8 code cache made for it at build time (issue 17: start-up).
//
// Node 20 keeps no code cache for ES modules, so every start parsed and compiled ~680 KB of chunks. The bundle is one
// CommonJS file instead, compiled here with vm.Script from the cache that `npm run build` took after training runs
// (scripts/npm-code-cache.mjs): V8 then deserializes the functions a start needs instead of compiling them.
//
// Where the cache lives, and why there: beside the bundle, written by the build (option (a) of issue 17's open
// question). It is exactly as trusted as the bundle: same folder, same owner, shipped in the same npm tarball under its
// integrity hash. A cache written at run time into a per-user folder would be a second, writable place that decides
// what code runs (a code-injection path to guard); this one adds none. The price: it fits only the Node version (and
// V8 flags) that built the package; under another Node the bundle is compiled from source, as before, a little slower.
//
// Why it cannot change what the program does (a release V8 does not checksum a code cache: a flipped byte in one
// crashed node in our tests, so nothing reaches V8 unchecked):
// - the cache file starts with one JSON line: the Node version and architecture it was made for, and the length and
//   CRC-32 of the bundle and of the cache bytes. Anything that does not match (another Node, a rebuilt or edited
//   bundle, a truncated or damaged file, no file) means no cache: the bundle is compiled from source;
// - V8 checks the rest itself (its version, its flags, the source's length) and ignores a cache that does not fit
//   (cachedDataRejected): compiled from source again.
// Why CRC-32 and not SHA-256 (issue 17, session 5): the check is against damage and mismatch, not against an attacker
// (whoever can write the cache can write the bundle beside it, which is the code that runs). A CRC-32 catches every
// burst of damage up to 32 bits and any other change but for one in 2^32, and zlib's costs a fraction of node:crypto,
// which alone loaded ~35 modules at every start (measured: ~8 ms of CPU less per start, the hashing included).
// NODE_DEBUG=clickker-cli says which happened; CLICKKER_CODE_CACHE=0 turns the cache off.
//
// The lazily loaded parts (install, live collection, report renderers) stay lazy: they sit in the bundle as functions
// that run only when a command needs them (esbuild's lazy module wrappers), and V8 compiles a function only when it
// is first called. The real packages imported lazily (yaml, prompts, execa, ora, the live-probe drivers) stay outside
// the bundle and load through this module's import(), passed in (run() below).
const { closeSync, fstatSync, openSync, readFileSync, readSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');
const { debuglog } = require('node:util');

const BUNDLE = join(__dirname, '..', 'dist', 'bundle', 'cli.cjs');
const CACHE = join(__dirname, '..', 'dist', 'bundle', 'cli.v8cache');
/**
 * The name V8 gives the bundle's script in stack traces: the same wherever the package lies. A script compiled from a
 * code cache keeps the name it had when the cache was made (V8 on Node 20, tried: made as /build/x.cjs, loaded as
 * /install/x.cjs, its frames say /build/x.cjs), so the real path would show the builder's folder; the exe does the
 * same (scripts/exe-main.cjs, BUNDLE_ASSET).
 */
const SCRIPT_NAME = 'clickker/dist/bundle/cli.cjs';
const debug = debuglog('clickker-cli');

// The bundle's text is V8's source as it is: scripts/bundle.mjs writes it inside this CommonJS function wrapper (the
// head adds no line, so stack lines stay the bundle's). Wrapping it here at each start made V8 flatten a second copy
// of the 1.3 MB text into its heap (issue 17, session 5: ~320 page faults of a start).
const WRAP_HEAD = '(function (exports, require, module, __filename, __dirname, __clickkerImport) { ';
const WRAP_TAIL = '\n})';

/** Length and CRC-32 of some bytes, as the header writes them (zlib's crc32: Node 20.15 and later). */
const checksum = (bytes) => `${bytes.length}:${require('node:zlib').crc32(bytes).toString(16).padStart(8, '0')}`;

/** The header every cache file starts with (one JSON line): what it was made for and from. */
function cacheHeader(bundleBytes, payload) {
  return { format: 2, node: process.version, arch: process.arch, bundle: checksum(bundleBytes), cache: checksum(payload) };
}

/** The cache file's bytes: the header line, then V8's cache. */
function cacheFile(bundleBytes, payload) {
  return Buffer.concat([Buffer.from(`${JSON.stringify(cacheHeader(bundleBytes, payload))}\n`), payload]);
}

/**
 * A file's bytes, read into `scratch` when they fit (else into a new buffer). A start reads the cache into the
 * bundle's buffer once the bundle's text has been copied out of it: a fresh buffer of that size is fresh memory, and
 * its page faults cost ~2 ms of a start here (issue 17, session 5).
 */
function readInto(file, scratch) {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const into = size <= scratch.length ? scratch.subarray(0, size) : Buffer.allocUnsafe(size);
    let at = 0;
    for (let n = 1; at < size && n > 0; at += n) n = readSync(fd, into, at, size - at, at);
    return into.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}

/**
 * V8's cache bytes from a cache file, or a reason why there are none (never throws). `bundleSum` is the bundle's
 * checksum(); the file is read into `scratch` when it fits.
 */
function readCache(file, bundleSum, scratch = Buffer.alloc(0)) {
  let bytes;
  try {
    bytes = readInto(file, scratch);
  } catch (err) {
    return { reason: `no code cache (${err.code ?? err.message})` };
  }
  const end = bytes.indexOf(10);
  let header;
  try {
    header = end > 0 && end < 1024 ? JSON.parse(bytes.subarray(0, end).toString('utf8')) : null;
  } catch {
    header = null;
  }
  if (header === null || typeof header !== 'object' || header.format !== 2) return { reason: 'code cache without a valid header' };
  if (header.node !== process.version || header.arch !== process.arch) {
    return { reason: `code cache made for Node ${header.node} (${header.arch}), this is ${process.version} (${process.arch})` };
  }
  const payload = bytes.subarray(end + 1);
  if (header.cache !== checksum(payload)) return { reason: 'code cache damaged (its CRC-32 differs)' };
  if (header.bundle !== bundleSum) return { reason: 'code cache made for another bundle' };
  return { payload };
}

/** The bundle's text as V8 gets it (scripts/bundle.mjs wrote the wrapper around it). */
function bundleSource(bundle, bundleBytes) {
  const source = bundleBytes.toString('latin1');
  if (!source.startsWith(WRAP_HEAD) || !source.endsWith(WRAP_TAIL)) throw new Error(`${bundle}: not a bundle made by scripts/bundle.mjs (run npm run build)`);
  return source;
}

/** A vm.Script of the bundle's bytes, from V8 cache bytes when given (V8 ignores them when they do not fit). */
function compileBundle(bundle, bundleBytes, cachedData) {
  return new Script(bundleSource(bundle, bundleBytes), { filename: SCRIPT_NAME, cachedData });
}

/** Compiles the bundle (from the cache when it fits); returns the script and how it was compiled. */
function compile({ bundle = BUNDLE, cache = CACHE, useCache = process.env.CLICKKER_CODE_CACHE !== '0' } = {}) {
  const bundleBytes = readFileSync(bundle);
  // In this order: the bundle's checksum and text are taken before the cache is read into the same buffer.
  const bundleSum = useCache ? checksum(bundleBytes) : undefined;
  const source = bundleSource(bundle, bundleBytes);
  const found = useCache ? readCache(cache, bundleSum, bundleBytes) : { reason: 'code cache turned off (CLICKKER_CODE_CACHE=0)' };
  const script = new Script(source, { filename: SCRIPT_NAME, cachedData: found.payload });
  let how;
  if (found.payload === undefined) how = `${found.reason}: compiled from source`;
  else how = script.cachedDataRejected ? 'code cache rejected by V8: compiled from source' : `code cache accepted (${found.payload.length} bytes)`;
  debug(how);
  return { script, bundle, how };
}

/** Runs the compiled bundle and returns its exports ({ main }). */
function run({ script, bundle }) {
  const module = { exports: {} };
  // The bundle's own require(): Node's built-in modules (all it requires today, each as node:name) from here; anything
  // else from where the bundle lies, as a module of its own would (node:module, with Node's ES module loader behind
  // it, loads only then: issue 17, session 5).
  let nodeRequire;
  const bundleRequire = (id) => (id.startsWith('node:') ? require(id) : (nodeRequire ??= require('node:module').createRequire(bundle))(id));
  // Its import() calls, this module's import() (scripts/bundle.mjs rewrites them: a vm.Script's own import() fails with
  // a code cache on Node 20). The lazy packages resolve from here as from the bundle: both lie in this package.
  const importPackage = (id) => import(id);
  script.runInThisContext()(module.exports, bundleRequire, module, bundle, join(bundle, '..'), importPackage);
  return module.exports;
}

/** The CLI's exports, loaded as described at the top. */
function loadCli(options) {
  return run(compile(options));
}

module.exports = { loadCli, compile, compileBundle, run, cacheFile, BUNDLE, CACHE, WRAP_HEAD, WRAP_TAIL };
