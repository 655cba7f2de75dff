import { describe, expect, it } from '@jest/globals';
import { check } from '../../checks/os-pending-reboot.js';
import { cloneRequirements, judge } from '../support/checks.js';
import { failed, ok } from '../support/snapshot.js';

const run = (Reasons: unknown, o = {}) => judge(check.id, { pendingReboot: ok({ Reasons }) }, o);

describe('os.pending-reboot', () => {
  it.each([[[]], [null]])('passes with no signals (%j)', (reasons) => {
    const r = run(reasons);
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('No restart pending');
  });

  it('warns for one signal printed as a bare string (a one-item pipeline in PS 5.1)', () => {
    const r = run('CBS.RebootPending');
    expect(r.status).toBe('warn');
    expect(r.summary).toBe('A restart is pending (CBS.RebootPending)');
    expect(r.evidence.found).toEqual(['CBS.RebootPending: Component Based Servicing (Windows features or updates) finished installing and waits for a restart']);
  });

  it('names every signal and explains unknown ones generically', () => {
    const r = run(['WindowsUpdate.RebootRequired', 'Session.PendingFileRenameOperations', 'Vendor.Something']);
    expect(r.status).toBe('warn');
    expect(r.summary).toBe('A restart is pending (WindowsUpdate.RebootRequired, Session.PendingFileRenameOperations, Vendor.Something)');
    expect(r.evidence.found).toEqual([
      'WindowsUpdate.RebootRequired: Windows Update installed updates that need a restart',
      'Session.PendingFileRenameOperations: files are queued to be replaced at the next restart',
      'Vendor.Something: a restart is pending',
    ]);
    expect(r.remediation?.commands?.[0]?.script).toBe('Restart-Computer');
  });

  it('is a warning-severity check by default; the requirements may make it blocking', () => {
    expect(run(['CBS.RebootPending']).severity).toBe('warning');
    const req = cloneRequirements();
    req.checks['os.pending-reboot'] = { severity: 'blocking' };
    const r = run(['CBS.RebootPending'], { requirements: req });
    expect(r.severity).toBe('blocking');
    expect(r.status).toBe('warn');
  });

  it('is unknown when the registry could not be read', () => {
    const r = judge(check.id, { pendingReboot: failed('access-denied', 'Requested registry access is not allowed.') });
    expect(r.status).toBe('unknown');
    expect(r.reason).toMatch(/^probe pendingReboot failed \(access-denied\)/);
  });
});
