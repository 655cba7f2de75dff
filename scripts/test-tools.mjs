#!/usr/bin/env node
// npm test's pretest step (and .ci/run through it): brings what the tests need onto this machine, and says what it
// installs. Each part is skipped when already there, so a second run costs well under a second.
//   1. The Debian packages of .ci/apt-packages.txt, when missing and running as root (apt-get update first).
//   2. PowerShell 7 as a .NET tool from NuGet, pinned: dotnet tool install PowerShell --version <PwshVersion>
//      --tool-path <cache>/pwsh-<version> (tools/tools.csproj holds the version).
//   3. The NuGet packages of tools/tools.csproj (ScriptDom), pinned: dotnet restore --packages <cache>/nuget.
// The cache is ~/.cache/clickker-tools, or $CLICKKER_TOOLS_DIR. $CLICKKER_PWSH names another pwsh to use instead.
// On failure: one line on stderr naming what could not be installed, exit 1.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  missingTools, nugetDir, PWSH_VERSION, pwshPath, ROOT, SCRIPTDOM_VERSION, TOOLS_PROJECT, toolsDir,
} from './test-tools-paths.mjs';

function fail(line) {
  process.stderr.write(`test tools: ${line}\n`);
  process.exit(1);
}

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' } });
  if (r.error) fail(`could not ${what}: ${r.error.code === 'ENOENT' ? `${cmd} is not installed` : r.error.message}`);
  if (r.status !== 0) {
    const said = `${r.stderr}\n${r.stdout}`.split('\n').map((l) => l.trim()).filter(Boolean).find((l) => /error|fail|unable|not found/i.test(l));
    fail(`could not ${what} (${cmd} exited ${r.status}${said ? `: ${said.slice(0, 200)}` : ''})`);
  }
  return r.stdout;
}

// 1. Debian packages.
const wanted = readFileSync(join(ROOT, '.ci', 'apt-packages.txt'), 'utf8').split('\n')
  .map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
const missingDebs = wanted.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
if (missingDebs.length > 0) {
  if (process.getuid?.() !== 0) {
    fail(`missing Debian packages ${missingDebs.join(' ')}: run as root, or apt-get install them (see .ci/apt-packages.txt)`);
  }
  console.log(`test tools: apt-get install ${missingDebs.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const [args, what] of [[['update', '-qq'], 'apt-get update'], [['install', '-y', '-qq', '--no-install-recommends', ...missingDebs], `install ${missingDebs.join(' ')}`]]) {
    const r = spawnSync('apt-get', args, { encoding: 'utf8', env });
    if (r.status !== 0) fail(`could not ${what} (apt-get exited ${r.status ?? r.error?.code}): ${(r.stderr || '').trim().split('\n').at(-1) ?? ''}`);
  }
}

// 2. and 3. need the .NET SDK.
const cache = toolsDir();
mkdirSync(cache, { recursive: true });
if (!existsSync(pwshPath())) {
  if (process.env.CLICKKER_PWSH) fail(`CLICKKER_PWSH names ${process.env.CLICKKER_PWSH}, which does not exist`);
  console.log(`test tools: dotnet tool install PowerShell ${PWSH_VERSION} into ${join(cache, `pwsh-${PWSH_VERSION}`)}`);
  run('dotnet', ['tool', 'install', 'PowerShell', '--version', PWSH_VERSION, '--tool-path', join(cache, `pwsh-${PWSH_VERSION}`)], `install PowerShell ${PWSH_VERSION} from NuGet`);
}
const missing = missingTools();
if (missing.some((m) => m.startsWith('ScriptDom'))) {
  console.log(`test tools: dotnet restore ScriptDom ${SCRIPTDOM_VERSION} into ${nugetDir()}`);
  run('dotnet', ['restore', TOOLS_PROJECT, '--packages', nugetDir()], `restore tools/tools.csproj (ScriptDom ${SCRIPTDOM_VERSION}) from NuGet`);
}
const still = missingTools();
if (still.length > 0) fail(`still missing after install: ${still.join(', ')}`);
console.log(`test tools: pwsh ${PWSH_VERSION}, ScriptDom ${SCRIPTDOM_VERSION}${missingDebs.length ? `, ${missingDebs.join(' ')}` : ''} ready (${cache})`);
