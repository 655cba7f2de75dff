// The README's console screens are copies of the console snapshot tests (test/report/console-screens.test.ts), so
// they cannot drift from what clickker prints: each ```text block preceded by `<!-- screen: <snapshot name> -->` must
// appear, line for line, in that snapshot. Refresh the README from the .snap file when a screen changes on purpose.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';

/** The snapshots of one .snap file by name, as the strings the tests rendered. */
function snapshots(file: string): Map<string, string> {
  const exports: Record<string, string> = {};
  // A .snap file is CommonJS: exports[`name`] = `"value"`; its template literals hold the values jest printed.
  new Function('exports', readFileSync(file, 'utf8'))(exports);
  return new Map(Object.entries(exports).map(([k, v]) => [k, v.replace(/^\n?"|"\n?$/g, '')]));
}

const readme = readFileSync('README.md', 'utf8');
const marked = [...readme.matchAll(/<!-- screen: (.+?) -->\n```text\n([\s\S]*?)\n```/g)].map((m) => ({ name: m[1]!, block: m[2]! }));
const snaps = snapshots('test/report/__snapshots__/console-screens.test.ts.snap');

describe('README console screens', () => {
  it('there are screens to check: the failing host, the endpoint table and a partial run', () => {
    expect(marked.length).toBeGreaterThanOrEqual(3);
  });
  it.each(marked.map((m) => [m.name, m.block] as const))('%s is the snapshot, line for line', (name, block) => {
    const snap = snaps.get(name);
    expect(snap).toBeDefined();
    expect(snap).toContain(block);
  });
});
