import type { Check } from '../src/core/types.js';
import { pass, remedy, say, warn } from '../src/core/verdict.js';
import { identityFact } from '../src/facts/identity.js';

export const check: Check = {
  id: 'host.elevated',
  title: 'Checker runs elevated',
  category: 'Accounts',
  severity: 'warning',
  needs: ['identity'],
  profiles: ['synergy'],
  nl: {
    title: 'De controle draait met verhoogde rechten',
    rationale:
      'Een aantal gegevens (Windows-functies, gebruikersrechten, de IIS-configuratie) is alleen te lezen vanaf een verhoogde prompt; '
      + 'zonder die prompt melden die controles "onbekend: vereist een verhoogde prompt". De installatie zelf vereist altijd verhoogde rechten.',
  },
  rationale:
    'Several facts (Windows optional features, user rights, IIS configuration) can only be read from an elevated prompt; '
    + 'without it those checks report "unknown: needs an elevated prompt". The installation itself always needs elevation.',
  // Start-Process -Verb RunAs is run from the ordinary prompt: it is what asks UAC for the elevated one.
  remediation: remedy(say(
    'Start PowerShell or the command prompt with "Run as administrator" and run clickker again.',
    'Start PowerShell of de opdrachtprompt met "Als administrator uitvoeren" en voer clickker opnieuw uit.',
  ), [{ shell: 'powershell', runAs: 'user', script: 'Start-Process powershell.exe -Verb RunAs' }]),
  evaluate({ fact }) {
    const id = fact(identityFact);
    const evidence = {
      expected: 'an elevated token (Administrators enabled)',
      said: { expected: say('an elevated token (Administrators enabled)', 'een verhoogd token (Administrators ingeschakeld)') },
      found: { User: id.User, IsElevated: id.IsElevated, IsAdministratorsMember: id.IsAdministratorsMember ?? null } };
    if (id.IsElevated) return pass(say(`Elevated as ${id.User}`, `Verhoogd als ${id.User}`), evidence);
    const member = id.IsAdministratorsMember === true
      ? say(' (a member of Administrators, but the prompt was not started with "Run as administrator")', ' (lid van Administrators, maar de prompt is niet gestart met "Als administrator uitvoeren")')
      : say('', '');
    return warn(say(
      `Not elevated: ${id.User}${member.en}; facts that need elevation could not be read`,
      `Niet verhoogd: ${id.User}${member.nl}; gegevens die verhoogde rechten vereisen konden niet worden gelezen`,
    ), evidence);
  },
};
