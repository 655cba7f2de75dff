// A snapshot's account facts describe the account it was collected for. Judged with another --service-account,
// they say nothing about that account: both account checks become unknown with "collect again", never a pass for
// whatever account the snapshot happens to hold.
import { HostFacts, type ProbeRecord } from './facts.js';

/** The probes whose data is about one named account, and where that account's name is in their data. */
const ACCOUNT_PROBES: Record<string, (data: unknown) => unknown> = {
  serviceAccount: (d) => (d as { Account?: unknown } | null)?.Account,
  'sql.permissions': (d) => (d as { login?: unknown } | null)?.login,
};

/** Windows account names compare without regard to case (as SQL Server's own sameLogin does). */
export function sameAccount(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * The facts to judge for `account` (the --service-account given now): unchanged when the snapshot was collected for
 * that account (or none was named), otherwise with each account probe replaced by a not-configured record saying so.
 */
export function factsForAccount(facts: HostFacts, account: string | undefined): HostFacts {
  if (account === undefined || account.trim() === '') return facts;
  const replaced: Record<string, ProbeRecord> = {};
  for (const [probe, accountOf] of Object.entries(ACCOUNT_PROBES)) {
    const rec = facts.probes[probe];
    if (!rec) continue;
    const held = rec.ok ? accountOf(rec.data) : undefined;
    if (typeof held === 'string' && sameAccount(held, account)) continue;
    const collectedFor = typeof held === 'string' ? `for ${held}` : 'without this account';
    replaced[probe] = {
      ok: false,
      ms: rec.ms,
      error: { kind: 'not-configured', message: `the snapshot was collected ${collectedFor}; collect again with --service-account ${account}` },
    };
  }
  return Object.keys(replaced).length === 0 ? facts : new HostFacts(facts.host, { ...facts.probes, ...replaced });
}
