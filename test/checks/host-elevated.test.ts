import { describe, expect, it } from '@jest/globals';
import { check } from '../../checks/host-elevated.js';
import { judge } from '../support/checks.js';
import { failed, ok } from '../support/snapshot.js';

const run = (data: Record<string, unknown>) => judge(check.id, { identity: ok({ User: 'CONTOSO\\jdevries', Sid: 'S-1-5-21-1-2-3-1104', ...data }) });

describe('host.elevated', () => {
  it('passes when elevated', () => {
    const r = run({ IsElevated: true, IsAdministratorsMember: true });
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('Elevated as CONTOSO\\jdevries');
  });

  it('warns for an administrator who did not use "Run as administrator"', () => {
    const r = run({ IsElevated: false, IsAdministratorsMember: true });
    expect(r.status).toBe('warn');
    expect(r.summary).toBe('Not elevated: CONTOSO\\jdevries (a member of Administrators, but the prompt was not started with "Run as administrator"); facts that need elevation could not be read');
  });

  it.each([[false], [null]])('warns for a user who is no administrator (membership %j)', (member) => {
    const r = run({ IsElevated: false, IsAdministratorsMember: member });
    expect(r.status).toBe('warn');
    expect(r.summary).toBe('Not elevated: CONTOSO\\jdevries; facts that need elevation could not be read');
  });

  it('is a warning-severity check', () => {
    expect(run({ IsElevated: false }).severity).toBe('warning');
  });

  it('is unknown when the identity probe failed', () => {
    expect(judge(check.id, { identity: failed('crashed', 'boom') }).status).toBe('unknown');
  });
});
