#!/usr/bin/env node
// THIS STANDS IN FOR WINDOWS POWERSHELL (and, run as appcmd.exe or icacls.exe, for those tools) in the install tests.
// There is no Windows here. It does not run PowerShell: it recognises the installer's operation by the first line of
// the script (`# clickker step: <op>`), decodes the parameters exactly as the bridge sends them (base64 inside the
// one-line `& { ... }` invocation), and answers what the script would print, from a JSON file that holds the state
// of a pretend IIS, service manager, task scheduler, registry and file ACLs. What it proves: the Windows executor's
// operations, parameters and answers cross the real process boundary (node-powershell, the envelope, execa argv)
// intact. What it cannot prove: that the PowerShell itself does this on Windows.
//
// Environment: CLICKKER_FAKE_WIN_STATE (the state file), CLICKKER_FAKE_WIN_LOG (one JSON line per operation),
// CLICKKER_FAKE_WIN_TOOL (appcmd.exe or icacls.exe: act as that tool on the command line instead).
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const stateFile = process.env.CLICKKER_FAKE_WIN_STATE;
const logFile = process.env.CLICKKER_FAKE_WIN_LOG;
const load = () => JSON.parse(readFileSync(stateFile, 'utf8'));
const save = (s) => writeFileSync(stateFile, JSON.stringify(s, null, 2));
const log = (entry) => { if (logFile) appendFileSync(logFile, `${JSON.stringify(entry)}\n`); };

// Run as a tool: appcmd.exe add backup NAME / icacls.exe PATH ...
const tool = (process.env.CLICKKER_FAKE_WIN_TOOL ?? '').toLowerCase();
if (tool === 'appcmd.exe' || tool === 'icacls.exe') {
  const args = process.argv.slice(2);
  log({ tool, args });
  const s = load();
  if (tool === 'appcmd.exe') {
    if (args[0] !== 'add' || args[1] !== 'backup' || !args[2]) { process.stderr.write('ERROR ( message:Unknown command )\n'); process.exit(1); }
    if (s.backups.includes(args[2])) process.exit(183);
    s.backups.push(args[2]);
    save(s);
    process.stdout.write(`BACKUP object "${args[2]}" added\n`);
    process.exit(0);
  }
  const [path, ...rest] = args;
  if (!existsSync(path)) { process.stderr.write(`${path}: The system cannot find the file specified.\n`); process.exit(2); }
  const acl = s.acls[path] ?? { protected: false, sids: ['S-1-5-32-545', 'S-1-5-18'] };
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '/inheritance:r') { acl.protected = true; acl.sids = acl.sids.filter((x) => x !== 'S-1-5-32-545' && x !== 'S-1-5-18'); }
    else if (rest[i] === '/grant:r') {
      while (rest[i + 1] && !rest[i + 1].startsWith('/')) {
        const m = /^\*(S-[0-9-]+):\((F|R)\)$/.exec(rest[++i]);
        if (!m) { process.stderr.write(`Invalid parameter "${rest[i]}"\n`); process.exit(87); }
        if (!acl.sids.includes(m[1])) acl.sids.push(m[1]);
      }
    } else if (rest[i] === '/remove:g') {
      const who = rest[++i].replace(/^\*/, '');
      acl.sids = acl.sids.filter((x) => x !== who);
    } else { process.stderr.write(`Invalid parameter "${rest[i]}"\n`); process.exit(87); }
  }
  s.acls[path] = acl;
  save(s);
  process.stdout.write('processed file: ' + path + '\nSuccessfully processed 1 files; Failed processing 0 files\n');
  process.exit(0);
}

const unb64 = (t) => Buffer.from(t, 'base64').toString('utf8');
const b64 = (t) => Buffer.from(t, 'utf8').toString('base64');
const json = (v) => JSON.stringify(v);
const key = (rec, name) => Object.keys(rec).find((k) => k.toLowerCase() === String(name).toLowerCase());

