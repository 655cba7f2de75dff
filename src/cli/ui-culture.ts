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
//
// Node cannot call that API (no binding; a native addon is out of the question for a single signed exe), and nothing
// Node can read without a process says it: ICU's default locale and Intl are the format locale, the console code page
// is the system locale's, and Windows sets no environment variable for the display language. So reg.exe reads it, and
// (issue 17) in ONE process for both values: `reg query "HKCU\Control Panel\Desktop" /s` prints the key and every
// subkey with its values ("/s: Specifies to query all subkeys and value names recursively",
// learn.microsoft.com/windows-server/administration/windows-commands/reg-query), MuiCached among them. A reg.exe start
// is the cost (about 0.2 s of CPU under Wine, as much again in wall time on a busy machine); two in series were most of
// why the exe's one-snapshot preflight was over 2x a bare node.exe (README, Speed). It runs only on Windows, only when
// neither --lang nor CLICKKER_LANG decided, and is started early so it overlaps the run: clickker.exe starts it in its
// first lines, before the bundle is even compiled (scripts/exe-main.cjs, which hands it over here).
// node:child_process is imported only there (issue 17): every command imports this file, and loading that module at
// start cost every run off Windows, and every run with --lang, for a process it never starts.

/** Runs the one registry query and gives its standard output; undefined when it failed. The seam tests replace. */
export type RegistryQuery = () => Promise<string | undefined>;

/** reg.exe's arguments: the Desktop key and its subkeys, values included (one process for both lists). */
export const REG_QUERY_ARGS: readonly string[] = ['query', 'HKCU\\Control Panel\\Desktop', '/s'];

/**
 * Where scripts/exe-main.cjs leaves the reg.exe it started before the bundle was compiled: a function that takes it
 * over (references the process again, so the run now waits for it) and gives a promise of its standard output
 * (undefined on failure). Run with exactly REG_QUERY_ARGS (test/exe/early-ui-culture.test.ts holds the two copies
 * together). Taken once; a process that has none starts its own.
 */
export const EARLY_REG_QUERY = Symbol.for('clickker.ui-culture.reg-query');

const USER_KEY = 'hkey_current_user\\control panel\\desktop';
const MACHINE_KEY = 'hkey_current_user\\control panel\\desktop\\muicached';

/** The first entry of a REG_SZ or REG_MULTI_SZ value as reg.exe prints it; undefined when empty. */
function firstEntry(data: string): string | undefined {
  // REG_MULTI_SZ entries are joined by a literal \0, the separator `reg add` documents for that type
  // (learn.microsoft.com/windows-server/administration/windows-commands/reg-add). Not run on Windows here: a real NUL,
  // or whitespace, is accepted as separator too, and only the first entry is used.
  const first = data.split(/\\0|\s+/)[0]?.split(String.fromCharCode(0))[0]?.trim();
  return first ? first : undefined;
}

/**
 * The display language from `reg query "HKCU\Control Panel\Desktop" /s`: a key's full name on a line of its own, then
 * its values, one a line, `    <name>    <type>    <data>` (4-space separated; names are case-insensitive in the
 * registry). The user's PreferredUILanguages of the Desktop key itself, else MuiCached's MachinePreferredUILanguages;
 * a value of the same name in any other subkey is not the one Windows reads, and is ignored.
 */
export function parseDesktopQuery(stdout: string): string | undefined {
  let key = '';
  let user: string | undefined;
  let machine: string | undefined;
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (/^HKEY_/i.test(line)) {
      key = line.toLowerCase();
      continue;
    }
    const m = /^(\S+)\s+REG_(?:MULTI_)?SZ\s+(.*)$/.exec(line);
    if (!m) continue;
    const name = m[1]!.toLowerCase();
    if (key === USER_KEY && name === 'preferreduilanguages') user ??= firstEntry(m[2]!);
    if (key === MACHINE_KEY && name === 'machinepreferreduilanguages') machine ??= firstEntry(m[2]!);
  }
  return user ?? machine;
}

/** The reg.exe that scripts/exe-main.cjs started, taken over, if it did and nobody took it yet. */
function takeEarlyQuery(): Promise<string | undefined> | undefined {
  const holder = globalThis as { [EARLY_REG_QUERY]?: () => Promise<string | undefined> };
  const take = holder[EARLY_REG_QUERY];
  delete holder[EARLY_REG_QUERY];
  return typeof take === 'function' ? take() : undefined;
}

const regExe: RegistryQuery = async () => {
  const early = takeEarlyQuery();
  if (early) return early;
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    // Arguments only, never a shell: nothing user-given is in them anyway.
    execFile('reg.exe', [...REG_QUERY_ARGS], { windowsHide: true, timeout: 3000 }, (err, stdout) => {
      resolve(err ? undefined : String(stdout));
    });
  });
};

/** The user's Windows display language (e.g. "nl-NL"), or undefined off Windows or when it cannot be read. */
export async function windowsUiCulture(platform: NodeJS.Platform = process.platform, query: RegistryQuery = regExe): Promise<string | undefined> {
  if (platform !== 'win32') return undefined;
  const out = await query();
  return out === undefined ? undefined : parseDesktopQuery(out);
}

/**
 * Whether a run with this command line and environment may need the display language: neither --lang (in either
 * form) nor CLICKKER_LANG decides it, and the run is not only printing help or the version (which print English).
 * scripts/exe-main.cjs decides the same from the same inputs (its copy is tested equal), to start reg.exe at once.
 */
export function uiCultureWanted(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  if (env.CLICKKER_LANG) return false;
  if (argv.length === 0) return false; // commander prints the help
  return !argv.some((a) => a === '--lang' || a.startsWith('--lang=') || a === '-h' || a === '--help' || a === '-V' || a === '--version')
    && argv[0] !== 'help';
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
