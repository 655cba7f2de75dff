import { manualWhenFailed } from '../src/core/fix.js';
import type { Check, Verdict } from '../src/core/types.js';
import { psQuote } from '../src/core/quote.js';
import { fail, listing, pass, unknown } from '../src/core/verdict.js';
import { serviceAccountFact } from '../src/facts/service-account.js';

const RIGHT_NAMES: Record<string, string> = {
  SeBatchLogonRight: 'Log on as a batch job',
  SeServiceLogonRight: 'Log on as a service',
  SeDenyBatchLogonRight: 'Deny log on as a batch job',
  SeDenyServiceLogonRight: 'Deny log on as a service',
};

export const check: Check = {
  id: 'account.service-account',
  title: 'Service account: local administrator with batch and service logon rights',
  category: 'Accounts',
  severity: 'blocking',
  needs: ['serviceAccount'],
  profiles: ['synergy'],
  fix: manualWhenFailed('administrator rights and logon rights of an account are a security decision (and often set by a domain GPO)'),
  rationale:
    'Clickker runs its services, scheduled tasks and IIS application pool as a domain service account. That account needs '
    + 'local administrator rights, "Log on as a batch job" (scheduled tasks) and "Log on as a service", held directly or '
    + 'through a group, and must not be caught by a Deny right. Membership is checked by SID S-1-5-32-544, not by the '
    + 'localized group name.',
  remediation: {
    text: 'Make the service account a local administrator and grant it the logon rights (Local Security Policy > User Rights Assignment, or the GPO that sets them).',
    commands: [{ shell: 'powershell', script: "Add-LocalGroupMember -SID 'S-1-5-32-544' -Member 'DOMAIN\\svc-clickker'" }],
  },
  evaluate({ fact }): Verdict {
    const a = fact(serviceAccountFact);
    const evidence = {
      expected: 'member of Administrators (S-1-5-32-544); Log on as a batch job and as a service; no Deny rights',
      found: { account: a.Account, sid: a.Sid ?? null, isLocalAdmin: a.IsLocalAdmin ?? null, adminVia: a.AdminVia ?? [], rights: a.Rights, groupSource: a.GroupSource ?? null, s4uError: a.S4uError ?? null, lookupError: a.LookupError ?? null },
    };
    if (!a.Resolved) {
      // Standing rule 2: "does not exist" needs a lookup that worked; a DC that did not answer is "could not look".
      if (a.NotFound === true) return fail(`The account ${a.Account} does not exist (the name was looked up and is not known)`, evidence);
      return unknown(a.LookupError
        ? `the account ${a.Account} could not be looked up (${a.LookupError})`
        : `the account ${a.Account} was not resolved to a SID, and this snapshot does not say whether it does not exist or could not be looked up`,
      'Check that a domain controller is reachable from this server and that the name is DOMAIN\\name (or .\\name for a local account), then run the preflight again.', evidence);
    }
    const problems: string[] = [];
    const unknowns: string[] = [];
    const commands: string[] = [];
    if (a.IsLocalAdmin === false) {
      problems.push('not a local administrator');
      commands.push(`Add-LocalGroupMember -SID 'S-1-5-32-544' -Member ${psQuote(a.Account)}`);
    } else if (a.IsLocalAdmin == null) unknowns.push('local Administrators membership');
    for (const right of ['SeBatchLogonRight', 'SeServiceLogonRight'] as const) {
      if (a.Rights[right] === false) problems.push(`lacks "${RIGHT_NAMES[right]}"`);
      else if (a.Rights[right] == null) unknowns.push(`"${RIGHT_NAMES[right]}"`);
    }
    for (const right of ['SeDenyBatchLogonRight', 'SeDenyServiceLogonRight'] as const) {
      if (a.Rights[right] === true) problems.push(`is denied "${RIGHT_NAMES[right]?.replace('Deny l', 'L')}"`);
      else if (a.Rights[right] == null) unknowns.push(`"${RIGHT_NAMES[right]}"`);
    }
    if (problems.length > 0) {
      return fail(`${a.Account} ${listing(problems)}`, evidence, {
        text: 'Fix the account, then run the preflight again. User rights are set in Local Security Policy > Local Policies > User Rights Assignment (secpol.msc), or by the domain GPO that manages them.',
        commands: commands.length ? [{ shell: 'powershell', script: commands.join('\n') }] : undefined,
      });
    }
    if (unknowns.length > 0) {
      const groups = a.GroupSource === 'ldap'
        ? '; its groups came from Active Directory (tokenGroups), which holds no local or well-known groups'
        : a.GroupSource === 'none' ? '; its groups could not be read' : '';
      const s4u = a.S4uError ? ` (no S4U token: ${a.S4uError})` : '';
      return unknown(`could not read ${listing(unknowns)} for ${a.Account}${groups}${s4u}`,
        'Run clickker from an elevated prompt on a domain-joined server that can reach a domain controller, so that group membership and user rights can be read.', evidence);
    }
    return pass(`${a.Account} is a local administrator with batch and service logon rights`, evidence);
  },
};