function operate(op, p) {
  const s = load();
  const done = (out = 'null') => { save(s); return out; };
  const site = () => {
    const x = s.sites.find((y) => y.Name.toLowerCase() === p.Site.toLowerCase());
    if (!x) throw new Error(`Cannot find path 'IIS:\\Sites\\${p.Site}' because it does not exist.`);
    return x;
  };
  switch (op) {
    case 'iis-sites': return json(s.sites);
    case 'iis-get-pool': { const k = key(s.pools, p.Name); return k ? json(s.pools[k]) : 'null'; }
    case 'iis-set-pool': {
      const k = key(s.pools, p.Name) ?? p.Name;
      const builtIn = ['ApplicationPoolIdentity', 'NetworkService', 'LocalService', 'LocalSystem'].includes(p.Identity);
      if (!builtIn && p.HasPassword !== '1' && s.pools[k]?.Identity !== p.Identity) throw new Error(`a password is needed to run application pool ${p.Name} as ${p.Identity}`);
      s.pools[k] = { ManagedRuntimeVersion: p.RuntimeVersion, PipelineMode: p.PipelineMode, Identity: p.Identity };
      if (p.HasPassword === '1') s.passwords[`pool:${k}`] = p.Password;
      return done();
    }
    case 'iis-remove-pool': { const k = key(s.pools, p.Name); if (k) delete s.pools[k]; return done(); }
    case 'iis-get-app': { const a = site().Applications.find((x) => x.Path.toLowerCase() === p.Path.toLowerCase()); return a ? json({ PhysicalPath: a.PhysicalPath, AppPool: a.AppPool }) : 'null'; }
    case 'iis-set-app': {
      if (!key(s.pools, p.AppPool)) throw new Error(`The application pool '${p.AppPool}' does not exist`);
      const x = site();
      const a = x.Applications.find((y) => y.Path.toLowerCase() === p.Path.toLowerCase());
      if (a) Object.assign(a, { PhysicalPath: p.PhysicalPath, AppPool: p.AppPool });
      else x.Applications.push({ Path: p.Path, PhysicalPath: p.PhysicalPath, AppPool: p.AppPool });
      return done();
    }
    case 'iis-remove-app': { const x = site(); x.Applications = x.Applications.filter((y) => y.Path.toLowerCase() !== p.Path.toLowerCase()); return done(); }
    case 'website-start': { const x = s.sites.find((y) => y.Name === p.Name); if (!x) throw new Error(`IIS has no website named ${p.Name}`); x.State = 'Started'; return done(); }
    case 'service-get': { const k = key(s.services, p.Name); return k ? json(s.services[k]) : 'null'; }
    case 'service-set': {
      const k = key(s.services, p.Name) ?? p.Name;
      if (!s.services[k] && p.HasPassword !== '1') throw new Error(`a password is needed to create service ${p.Name} running as ${p.Account}`);
      s.services[k] = { BinaryPath: p.BinaryPath, DisplayName: p.DisplayName, StartMode: p.StartMode === 'Automatic' ? 'Auto' : p.StartMode, Account: p.HasPassword === '1' ? p.Account : (s.services[k]?.Account ?? p.Account), State: 'Running' };
      if (p.HasPassword === '1') s.passwords[`service:${k}`] = p.Password;
      return done();
    }
    case 'service-remove': { const k = key(s.services, p.Name); if (k) delete s.services[k]; return done(); }
    case 'task-get': { const k = key(s.tasks, p.Name); return k ? json(s.tasks[k]) : 'null'; }
    case 'task-set': {
      if (p.HasPassword !== '1') throw new Error(`a password is needed to register task ${p.Name} running as ${p.User}`);
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(p.Daily)) throw new Error(`String was not recognized as a valid DateTime: ${p.Daily}`);
      s.tasks[key(s.tasks, p.Name) ?? p.Name] = { Execute: p.Execute, Arguments: p.Arguments, User: p.User, Daily: p.Daily };
      s.passwords[`task:${p.Name}`] = p.Password;
      return done();
    }
    case 'task-remove': { const k = key(s.tasks, p.Name); if (k) delete s.tasks[k]; return done(); }
    case 'acl-get': {
      if (!existsSync(p.Path)) return 'null';
      const a = s.acls[p.Path] ?? { protected: false, sids: ['S-1-5-32-545', 'S-1-5-18'] };
      const principals = a.sids.map((sid) => ({ Sid: sid, Name: Object.keys(s.sids).find((n) => s.sids[n] === sid) ?? (sid === 'S-1-5-32-544' ? 'BUILTIN\\Administratoren' : null) }));
      // PowerShell 5.1 prints a one-element array as a bare object
      return json({ InheritanceDisabled: a.protected, Principals: principals.length === 1 ? principals[0] : principals });
    }
    case 'account-sid': {
      const k = key(s.sids, p.Account);
      if (!k) throw new Error('Some or all identity references could not be translated.');
      return json({ Sid: s.sids[k] });
    }
    case 'features-install': {
      const names = p.Names.split('\n').filter(Boolean);
      for (const n of names) if (!key(s.features, n)) throw new Error(`ArgumentNotValid: The role, role service, or feature name is not valid: '${n}'`);
      if (names.some((n) => s.features[key(s.features, n)] === 'Removed') && !p.Source) return json({ Success: false, RestartNeeded: false, Message: 'Install-WindowsFeature: Failed' });
      for (const n of names) s.features[key(s.features, n)] = 'Installed';
      return done(json({ Success: true, RestartNeeded: false, Message: 'Install-WindowsFeature: Success' }));
    }
    case 'registry-get': return json({ Value: s.registry[p.Key]?.[p.Name] ?? null });
    case 'registry-set': { s.registry[p.Key] = { ...(s.registry[p.Key] ?? {}), [p.Name]: Number(p.Value) }; return done(); }
    default: throw new Error(`fake-windows: unknown operation ${op}`);
  }
}

