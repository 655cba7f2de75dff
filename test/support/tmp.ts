// A scratch folder per test file, removed after the file's tests.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from '@jest/globals';

export function scratch(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), `clickker-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write(name: string, content: string | Buffer): string {
      const file = join(dir, name);
      writeFileSync(file, content);
      return file;
    },
  };
}
