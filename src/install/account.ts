// The service account as Windows and SQL Server accept it, checked before anything is planned, on every path (flag,
// environment, config file, prompt, journal). SQL Server's CREATE LOGIN ... FROM WINDOWS needs DOMAIN\user and
// refuses a bare name with Msg 15401 (windows-behaviour.md, "SQL Server"); a group managed service account is
// DOMAIN\name$ and has no password of its own (learn.microsoft.com: "Group Managed Service Accounts Overview").
// `.\user` names a local account of this computer; Windows records it as COMPUTER\user.

import { msg } from '../report/i18n/catalogue.js';
import type { Lang, Msg } from '../core/text.js';

export type AccountKind = 'domain' | 'local' | 'gmsa';

export interface ServiceAccount {
  /** DOMAIN\user as Windows and SQL Server name it (a `.\` prefix becomes the computer's name). */
  name: string;
  kind: AccountKind;
}

/** Characters a sAMAccountName may not hold (learn.microsoft.com: "sAMAccountName attribute"). */
const FORBIDDEN = /["/\\[\]:;|=,+*?<>@]/;

/** The account, or why it cannot be the service account (one line in English and Dutch, for an input error or a prompt). */
export function parseServiceAccount(text: string, computerName: string): ServiceAccount | { problem: Msg } {
  const t = text.trim();
  if (t.includes('@')) return { problem: msg('in.account.upn', { text: t }) };
  const parts = t.split('\\');
  if (parts.length !== 2) return { problem: msg('in.account.no-domain', { text: t }) };
  const [domain, user] = parts as [string, string];
  if (domain === '' || user === '') return { problem: msg('in.account.empty-part', { text: t }) };
  if (/^(NT AUTHORITY|NT SERVICE|IIS APPPOOL|BUILTIN)$/i.test(domain)) return { problem: msg('in.account.built-in', { text: t }) };
  if (FORBIDDEN.test(user) || user.length > (user.endsWith('$') ? 16 : 20)) return { problem: msg('in.account.name', { text: t, user }) };
  if (domain === '.') return { name: `${computerName}\\${user}`, kind: user.endsWith('$') ? 'gmsa' : 'local' };
  return { name: `${domain}\\${user}`, kind: user.endsWith('$') ? 'gmsa' : 'domain' };
}

/** A prompt validator: true, or the reason in `lang` (the run's language). */
export function accountValidator(computerName: string, lang: Lang = 'en'): (v: string) => true | string {
  return (v) => {
    const a = parseServiceAccount(v, computerName);
    return 'problem' in a ? a.problem[lang] : true;
  };
}
