// The service account as Windows and SQL Server accept it, checked before anything is planned, on every path (flag,
// environment, config file, prompt, journal). SQL Server's CREATE LOGIN ... FROM WINDOWS needs DOMAIN\user and
// refuses a bare name with Msg 15401 (windows-behaviour.md, "SQL Server"); a group managed service account is
// DOMAIN\name$ and has no password of its own (learn.microsoft.com: "Group Managed Service Accounts Overview").
// `.\user` names a local account of this computer; Windows records it as COMPUTER\user.

export type AccountKind = 'domain' | 'local' | 'gmsa';

export interface ServiceAccount {
  /** DOMAIN\user as Windows and SQL Server name it (a `.\` prefix becomes the computer's name). */
  name: string;
  kind: AccountKind;
}

/** Characters a sAMAccountName may not hold (learn.microsoft.com: "sAMAccountName attribute"). */
const FORBIDDEN = /["/\\[\]:;|=,+*?<>@]/;

/** The account, or why it cannot be the service account (one line, for an input error or a prompt). */
export function parseServiceAccount(text: string, computerName: string): ServiceAccount | { problem: string } {
  const t = text.trim();
  if (t.includes('@')) return { problem: `'${t}' is a user principal name; give the account as DOMAIN\\user (SQL Server logins and Windows services use that form)` };
  const parts = t.split('\\');
  if (parts.length !== 2) {
    return { problem: `'${t}' has no domain: give DOMAIN\\user, .\\user for a local account, or DOMAIN\\name$ for a group managed service account (SQL Server refuses a Windows login without a domain, Msg 15401)` };
  }
  const [domain, user] = parts as [string, string];
  if (domain === '' || user === '') return { problem: `'${t}': expected DOMAIN\\user` };
  if (/^(NT AUTHORITY|NT SERVICE|IIS APPPOOL|BUILTIN)$/i.test(domain)) {
    return { problem: `'${t}' is a built-in identity; Clickker runs as a dedicated account (DOMAIN\\user or a gMSA DOMAIN\\name$) that SQL Server can grant rights to` };
  }
  if (FORBIDDEN.test(user) || user.length > (user.endsWith('$') ? 16 : 20)) {
    return { problem: `'${t}': '${user}' is not a valid account name (at most 20 characters, none of " / \\ [ ] : ; | = , + * ? < > @)` };
  }
  if (domain === '.') return { name: `${computerName}\\${user}`, kind: user.endsWith('$') ? 'gmsa' : 'local' };
  return { name: `${domain}\\${user}`, kind: user.endsWith('$') ? 'gmsa' : 'domain' };
}

/** A prompt validator: true, or the reason. */
export function accountValidator(computerName: string): (v: string) => true | string {
  return (v) => {
    const a = parseServiceAccount(v, computerName);
    return 'problem' in a ? a.problem : true;
  };
}
