// Facts: typed, validated views of probe data. A probe records raw output; a FactDef says how to read it.
import type * as z from 'zod/mini';
import { say, type Msg } from './text.js';

/** How a probe's `data` is read. `schema` accepts what Windows PowerShell 5.1 really prints and normalises it. */
export interface FactDef<T> {
  /** The probe id in the snapshot (`probes.<probe>`). */
  probe: string;
  /** One line for docs and `clickker checks`: what the probe gathers. */
  describe: string;
  /** `describe` in Dutch (clickker explain --lang nl). */
  describeNl: string;
  schema: z.ZodMiniType<T>;
}

export type ProbeErrorKind =
  | 'timeout' | 'needs-elevation' | 'access-denied' | 'not-found' | 'unsupported'
  | 'not-configured' | 'bad-output' | 'crashed' | 'error';

export type ProbeRecord =
  | { ok: true; data: unknown; ms: number }
  | { ok: false; error: { kind: string; message: string }; ms: number };

/**
 * Thrown by a FactReader; the runner turns it into an `unknown` result carrying `reason`. It is control flow, not a
 * bug: the runner never reads its stack (a crash's stack is what --verbose shows), so none is captured. Capturing one
 * per missing fact was 4 % of judging a fleet (issue 17, --cpu-prof); its probe and reason say where it came from.
 */
export class FactUnavailable extends Error {
  /** The English reason (JSON, logs); `why` holds it in both languages. */
  readonly reason: string;
  readonly probe: string;
  readonly why: Msg;

  // Fields assigned after super(), not parameter properties: with a statement before super() those were compiled to a
  // spread-arguments helper for each error (issue 17, --cpu-prof).
  constructor(probe: string, why: Msg) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(why.en);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.probe = probe;
    this.why = why;
    this.reason = why.en;
    this.name = 'FactUnavailable';
  }
}

export type FactReader = <T>(def: FactDef<T>) => T;

/** The collector's record of the SQL probes when no SQL Server was given (the SQL source and the live run's fallback). */
export const NO_SQL_SERVER_GIVEN = 'no SQL Server was given (--sql-server HOST[\\INSTANCE][,PORT])';

/** Words an administrator understands for each probe failure kind. */
// The probe's message is a value (Windows' or PowerShell's own words, or the collector's), quoted as it is.
export function describeProbeError(probe: string, error: { kind: string; message: string }): Msg {
  const m = error.message;
  switch (error.kind) {
    case 'needs-elevation': return say(`needs an elevated prompt (probe ${probe}: ${m})`, `vereist een verhoogde prompt (meting ${probe}: ${m})`);
    case 'timeout': return say(`probe ${probe} timed out: ${m}`, `meting ${probe} duurde te lang: ${m}`);
    // The collector's own words for what was not given (src/probes/sql/index.ts; older snapshots phrase them alike).
    case 'not-configured': {
      if (/^no SQL Server was given/i.test(m)) return say(m, 'er is geen SQL Server opgegeven: geef --sql-server HOST[\\INSTANCE][,PORT] op');
      if (/^no service account was given/i.test(m)) return say(m, 'er is geen serviceaccount opgegeven: geef --service-account DOMEIN\\naam op');
      return say(m, `niet ingesteld: ${m}`);
    }
    case 'unsupported': return say(`probe ${probe} cannot run here: ${m}`, `meting ${probe} kan hier niet draaien: ${m}`);
    default: return say(`probe ${probe} failed (${error.kind}): ${m}`, `meting ${probe} mislukt (${error.kind}): ${m}`);
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
    const known = this.parsed.get(def.probe);
    if (known !== undefined || this.parsed.has(def.probe)) return known as T;
    const rec = this.probes[def.probe];
    if (rec === undefined) throw new FactUnavailable(def.probe, say(`no '${def.probe}' facts were collected`, `er zijn geen gegevens van '${def.probe}' verzameld`));
    if (!rec.ok) throw new FactUnavailable(def.probe, describeProbeError(def.probe, rec.error));
    const result = def.schema.safeParse(rec.data);
    if (!result.success) {
      const issue = result.error.issues[0];
      const at = `${issue?.path.join('.') || '(root)'}: ${issue?.message}`;
      throw new FactUnavailable(def.probe, say(`probe ${def.probe} returned data of an unexpected shape at ${at}`, `meting ${def.probe} gaf gegevens in een onverwachte vorm bij ${at}`));
    }
    this.parsed.set(def.probe, result.data);
    return result.data;
  }
}
