// Where the tests' .NET tools live (shared by scripts/test-tools.mjs, which installs them, and the tests, which use
// them). The versions are read from tools/tools.csproj, the one place they are pinned.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const TOOLS_PROJECT = join(ROOT, 'tools', 'tools.csproj');

function pinned(pattern, what) {
  const m = readFileSync(TOOLS_PROJECT, 'utf8').match(pattern);
  if (!m) throw new Error(`tools/tools.csproj pins no ${what}`);
  return m[1];
}

/** The pinned versions: PowerShell (a .NET tool) and ScriptDom (a package). */
export const PWSH_VERSION = pinned(/<PwshVersion>([^<]+)<\/PwshVersion>/, 'PwshVersion');
export const SCRIPTDOM_VERSION = pinned(/Include="Microsoft\.SqlServer\.TransactSql\.ScriptDom"\s+Version="\[?([^\]"]+)\]?"/, 'ScriptDom version');

/** The cache folder: $CLICKKER_TOOLS_DIR, else ~/.cache/clickker-tools. */
export function toolsDir(env = process.env) {
  return env.CLICKKER_TOOLS_DIR && env.CLICKKER_TOOLS_DIR.trim() !== '' ? env.CLICKKER_TOOLS_DIR : join(homedir(), '.cache', 'clickker-tools');
}

/** The pwsh executable: $CLICKKER_PWSH when set, else the pinned .NET tool in the cache. */
export function pwshPath(env = process.env) {
  if (env.CLICKKER_PWSH && env.CLICKKER_PWSH.trim() !== '') return env.CLICKKER_PWSH;
  return join(toolsDir(env), `pwsh-${PWSH_VERSION}`, 'pwsh');
}

/** Where `dotnet restore --packages` puts the NuGet packages of tools/tools.csproj. */
export function nugetDir(env = process.env) {
  return join(toolsDir(env), 'nuget');
}

/** Microsoft.SqlServer.TransactSql.ScriptDom.dll in the cache (netstandard2.1 build: pwsh 7 loads it). */
export function scriptDomDll(env = process.env) {
  return join(nugetDir(env), 'microsoft.sqlserver.transactsql.scriptdom', SCRIPTDOM_VERSION, 'lib', 'netstandard2.1',
    'Microsoft.SqlServer.TransactSql.ScriptDom.dll');
}

/** What is missing from the cache, in words (empty when every tool is there). */
export function missingTools(env = process.env) {
  const out = [];
  if (!existsSync(pwshPath(env))) out.push(`pwsh ${PWSH_VERSION} (${pwshPath(env)})`);
  if (!existsSync(scriptDomDll(env))) out.push(`ScriptDom ${SCRIPTDOM_VERSION} (${scriptDomDll(env)})`);
  return out;
}
