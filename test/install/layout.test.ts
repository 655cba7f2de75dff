// The install code's layout (issue 12, section 3): the simulator is its own module that nothing on the real Windows
// path imports; the plan's restart line is derived from the steps; the engine says which journal steps a rollback undoes.
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { undoable } from '../../src/install/engine.js';
import type { JournalDoc } from '../../src/install/journal.js';
import type { Step } from '../../src/install/step.js';
import { restartLine } from '../../src/cli/install/print.js';
import { ROOT } from '../support/cli.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const full = join(dir, e);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('the simulated host is its own module', () => {
  const files = sources(join(ROOT, 'src')).map((f) => ({ file: relative(ROOT, f).split('\\').join('/'), text: readFileSync(f, 'utf8') }));

  it('no production file imports it statically; only the --simulate switch loads it, on demand', () => {
    const importers = files.filter((f) => !f.file.startsWith('src/install/simulated/') && /from '[^']*simulated\/[^']*'/.test(f.text)).map((f) => f.file);
    expect(importers).toEqual([]);
    const dynamic = files.filter((f) => /import\('[^']*install\/simulated\/[^']*'\)/.test(f.text)).map((f) => f.file);
    expect(dynamic).toEqual(['src/cli/target.ts']);
  });

  it('the real executor takes its HTTP client from install/http.ts', () => {
    const win = files.find((f) => f.file === 'src/install/windows/executor.ts')!;
    expect(win.text).toMatch(/from '\.\.\/http\.js'/);
    expect(files.some((f) => f.file === 'src/install/model.ts')).toBe(false);
  });

  it('install\'s CLI is split by mode', () => {
    const cli = files.filter((f) => f.file.startsWith('src/cli/install/')).map((f) => f.file.replace('src/cli/install/', '')).sort();
    for (const part of ['apply.ts', 'params.ts', 'plan.ts', 'print.ts', 'resume.ts', 'rollback.ts']) expect(cli).toContain(part);
    expect(files.some((f) => f.file === 'src/cli/install.ts')).toBe(false);
  });
});

describe('the plan\'s restart line comes from the steps', () => {
  const step = (id: string, reboot: Step['reboot']) => ({ id, reboot }) as Step;
  it.each([
    [[step('files', 'never')], 'Restart: not needed.'],
    [[step('files', 'never'), step('features', 'maybe')], 'Restart: may be needed (features).'],
    [[step('a', 'maybe'), step('b', 'always')], 'Restart: needed (b).'],
    [[], 'Restart: not needed.'],
  ] as [Step[], string][])('%#', (steps, line) => {
    expect(restartLine(steps)).toBe(line);
  });
});

describe('undoable(journal)', () => {
  it('lists the finished and interrupted steps with a capture, last first', () => {
    const steps: JournalDoc['steps'] = [
      { id: 'a', description: 'a', status: 'done', undo: {} },
      { id: 'b', description: 'b', status: 'unchanged' },
      { id: 'c', description: 'c', status: 'failed', undo: { x: 1 } },
      { id: 'd', description: 'd', status: 'started', undo: {} },
      { id: 'e', description: 'e', status: 'pending' },
      { id: 'f', description: 'f', status: 'rolled-back', undo: {} },
      { id: 'g', description: 'g', status: 'done' },
    ];
    expect(undoable({ doc: { steps } as JournalDoc }).map((s) => s.id)).toEqual(['d', 'c', 'a']);
  });
});
