import type { Check } from '../src/core/types.js';
import { manual, pass, remedy, say, warn } from '../src/core/verdict.js';
import { pendingRebootFact, REBOOT_REASONS } from '../src/facts/pending-reboot.js';

/** The expected value in both languages (the evidence keeps the English for JSON readers). */
const NO_SIGNALS = { expected: say('no pending-restart signals', 'geen signalen van een herstart in behandeling') };

export const check: Check = {
  id: 'os.pending-reboot',
  title: 'No restart pending',
  category: 'Operating system',
  severity: 'warning',
  needs: ['pendingReboot'],
  profiles: ['synergy'],
  // A pending restart, found (fail) or only hinted at (warn), is ended by restarting: the administrator's decision.
  fix: () => manual(say(
    'restarting the server is the administrator\'s decision (plan it, then run clickker again)',
    'de server herstarten is de beslissing van de beheerder (plan het en voer clickker daarna opnieuw uit)',
  ), 'always'),
  nl: {
    title: 'Geen herstart in behandeling',
    rationale:
      'IIS-rolservices of .NET Framework installeren op een server die op een herstart wacht, kan mislukken of onderdelen half '
      + 'geïnstalleerd achterlaten. Elk gevonden registersignaal wordt genoemd, zodat een achtergebleven sleutel te onderscheiden is van een echte herstart in behandeling.',
  },
  rationale:
    'Installing IIS role services or .NET Framework on a server that waits for a restart can fail or leave features half '
    + 'installed. Each registry signal found is named, so a stale key can be told from a real pending restart.',
  remediation: remedy(say(
    'Restart the server at a moment agreed with its users, then run the preflight again.',
    'Herstart de server op een moment dat met de gebruikers is afgesproken en start daarna de controle opnieuw.',
  ), [{ shell: 'powershell', script: 'Restart-Computer' }]),
  evaluate({ fact }) {
    const { Reasons } = fact(pendingRebootFact);
    if (Reasons.length === 0) return pass(say('No restart pending', 'Geen herstart in behandeling'), { expected: 'no pending-restart signals', found: [], said: NO_SIGNALS });
    const explained = Reasons.map((r) => `${r}: ${REBOOT_REASONS[r] ?? 'a restart is pending'}`);
    return warn(say(`A restart is pending (${Reasons.join(', ')})`, `Er is een herstart in behandeling (${Reasons.join(', ')})`),
      { expected: 'no pending-restart signals', found: explained, source: 'registry', said: NO_SIGNALS });
  },
};
