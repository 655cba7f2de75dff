import type { Check } from '../src/core/types.js';
import { pass, warn } from '../src/core/verdict.js';
import { pendingRebootFact, REBOOT_REASONS } from '../src/facts/pending-reboot.js';

export const check: Check = {
  id: 'os.pending-reboot',
  title: 'No restart pending',
  category: 'Operating system',
  severity: 'warning',
  needs: ['pendingReboot'],
  profiles: ['synergy'],
  // A pending restart, found (fail) or only hinted at (warn), is ended by restarting: the administrator's decision.
  fix: () => ({ manual: 'restarting the server is the administrator\'s decision (plan it, then run clickker again)', reboot: 'always' }),
  rationale:
    'Installing IIS role services or .NET Framework on a server that waits for a restart can fail or leave features half '
    + 'installed. Each registry signal found is named, so a stale key can be told from a real pending restart.',
  remediation: {
    text: 'Restart the server at a moment agreed with its users, then run the preflight again.',
    commands: [{ shell: 'powershell', script: 'Restart-Computer' }],
  },
  evaluate({ fact }) {
    const { Reasons } = fact(pendingRebootFact);
    if (Reasons.length === 0) return pass('No restart pending', { expected: 'no pending-restart signals', found: [] });
    const explained = Reasons.map((r) => `${r}: ${REBOOT_REASONS[r] ?? 'a restart is pending'}`);
    return warn(`A restart is pending (${Reasons.join(', ')})`, { expected: 'no pending-restart signals', found: explained, source: 'registry' });
  },
};
