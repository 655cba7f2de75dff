// The package's verification requests, made once everything is in place: each URL must answer the expected status.
// A freshly configured application pool can take a moment to start, so each request is retried a few times.
import type { VerifySpec } from './manifest.js';
import type { StepContext } from './step.js';
import { templateValues } from './steps/config.js';
import { render } from './template.js';

export interface VerifyResult {
  name: string;
  url: string;
  expected: number;
  /** The status received, or the error. */
  got: number | string;
  ok: boolean;
}

export interface VerifyOptions {
  attempts?: number;
  delayMs?: number;
  timeoutMs?: number;
}

export function verifyUrl(ctx: Pick<StepContext, 'params' | 'pkg' | 'secrets'>, spec: VerifySpec): string {
  const values = templateValues({ ...ctx, secrets: { values: {} } });
  return render(spec.url, values, 'text');
}

export async function runVerification(ctx: StepContext, specs: readonly VerifySpec[], o: VerifyOptions = {}): Promise<VerifyResult[]> {
  const attempts = o.attempts ?? 5;
  const out: VerifyResult[] = [];
  for (const spec of specs) {
    const url = verifyUrl(ctx, spec);
    let got: number | string = 'not tried';
    for (let i = 0; i < attempts; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, o.delayMs ?? 2000));
      const r = await ctx.exec.http.get(url, o.timeoutMs ?? 10_000);
      got = 'status' in r ? r.status : r.error;
      if (got === spec.expectStatus) break;
    }
    out.push({ name: spec.name, url, expected: spec.expectStatus, got, ok: got === spec.expectStatus });
  }
  return out;
}
