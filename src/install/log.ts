// The install log: one timestamped line per event, under <state-dir>/logs/, appended as the run goes (a crash
// keeps everything written so far). Every line passes through the redactor; secrets are never given to it.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { redactText } from '../report/redact.js';

export class InstallLog {
  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
  }

  static forRun(stateDir: string, kind: 'install' | 'fix', runId: string): InstallLog {
    return new InstallLog(join(stateDir, 'logs', `${kind}-${runId}.log`));
  }

  line(text: string): void {
    const stamp = new Date().toISOString();
    const body = redactText(text).split('\n').map((l, i) => (i === 0 ? l : `    ${l}`)).join('\n');
    appendFileSync(this.file, `${stamp} ${body}\n`);
  }
}
