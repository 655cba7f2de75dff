// Issue 13: the connection-string redactor rewrote remediation T-SQL (CREATE LOGIN [BACO] WITH PASSWORD =
// N'<password Exact expects>' came out as PASSWORD=***'<password Exact expects>'), and for a real secret written as
// N'...' it masked only the N and left the password readable. Values are masked, placeholders and T-SQL are not.
import { describe, expect, it } from '@jest/globals';
import { redact, redactText } from '../../src/report/redact.js';
import { check as baco } from '../../checks/sql-baco-login.js';
import { judge } from '../support/checks.js';
import { ok } from '../support/snapshot.js';

describe('redaction of T-SQL passwords', () => {
  it('a placeholder is no secret: the remediation T-SQL is printed as written', () => {
    const sql = "CREATE LOGIN [BACO] WITH PASSWORD = N'<password Exact expects>', CHECK_POLICY = OFF;";
    expect(redactText(sql)).toBe(sql);
    expect(redactText("ALTER LOGIN [BACO] WITH PASSWORD = N'<current password>' UNLOCK;")).toBe("ALTER LOGIN [BACO] WITH PASSWORD = N'<current password>' UNLOCK;");
  });

  it('a real password in N\'...\' is masked whole (it used to leak after the N)', () => {
    expect(redactText("CREATE LOGIN [x] WITH PASSWORD = N'Hunter2!x'")).toBe("CREATE LOGIN [x] WITH PASSWORD = N'***'");
    expect(redactText('Server=sql01;Password=Hunter2;')).toBe('Server=sql01;Password=***;');
    expect(redactText("Pwd='a b c'")).toBe("Pwd='***'");
  });

  it('the BACO fix survives a report: every command of a missing-login verdict, redacted, is unchanged', () => {
    const r = judge(baco.id, { 'sql.baco': ok({ login: 'BACO', canSeeLogins: true, exists: false, type: null, isDisabled: null, isLocked: null, isExpired: null, isMustChange: null, isPolicyChecked: null, isExpirationChecked: null, daysUntilExpiration: null }) });
    expect(r.status).toBe('fail');
    expect(redact(r.remediation)).toEqual(r.remediation);
    expect(r.remediation?.commands?.[0]?.script).toContain("WITH PASSWORD = N'<password Exact expects>'");
  });
});
