// The language of the Windows user interface, for the report language's default (--lang, then CLICKKER_LANG, then this,
// then English). Not Node's locale: Node's ICU takes the *format* locale (dates, numbers), which a Dutch SME's admin
// often has as nl-NL on an English Windows, or the reverse; the display language is what they read.
//
// Windows keeps the user's chosen display languages in HKCU\Control Panel\Desktop, value PreferredUILanguages
// (REG_MULTI_SZ, first = current), and the machine's list in HKCU\Control Panel\Desktop\MuiCached, value
// MachinePreferredUILanguages, used when the user chose none. These are what GetUserPreferredUILanguages and .NET's
// CultureInfo.CurrentUICulture (PowerShell's Get-UICulture) report: "the user preferred UI languages ... If the list is
// empty ..., the system preferred UI languages list is used instead" (learn.microsoft.com/windows/win32/api/winnls/
// nf-winnls-getuserpreferreduilanguages; learn.microsoft.com/windows/win32/intl/user-interface-language-management).
// Node cannot call that API, so reg.exe reads the two values (one short process, only on Windows, only when neither
// --lang nor CLICKKER_LANG decided, and started early so it overlaps the run instead of delaying it).
// node:child_process is imported only there (issue 17): every command imports this file, and loading that module at
// start cost every run off Windows, and every run with --lang, for a process it never starts.

/** Reads one registry value as reg.exe prints it; undefined when absent. The seam tests replace. */
export type RegistryRead = (key: string, value: string) => Promise<string | undefined>;

/**
 * reg.exe prints `    <name>    REG_MULTI_SZ    nl-NL\0en-US`: the entries joined by a literal \0, the separator
 * `reg add` documents for REG_MULTI_SZ (learn.microsoft.com/windows-server/administration/windows-commands/reg-add).
 * Not run on Windows here: a real NUL, or whitespace, is accepted as separator too, and only the first entry is used.
 */
export function parseRegQuery(stdout: string, value: string): string | undefined {
  const line = stdout.split(/\r?\n/).find((l) => l.trim().toLowerCase().startsWith(`${value.toLowerCase()} `) || l.trim().toLowerCase().startsWith(`${value.toLowerCase()}\t`));
  const m = line ? /REG_(?:MULTI_)?SZ\s+(.*)$/.exec(line.trim()) : null;
  const first = m?.[1]?.split(/\\0|\s+/)[0]?.split(String.fromCharCode(0))[0]?.trim();
  return first ? first : undefined;
}

const regExe: RegistryRead = async (key, value) => {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    // Arguments only, never a shell: nothing user-given is in them anyway.
    execFile('reg.exe', ['query', key, '/v', value], { windowsHide: true, timeout: 3000 }, (err, stdout) => {
      resolve(err ? undefined : parseRegQuery(String(stdout), value));
    });
  });
};

/** The user's Windows display language (e.g. "nl-NL"), or undefined off Windows or when it cannot be read. */
export async function windowsUiCulture(platform: NodeJS.Platform = process.platform, read: RegistryRead = regExe): Promise<string | undefined> {
  if (platform !== 'win32') return undefined;
  return (await read('HKCU\\Control Panel\\Desktop', 'PreferredUILanguages'))
    ?? (await read('HKCU\\Control Panel\\Desktop\\MuiCached', 'MachinePreferredUILanguages'));
}

let pending: Promise<string | undefined> | undefined;

/**
 * The display language, looked up once per process and only when the flag and CLICKKER_LANG leave the choice open.
 * Call it early (it only starts reg.exe) and await it when rendering.
 */
export function uiCultureFor(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (flag || env.CLICKKER_LANG) return Promise.resolve(undefined);
  pending ??= windowsUiCulture();
  return pending;
}
