// zod runs without its JIT (src/core/zod-setup.ts, issue 17): every module that builds a schema imports the setup
// first, so no schema is built before the setting is in place.
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { loadSnapshot } from '../../src/facts/snapshot.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

describe('zod setup', () => {
  it('is imported by every source file that imports zod as a value', () => {
    const files = [...sources('src'), ...sources('checks')].filter((f) => /^import (?!type)[^\n]*from 'zod(\/[^']*)?';/m.test(readFileSync(f, 'utf8')));
    expect(files.length).toBeGreaterThan(20);
    const missing = files.filter((f) => f !== join('src', 'core', 'zod-setup.ts') && !/^import '(\.\.?\/)+(core\/)?zod-setup\.js';/m.test(readFileSync(f, 'utf8')));
    expect(missing).toEqual([]);
  });

  it('turns the JIT off once a schema module is loaded', () => {
    loadSnapshot('fixtures/hosts/ws2019-ready.json');
    expect(z.config().jitless).toBe(true);
  });
});
