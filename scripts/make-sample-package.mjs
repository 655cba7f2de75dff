#!/usr/bin/env node
// Builds fixtures/packages/clickker-1.0.0.zip (and its .sha256) from fixtures/packages/sample/, deterministically:
// files in sorted order, fixed timestamps, so the committed zip can be checked against its source
// (test/install/package.test.ts). Run: npm run gen:package
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipEntries } from './zip-writer.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SAMPLE_DIR = join(root, 'fixtures', 'packages', 'sample');
export const SAMPLE_ZIP = join(root, 'fixtures', 'packages', 'clickker-1.0.0.zip');

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
}

/** The sample package's bytes, built from fixtures/packages/sample/. */
export function buildSamplePackage() {
  const files = walk(SAMPLE_DIR).map((f) => relative(SAMPLE_DIR, f).split(sep).join('/')).sort();
  return zipEntries(files.map((name) => ({ name, data: readFileSync(join(SAMPLE_DIR, ...name.split('/'))) })));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const zip = buildSamplePackage();
  writeFileSync(SAMPLE_ZIP, zip);
  const sum = createHash('sha256').update(zip).digest('hex');
  writeFileSync(`${SAMPLE_ZIP}.sha256`, `${sum}  clickker-1.0.0.zip\n`);
  console.log(`${relative(root, SAMPLE_ZIP)}: ${zip.length} bytes, sha256 ${sum}`);
}
