// The Windows executor's tools through a real process boundary: execa starting appcmd.exe, icacls.exe and sc.exe with
// argument arrays. There is no Windows here: support/fake-windows.mjs STANDS IN FOR POWERSHELL AND THOSE TOOLS (it
// answers each operation from a JSON state instead of running the script). Only what pwsh cannot do is tested through
// it; the operation scripts themselves run in the real pwsh (windows-pwsh.test.ts). SQL Server is the host model.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { install } from '../../src/install/installer.js';
import { WindowsExecutor } from '../../src/install/windows/executor.js';
import { newHost, params, samplePackage, secrets, tempDirs } from './support/host.js';

const here = dirname(fileURLToPath(import.meta.url));
const FAKE = join(here, 'support', 'fake-windows.mjs');
const tmp = tempDirs('win');
const SVC_SID = 'S-1-5-21-2874601739-1130471152-3391012846-2613';
/** Quotes of every kind, $( ), a backtick, a line break: must arrive byte-exact, never as script text. */
const HOSTILE_PASSWORD = "p'w\"$(Stop-Computer)`‘’;\r\nx";

beforeAll(() => chmodSync(FAKE, 0o755));

/** The stand-in's pretend Windows, as it stores it. */
interface FakeState {
  sites: { Name: string; State: string; Applications: { Path: string; PhysicalPath: string; AppPool: string }[] }[];
  pools: Record<string, unknown>;
  services: Record<string, unknown>;
  tasks: Record<string, unknown>;
  acls: Record<string, { protected: boolean; sids: string[] }>;
  backups: string[];
  passwords: Record<string, string>;
  registry: Record<string, Record<string, number>>;
  sids: Record<string, string>;
  features: Record<string, string>;
}

interface Fake { dir: string; stateFile: string; logFile: string; exec: () => WindowsExecutor; state: () => FakeState; log: () => { op?: string; tool?: string; params?: Record<string, string>; args?: string[]; logged?: string[] }[] }

function fakeWindows(): Fake {
  const dir = tmp();
  const stateFile = join(dir, 'windows.json');
  const logFile = join(dir, 'log.jsonl');
  writeFileSync(stateFile, JSON.stringify({
    sites: [{ Name: 'Default Web Site', State: 'Started', Applications: [{ Path: '/Synergy', PhysicalPath: 'C:\\Program Files\\Exact Synergy Enterprise', AppPool: 'Synergy' }] }],
    pools: { Synergy: { ManagedRuntimeVersion: 'v4.0', PipelineMode: 'Integrated', Identity: 'ApplicationPoolIdentity' } },
    services: {}, tasks: {}, acls: {}, backups: [], passwords: {}, registry: {},
    sids: { 'VDBERG\\svc-clickker': SVC_SID },
    features: { 'Web-Server': 'Installed', 'Web-Basic-Auth': 'Available', 'Web-Windows-Auth': 'Available', 'Web-ASP': 'Removed', 'Web-CGI': 'Available' },
  }));
  const env = `CLICKKER_FAKE_WIN_STATE='${stateFile}' CLICKKER_FAKE_WIN_LOG='${logFile}'`;
  const wrapper = join(dir, 'powershell');
  writeFileSync(wrapper, `#!/bin/sh\n${env} exec '${FAKE}' "$@"\n`, { mode: 0o755 });
  const root = join(dir, 'Windows');
  mkdirSync(join(root, 'System32', 'inetsrv'), { recursive: true });
  for (const [file, name] of [[join(root, 'System32', 'inetsrv', 'appcmd.exe'), 'appcmd.exe'], [join(root, 'System32', 'icacls.exe'), 'icacls.exe'], [join(root, 'System32', 'sc.exe'), 'sc.exe']]) {
    writeFileSync(file!, `#!/bin/sh\n${env} CLICKKER_FAKE_WIN_TOOL='${name}' exec '${FAKE}' "$@"\n`, { mode: 0o755 });
  }
  return {
    dir, stateFile, logFile,
    exec: () => {
      const e = new WindowsExecutor({ powershell: wrapper, systemRoot: root, computerName: 'SRV-FAKE', collect: async () => ({}), secretDir: join(dir, 'state', 'secrets') });
      const model = newHost();
      e.sql = () => model.sql();
      return e;
    },
    state: () => JSON.parse(readFileSync(stateFile, 'utf8')) as FakeState,
    log: () => readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { op?: string; params?: Record<string, string> }),
  };
}

describe('the Windows executor\'s tools as separate programs (the stand-in)', () => {
  const pkg = samplePackage();

  // What pwsh cannot show: execa starting appcmd.exe, icacls.exe and sc.exe as programs, with argument arrays that
  // cross a real process boundary intact. Everything the operation scripts do runs in the real pwsh instead
  // (windows-pwsh.test.ts), where the same arrays reach the mock functions of those names.
  it('appcmd, icacls and sc.exe receive exact argument arrays through execa', async () => {
    const f = fakeWindows();
    const exec = f.exec();
    const p = params(f.dir);
    const input = { exec, pkg, params: p, secrets: { ...secrets(), serviceAccountPassword: HOSTILE_PASSWORD }, stateDir: join(f.dir, 'state'), tool: { name: 'clickker', version: 'test' }, verify: { attempts: 1, delayMs: 0 } };
    let runId = '';
    try {
      runId = (await install(input)).runId;
    } finally {
      await exec.close();
    }
    const tools = f.log().filter((e) => e.tool);
    // The install folder clickker creates: Administrators and SYSTEM (full), the service account (read), inherited.
    expect(tools.find((e) => e.tool === 'icacls.exe')).toEqual({ tool: 'icacls.exe', args: [p.installDir, '/inheritance:r', '/grant:r', '*S-1-5-32-544:(OI)(CI)(F)', '*S-1-5-18:(OI)(CI)(F)', `*${SVC_SID}:(OI)(CI)(RX)`] });
    // A secret-holding file is protected while it is still empty (a temporary file beside it), then filled and moved.
    const tmpGrant = tools.find((e) => /[\\/]\.Web\.config\.\d+\.secret\.tmp$/.test(e.args?.[0] ?? ''));
    expect(tmpGrant?.args?.slice(1)).toEqual(['/inheritance:r', '/grant:r', '*S-1-5-32-544:(F)', `*${SVC_SID}:(R)`]);
    expect(tools.find((e) => e.tool === 'appcmd.exe')).toEqual({ tool: 'appcmd.exe', args: ['add', 'backup', `clickker-${runId}`] });
    expect(tools.filter((e) => e.tool === 'sc.exe').map((e) => e.args)).toEqual([
      ['config', 'ClickkerSync', 'start=', 'delayed-auto'],
      ['failure', 'ClickkerSync', 'reset=', '86400', 'actions=', 'restart/60000/restart/60000/restart/60000'],
    ]);
    expect(f.state().backups).toEqual([`clickker-${runId}`]);
  });
});
