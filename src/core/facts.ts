// Facts: typed, validated views of probe data. A probe records raw output; a FactDef says how to read it.
import type * as z from 'zod';

/** How a probe's `data` is read. `schema` accepts what Windows PowerShell 5.1 really prints and normalises it. */
export interface FactDef<T> {
  /** The probe id in the snapshot (`probes.<probe>`). */
  probe: string;
  /** One line for docs and `clickker checks`: what the probe gathers. */
  describe: string;
  schema: z.ZodType<T>;
}

export type ProbeErrorKind =
  | 'timeout' | 'needs-elevation' | 'access-denied' | 'not-found' | 'unsupported'
  | 'not-configured' | 'bad-output' | 'crashed' | 'error';

export type ProbeRecord =
  | { ok: true; data: unknown; ms: number }
  | { ok: false; error: { kind: string; message: string }; ms: number };

/** Thrown by a FactReader; the runner turns it into an `unknown` result carrying `reason`. */
export class FactUnavailable extends Error {
  constructor(readonly probe: string, readonly reason: string) {
    super(reason);
    this.name = 'FactUnavailable';
  }
}

export type FactReader = <T>(def: FactDef<T>) => T;

/** Words an administrator understands for each probe failure kind. */
export function describeProbeError(probe: string, error: { kind: string; message: string }): string {
  switch (error.kind) {
    case 'needs-elevation': return `needs an elevated prompt (probe ${probe}: ${error.message})`;
    case 'timeout': return `probe ${probe} timed out: ${error.message}`;
    case 'not-configured': return error.message;
    case 'unsupported': return `probe ${probe} cannot run here: ${error.message}`;
    default: return `probe ${probe} failed (${error.kind}): ${error.message}`;
  }
}

/** Facts of one host: probe records plus their parsed data, parsed once. */
export class HostFacts {
  private readonly parsed = new Map<string, unknown>();

  constructor(readonly host: string, readonly probes: Readonly<Record<string, ProbeRecord>>) {}

  /** Stores data that the snapshot loader already validated, so checks never parse twice. */
  seed(probe: string, value: unknown): void {
    this.parsed.set(probe, value);
  }

  has(def: FactDef<unknown>): boolean {
    // Data seeded by the snapshot loader or read before passed this same schema: parsing it again cannot fail (in a
    // fleet that second parse was a tenth of the time, issue 17).
    if (this.parsed.has(def.probe)) return true;
    const rec = this.probes[def.probe];
    return rec !== undefined && rec.ok && def.schema.safeParse(rec.data).success;
  }

  read<T>(def: FactDef<T>): T {
    if (this.parsed.has(def.probe)) return this.parsed.get(def.probe) as T;
    const rec = this.probes[def.probe];
    if (rec === undefined) throw new FactUnavailable(def.probe, `no '${def.probe}' facts were collected`);
    if (!rec.ok) throw new FactUnavailable(def.probe, describeProbeError(def.probe, rec.error));
    const result = def.schema.safeParse(rec.data);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new FactUnavailable(def.probe, `probe ${def.probe} returned data of an unexpected shape at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
    }
    this.parsed.set(def.probe, result.data);
    return result.data;
  }
}