function invocation(line) {
  const script = unb64(/\$s = \$u\.GetString\(\[System\.Convert\]::FromBase64String\('([A-Za-z0-9+/=]*)'\)\)/.exec(line)?.[1] ?? '');
  const nonce = /nonce = '([0-9a-f]+)'/.exec(line)?.[1] ?? '';
  const params = {};
  for (const m of line.matchAll(/\$h\['([A-Za-z0-9]+)'\] = \$u\.GetString\(\[System\.Convert\]::FromBase64String\('([A-Za-z0-9+/=]*)'\)\)/g)) params[m[1]] = unb64(m[2]);
  const op = /^# clickker step: ([a-z-]+)/m.exec(script)?.[1] ?? 'unknown';
  log({ op, params, scriptLines: script.split('\n').length });
  let envelope;
  try {
    envelope = { nonce, ok: true, data: operate(op, params) };
  } catch (err) {
    envelope = { nonce, ok: false, error: { message: err.message, types: 'System.Management.Automation.RuntimeException', hresults: -2146233087, category: 'OperationStopped', id: op } };
  }
  process.stdout.write(`${b64(JSON.stringify(envelope))}\r\n`);
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
  const delimiter = /^\[Console\]::(Out|Error)\.(WriteLine|Write)\("([0-9A-Za-z]+)(`n)?"\)$/.exec(line.trim());
  if (delimiter) {
    const text = `${delimiter[3]}${delimiter[2] === 'WriteLine' ? '\r\n' : delimiter[4] ? '\n' : ''}`;
    if (delimiter[1] === 'Out') process.stdout.write(text);
    else process.stderr.write(text);
    return;
  }
  if (line.startsWith('& {')) invocation(line);
});
lines.on('close', () => process.exit(0));
