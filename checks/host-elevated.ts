import type { Check } from '../src/core/types.js';
import { pass, warn } from '../src/core/verdict.js';
import { identityFact } from '../src/facts/identity.js';

export const check: Check = {
  id: 'host.elevated',
  title: 'Checker runs elevated',
  category: 'Accounts',
  severity: 'warning',
  needs: ['identity'],
  profiles: ['synergy'],
  rationale:
    'Several facts (Windows optional features, user rights, IIS configuration) can only be read from an elevated prompt; '
    + 'without it those checks report "unknown: needs an elevated prompt". The installation itself always needs elevation.',
  remediation: {
    text: 'Start PowerShell or the command prompt with "Run as administrator" and run clickker again.',
    // Start-Process -Verb RunAs is run from the ordinary prompt: it is what asks UAC for the elevated one.
    commands: [{ shell: 'powershell', runAs: 'user', script: 'Start-Process powershell.exe -Verb RunAs' }],
  },
  evaluate({ fact }) {
    const id = fact(identityFact);
    const evidence = { expected: 'an elevated token (Administrators enabled)', found: { User: id.User, IsElevated: id.IsElevated, IsAdministratorsMember: id.IsAdministratorsMember ?? null } };
    if (id.IsElevated) return pass(`Elevated as ${id.User}`, evidence);
    const member = id.IsAdministratorsMember === true ? ' (a member of Administrators, but the prompt was not started with "Run as administrator")' : '';
    return warn(`Not elevated: ${id.User}${member}; facts that need elevation could not be read`, evidence);
  },
};
