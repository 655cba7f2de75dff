// clickker collect: this server's facts into a snapshot file (judge it here or anywhere with --snapshot).
import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import { loadRequirements } from '../core/requirements.js';
import { EXIT } from '../core/exit-codes.js';
import { FACTS } from '../facts/index.js';
import { powershellUnavailable } from '../probes/powershell/bridge.js';
import { wantedProbes } from '../core/runner.js';
import { probeOptions, collectSnapshot } from './live.js';
import { askSqlPassword, isInteractive } from './prompts.js';
import { resolve, resolveSettings, selectionOf } from './resolve.js';
import { oneLine } from '../report/controls.js';
import { redactText } from '../report/redact.js';
import { writeFileAtomic } from './write-file.js';
import { cliLang, inLang, settleLang, tr } from './lang.js';
import { describeProbeError } from '../core/facts.js';
import { msg } from '../report/i18n/catalogue.js';

export async function runCollect(cmd: Command): Promise<number> {
  await settleLang(cmd.getOptionValue('lang') as string | undefined);
  if (cmd.getOptionValue('emitScript')) {
    // The standalone collector is built from the same .ps1 probe files the CLI runs (one source of truth).
    const settings = await resolveSettings(cmd);
    await settleLang(settings.lang);
    const { emitStandaloneScript } = await import('../probes/powershell/standalone.js');
    // The .NET view of network.endpoints needs the URLs: --endpoint, or the requirements' list for the profile.
    const endpoints = settings.endpoints
      ?? loadRequirements(settings.requirements).requirements.endpoints[settings.profile ?? 'synergy']?.map((e) => e.url) ?? [];
    process.stdout.write(emitStandaloneScript({ serviceAccount: settings.serviceAccount, endpoints, lang: cliLang() }));
    return 0;
  }
  const computers = cmd.getOptionValue('computer') as string | undefined;
  if (computers !== undefined) {
    const settings = await resolveSettings(cmd);
    await settleLang(settings.lang);
    const { runFleetCollect } = await import('./collect-fleet.js');
    const endpoints = settings.endpoints
      ?? loadRequirements(settings.requirements).requirements.endpoints[settings.profile ?? 'synergy']?.map((e) => e.url) ?? [];
    return runFleetCollect({
      computers, credentialUser: cmd.getOptionValue('credentialUser') as string | undefined, throttle: cmd.getOptionValue('throttle') as string | undefined,
      outDir: cmd.getOptionValue('outDir') as string | undefined, powershell: settings.powershell, serviceAccount: settings.serviceAccount, endpoints,
    });
  }
  const r = await resolve(cmd);
  const s = r.settings;
  await settleLang(s.lang);
  // Without --only/--skip a snapshot holds every fact clickker knows, so any check can judge it later.
  const wanted = s.only || s.skip ? wantedProbes(r.checks, selectionOf(r), r.options.profile) : FACTS.map((f) => f.probe);
  const password = await askSqlPassword(s, isInteractive(true));
  const snapshot = await collectSnapshot(wanted, probeOptions(r, password), r.settings.powershellTimeout, cliLang());
  const out = (cmd.getOptionValue('out') as string | undefined) ?? `clickker-${snapshot.host}.json`;
  if (!out.trim()) throw new InputError(msg('err.out'));
  await writeFileAtomic(out, `${JSON.stringify(snapshot, null, 2)}\n`, msg('in.what.written-snapshot'), [s.waivers, s.requirements].filter((x): x is string => typeof x === 'string'));
  const failed = Object.entries(snapshot.probes).filter(([, p]) => !p.ok);
  // Probe messages and names come from the server: shown redacted and with control characters escaped.
  const safe = (text: string) => oneLine(redactText(text));
  process.stdout.write(`${tr('collect.written', { host: safe(snapshot.host), file: safe(out), ok: wanted.length - failed.length, n: wanted.length })}\n`);
  // The probe's own message is a value (Windows', PowerShell's or the collector's words), framed in the run's language.
  for (const [id, p] of failed) if (!p.ok) process.stdout.write(`  ${id}: ${safe(inLang(describeProbeError(id, p.error)))}\n`);
  process.stdout.write(`${tr('collect.judge', { command: `clickker preflight --snapshot ${safe(out)}` })}\n`);
  // Without PowerShell the snapshot lacks every Windows fact: written (the other facts are real) but incomplete.
  // A probe that could not run here (no PowerShell, not Windows, a crash) leaves the snapshot incomplete: exit 3, not 0.
  // Only a probe nobody asked for (no --sql-server given) is not a failure of the collection.
  const missing = failed.filter(([, p]) => !p.ok && p.error.kind !== 'not-configured');
  return powershellUnavailable(snapshot.probes) || missing.length > 0 ? EXIT.INCOMPLETE : EXIT.READY;
}
