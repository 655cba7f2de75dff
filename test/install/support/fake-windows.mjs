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
import { appendFileSync, existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const stateFile = process.env.CLICKKER_FAKE_WIN_STATE;
const logFile = process.env.CLICKKER_FAKE_WIN_LOG;
const load = () => JSON.parse(readFileSync(stateFile, 'utf8'));
const save = (s) => writeFileSync(stateFile, JSON.stringify(s, null, 2));
const log = (entry) => { if (logFile) appendFileSync(logFile, `${JSON.stringify(entry)}\n`); };

// Run as a tool: appcmd.exe add backup NAME / icacls.exe PATH ...
const tool = (process.env.CLICKKER_FAKE_WIN_TOOL ?? '').toLowerCase();
if (tool === 'appcmd.exe' || tool === 'icacls.exe' || tool === 'sc.exe') {
  const args = process.argv.slice(2);
  log({ tool, args });
  const s = load();
  if (tool === 'sc.exe') {
    // sc.exe config NAME start= delayed-auto|auto; sc.exe failure NAME reset= N actions= ... (sc.exe docs: "option= value")
    const k = Object.keys(s.services).find((x) => x.toLowerCase() === String(args[1]).toLowerCase());
    if (!k) { process.stdout.write('[SC] OpenService FAILED 1060:\r\n\r\nThe specified service does not exist as an installed service.\r\n'); process.exit(1060); }
    if (args[0] === 'config' && args[2] === 'start=') { s.services[k].StartMode = 'Auto'; s.services[k].DelayedAutoStart = args[3] === 'delayed-auto'; }
    else if (args[0] === 'failure' && args[2] === 'reset=' && args[4] === 'actions=') s.services[k].Recovery = args[5];
    else { process.stderr.write('DESCRIPTION: invalid option\r\n'); process.exit(87); }
    save(s);
    process.stdout.write('[SC] ChangeServiceConfig SUCCESS\r\n');
    process.exit(0);
  }
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
        // icacls grants: *SID:(perm) with optional inheritance flags first, e.g. (OI)(CI)(F) (icacls docs).
        const m = /^\*(S-[0-9-]+):(?:\((?:OI|CI|IO|NP)\))*\((F|R|RX|M)\)$/.exec(rest[++i]);
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
/** A password file the executor wrote: read it and delete it, as the scripts do ([IO.File]::ReadAllText, Delete). */
const takePassword = (file) => {
  if (!file) return undefined;
  if (!existsSync(file)) throw new Error(`Could not find file '${file}'.`);
  const text = readFileSync(file, 'utf8');
  unlinkSync(file);
  return text;
};
/** NTAccount.Translate: DOMAIN\\user, or a bare name found among the accounts (LookupAccountNameW docs). */
const sidOf = (s, name) => {
  const k = key(s.sids, name);
  if (k) return s.sids[k];
  const short = Object.keys(s.sids).filter((n) => n.split('\\').pop().toLowerCase() === String(name).toLowerCase());
  return short.length === 1 ? s.sids[short[0]] : null;
};

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
      const password = takePassword(p.PasswordFile);
      if (!builtIn && password === undefined && !p.Identity.endsWith('$') && s.pools[k]?.Identity !== p.Identity) throw new Error(`a password is needed to run application pool ${p.Name} as ${p.Identity}`);
      s.pools[k] = { ManagedRuntimeVersion: p.RuntimeVersion, PipelineMode: p.PipelineMode, Identity: p.Identity };
      if (password !== undefined) s.passwords[`pool:${k}`] = password;
      else if (p.Identity.endsWith('$')) s.passwords[`pool:${k}`] = '';
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
      const password = takePassword(p.PasswordFile) ?? (p.Account.endsWith('$') ? '' : undefined);
      if (!s.services[k] && password === undefined) throw new Error(`a password is needed to create service ${p.Name} running as ${p.Account}`);
      s.services[k] = {
        BinaryPath: p.BinaryPath, DisplayName: p.DisplayName, StartMode: p.StartMode === 'Automatic' ? 'Auto' : p.StartMode, DelayedAutoStart: false,
        Account: password !== undefined ? p.Account : (s.services[k]?.Account ?? p.Account), State: 'Running',
      };
      if (password !== undefined) s.passwords[`service:${k}`] = password;
      return done();
    }
    case 'service-restore': {
      const k = key(s.services, p.Name);
      if (!k) throw new Error(`service ${p.Name} does not exist`);
      const mode = p.StartMode === 'Automatic' ? 'Auto' : p.StartMode;
      Object.assign(s.services[k], { BinaryPath: p.BinaryPath, DisplayName: p.DisplayName, Description: p.Description, StartMode: mode, State: p.State === 'Running' && mode !== 'Disabled' ? 'Running' : 'Stopped' });
      return done();
    }
    case 'service-stop': { const k = key(s.services, p.Name); if (k) s.services[k].State = 'Stopped'; return done(); }
    case 'service-remove': { const k = key(s.services, p.Name); if (k) delete s.services[k]; return done(); }
    case 'task-get': {
      const k = key(s.tasks, p.Name);
      // Server 2016 and 2019: Principal.UserId without the domain (ComputerManagementDsc #200, #352). The registered
      // definition (IRegisteredTask.Xml) holds the account's SID, as Server 2016 stores it (dahall/TaskScheduler #29).
      if (!k) return 'null';
      return json({ ...s.tasks[k], User: s.tasks[k].User.split('\\').pop(), RegisteredUser: sidOf(s, s.tasks[k].User) });
    }
    case 'task-set': {
      const password = takePassword(p.PasswordFile);
      if (password === undefined && !p.User.endsWith('$')) throw new Error(`a password is needed to register task ${p.Name} running as ${p.User}`);
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(p.Daily)) throw new Error(`String was not recognized as a valid DateTime: ${p.Daily}`);
      s.tasks[key(s.tasks, p.Name) ?? p.Name] = { Execute: p.Execute, Arguments: p.Arguments, User: p.User, Daily: p.Daily };
      s.passwords[`task:${p.Name}`] = password ?? '';
      return done();
    }
    case 'task-remove': { const k = key(s.tasks, p.Name); if (k) delete s.tasks[k]; return done(); }
    case 'acl-get': {
      if (!existsSync(p.Path)) return 'null';
      const a = s.acls[p.Path] ?? { protected: false, sids: ['S-1-5-32-545', 'S-1-5-18'] };
      const principals = a.sids.map((sid) => ({ Sid: sid, Name: Object.keys(s.sids).find((n) => s.sids[n] === sid) ?? (sid === 'S-1-5-32-544' ? 'BUILTIN\\Administratoren' : null) }));
      // PowerShell 5.1 prints a one-element array as a bare object
      return json({ InheritanceDisabled: a.protected, Principals: principals.length === 1 ? principals[0] : principals, OwnerSid: (s.owners ?? {})[p.Path] ?? 'S-1-5-32-544' });
    }
    case 'account-sid': return json({ Sid: sidOf(s, p.Account) });
    case 'registry-values-get': { const v = s.registry[p.Key]; return v ? json({ Values: v }) : 'null'; }
    case 'registry-values-set': {
      const names = p.Names.split('\n');
      const kinds = p.Kinds.split('\n');
      const values = p.Values.split('\n');
      s.registry[p.Key] = { ...(s.registry[p.Key] ?? {}) };
      names.forEach((n, i) => { if (n) s.registry[p.Key][n] = kinds[i] === 'DWord' ? Number(values[i]) : values[i]; });
      return done();
    }
    case 'registry-key-remove': { delete s.registry[p.Key]; return done(); }
    case 'eventlog-write': { s.events = [...(s.events ?? []), { type: p.EntryType, id: Number(p.EventId), message: p.Message }]; return done(); }
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
  // What script-block logging (4104) would record: the invocation and the script; module logging (4103): the values.
  log({ op, params, scriptLines: script.split('\n').length, logged: [line, script, ...Object.values(params)] });
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
