import { manualWhenFailed } from '../src/core/fix.js';
import type { Check, Verdict } from '../src/core/types.js';
import { psQuote } from '../src/core/quote.js';
import { fail, listed, pass, remedy, say, unknown } from '../src/core/verdict.js';
import { serviceAccountFact } from '../src/facts/service-account.js';

// The names Local Security Policy shows (secpol.msc, User Rights Assignment), in English and on a Dutch Windows
// ("Toewijzing van gebruikersrechten").
const RIGHT_NAMES: Record<string, { en: string; nl: string }> = {
  SeBatchLogonRight: say('Log on as a batch job', 'Aanmelden als batchtaak'),
  SeServiceLogonRight: say('Log on as a service', 'Aanmelden als service'),
  SeDenyBatchLogonRight: say('Deny log on as a batch job', 'Aanmelden als batchtaak weigeren'),
  SeDenyServiceLogonRight: say('Deny log on as a service', 'Aanmelden als service weigeren'),
};

export const check: Check = {
  id: 'account.service-account',
  title: 'Service account: local administrator with batch and service logon rights',
  category: 'Accounts',
  severity: 'blocking',
  needs: ['serviceAccount'],
  profiles: ['synergy'],
  fix: manualWhenFailed(say(
    'administrator rights and logon rights of an account are a security decision (and often set by a domain GPO)',
    'beheerrechten en aanmeldrechten van een account zijn een beveiligingsbeslissing (en vaak ingesteld door een domein-GPO)',
  )),
  nl: {
    title: 'Serviceaccount: lokale administrator met aanmeldrechten als batchtaak en als service',
    rationale:
      'Clickker draait zijn services, geplande taken (Taakplanner) en IIS-toepassingsgroep als een domeinserviceaccount. Dat account '
      + 'heeft lokale administratorrechten nodig, "Aanmelden als batchtaak" (geplande taken) en "Aanmelden als service", direct of '
      + 'via een groep, en mag niet onder een weigerrecht vallen. Het lidmaatschap wordt gecontroleerd op SID S-1-5-32-544, niet '
      + 'op de (vertaalde) groepsnaam.',
  },
  rationale:
    'Clickker runs its services, scheduled tasks and IIS application pool as a domain service account. That account needs '
    + 'local administrator rights, "Log on as a batch job" (scheduled tasks) and "Log on as a service", held directly or '
    + 'through a group, and must not be caught by a Deny right. Membership is checked by SID S-1-5-32-544, not by the '
    + 'localized group name.',
  remediation: remedy(say(
    'Make the service account a local administrator and grant it the logon rights (Local Security Policy > User Rights Assignment, or the GPO that sets them).',
    'Maak het serviceaccount lokale administrator en geef het de aanmeldrechten (Lokaal beveiligingsbeleid > Toewijzing van gebruikersrechten, of de GPO die ze instelt).',
  ), [{ shell: 'powershell', script: "Add-LocalGroupMember -SID 'S-1-5-32-544' -Member 'DOMAIN\\svc-clickker'" }]),
  evaluate({ fact }): Verdict {
    const a = fact(serviceAccountFact);
    const evidence = {
      expected: 'member of Administrators (S-1-5-32-544); Log on as a batch job and as a service; no Deny rights',
      said: { expected: say('member of Administrators (S-1-5-32-544); Log on as a batch job and as a service; no Deny rights',
        'lid van Administrators (S-1-5-32-544); Aanmelden als batchtaak en Aanmelden als service; geen weigerrechten') },
      found: { account: a.Account, sid: a.Sid ?? null, isLocalAdmin: a.IsLocalAdmin ?? null, adminVia: a.AdminVia ?? [], rights: a.Rights, groupSource: a.GroupSource ?? null, s4uError: a.S4uError ?? null, lookupError: a.LookupError ?? null },
    };
    if (!a.Resolved) {
      // Standing rule 2: "does not exist" needs a lookup that worked; a DC that did not answer is "could not look".
      if (a.NotFound === true) {
        return fail(say(
          `The account ${a.Account} does not exist (the name was looked up and is not known)`,
          `Het account ${a.Account} bestaat niet (de naam is opgezocht en is onbekend)`,
        ), evidence);
      }
      return unknown(a.LookupError
        ? say(`the account ${a.Account} could not be looked up (${a.LookupError})`, `het account ${a.Account} kon niet worden opgezocht (${a.LookupError})`)
        : say(
          `the account ${a.Account} was not resolved to a SID, and this snapshot does not say whether it does not exist or could not be looked up`,
          `het account ${a.Account} is niet naar een SID vertaald, en deze snapshot zegt niet of het niet bestaat of niet kon worden opgezocht`,
        ),
      say(
        'Check that a domain controller is reachable from this server and that the name is DOMAIN\\name (or .\\name for a local account), then run the preflight again.',
        'Controleer of een domeincontroller bereikbaar is vanaf deze server en of de naam DOMEIN\\naam is (of .\\naam voor een lokaal account), en start daarna de controle opnieuw.',
      ), evidence);
    }
    const problems: { en: string; nl: string }[] = [];
    const unknowns: { en: string; nl: string }[] = [];
    const commands: string[] = [];
    if (a.IsLocalAdmin === false) {
      problems.push(say('not a local administrator', 'geen lokale administrator'));
      commands.push(`Add-LocalGroupMember -SID 'S-1-5-32-544' -Member ${psQuote(a.Account)}`);
    } else if (a.IsLocalAdmin == null) unknowns.push(say('local Administrators membership', 'lidmaatschap van de lokale groep Administrators'));
    for (const right of ['SeBatchLogonRight', 'SeServiceLogonRight'] as const) {
      const name = RIGHT_NAMES[right]!;
      if (a.Rights[right] === false) problems.push(say(`lacks "${name.en}"`, `mist "${name.nl}"`));
      else if (a.Rights[right] == null) unknowns.push(say(`"${name.en}"`, `"${name.nl}"`));
    }
    for (const right of ['SeDenyBatchLogonRight', 'SeDenyServiceLogonRight'] as const) {
      const name = RIGHT_NAMES[right]!;
      if (a.Rights[right] === true) problems.push(say(`is denied "${name.en.replace('Deny l', 'L')}"`, `valt onder "${name.nl}"`));
      else if (a.Rights[right] == null) unknowns.push(say(`"${name.en}"`, `"${name.nl}"`));
    }
    const list = (items: { en: string; nl: string }[]) => ({ en: listed(items.map((i) => i.en)).en, nl: listed(items.map((i) => i.nl)).nl });
    if (problems.length > 0) {
      const p = list(problems);
      return fail(say(`${a.Account} ${p.en}`, `${a.Account}: ${p.nl}`), evidence, remedy(say(
        'Fix the account, then run the preflight again. User rights are set in Local Security Policy > Local Policies > User Rights Assignment (secpol.msc), or by the domain GPO that manages them.',
        'Pas het account aan en start daarna de controle opnieuw. Gebruikersrechten staan in Lokaal beveiligingsbeleid > Lokaal beleid > Toewijzing van gebruikersrechten (secpol.msc), of in de domein-GPO die ze beheert.',
      ), commands.length ? [{ shell: 'powershell', script: commands.join('\n') }] : undefined));
    }
    if (unknowns.length > 0) {
      const groups = a.GroupSource === 'ldap'
        ? say('; its groups came from Active Directory (tokenGroups), which holds no local or well-known groups',
          '; de groepen kwamen uit Active Directory (tokenGroups), dat geen lokale of bekende groepen bevat')
        : a.GroupSource === 'none' ? say('; its groups could not be read', '; de groepen konden niet worden gelezen') : say('', '');
      const s4u = a.S4uError ? say(` (no S4U token: ${a.S4uError})`, ` (geen S4U-token: ${a.S4uError})`) : say('', '');
      const u = list(unknowns);
      return unknown(say(`could not read ${u.en} for ${a.Account}${groups.en}${s4u.en}`, `kon ${u.nl} niet lezen voor ${a.Account}${groups.nl}${s4u.nl}`),
        say(
          'Run clickker from an elevated prompt on a domain-joined server that can reach a domain controller, so that group membership and user rights can be read.',
          'Start clickker vanaf een verhoogde prompt op een server in het domein die een domeincontroller kan bereiken, zodat groepslidmaatschap en gebruikersrechten gelezen kunnen worden.',
        ), evidence);
    }
    return pass(say(
      `${a.Account} is a local administrator with batch and service logon rights`,
      `${a.Account} is lokale administrator met de rechten "Aanmelden als batchtaak" en "Aanmelden als service"`,
    ), evidence);
  },
};
