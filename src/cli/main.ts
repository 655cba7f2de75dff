// The clickker program. Only commander loads at start-up; each command imports its implementation when it runs.
import { Command, CommanderError, Option } from 'commander';
import { EXIT } from '../core/exit-codes.js';
import { escapeControls } from '../report/controls.js';
import { redactText } from '../report/redact.js';
import { commanderLine, errorLine } from './error-line.js';
import { installInterruptHandlers } from './interrupt.js';
import { cliLang, langFlagIn, setCliLang, settleLang, tr } from './lang.js';
import { resolveLang } from '../report/i18n/catalogue.js';
import { addOptions, FIX_OPTIONS, INSTALL_OPTIONS, JUDGE_OPTIONS, LIVE_OPTIONS, OUTPUT_OPTIONS, REPORT_OPTIONS } from './options.js';
import { toolVersion } from './version.js';
import { earlyPowershell } from './early-powershell.js';

const COMMANDS = ['preflight', 'collect', 'install', 'uninstall', 'support-bundle', 'fix', 'checks', 'explain'];

/**
 * The command the command line runs, when it names one and asks for no help; undefined otherwise. Only that command
 * gets its options and help texts (issue 17: start-up): the others are never parsed, and their names and descriptions
 * (all that `clickker --help` and commander's suggestions use of them) are built anyway. Any help asked, or no
 * command named, builds every command in full, so help output stays the same.
 */
export function invokedCommand(argv: readonly string[]): string | undefined {
  const first = argv[0];
  if (first === undefined || !COMMANDS.includes(first)) return undefined;
  return argv.some((a) => a === '-h' || a === '--help' || a === 'help') ? undefined : first;
}

function program(only: string | undefined): Command {
  // A command not run gets nothing but its name and description.
  const full = (name: string) => only === undefined || only === name;
  const root = new Command('clickker')
    .description('Preflight, fix and install for Clickker Exact Synergy API on Windows Server')
    .version(toolVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(commanderLine(text)) })
    .configureHelp({ sortSubcommands: false })
    .addHelpText('after', [
      '', 'Exit codes: 0 ready, 1 not ready, 2 usage or input error, 3 incomplete,',
      '            4 internal error, 5 install/fix did not complete, 6 restart needed,', '            130 interrupted, 143 terminated.',
      'Docs: README.md and docs/ in the package.',
    ].join('\n'));

  const preflight = root.command('preflight')
    .description('check this server (or snapshot files) against every requirement and explain each failure with its fix');
  if (full('preflight')) {
    preflight
      .option('--config <file>', 'settings file (YAML or JSON); flags > CLICKKER_* environment > config')
      .option('--no-interactive', 'never ask (manual confirmations stay unknown); implied without a terminal or with CI set');
    addOptions(preflight, [...JUDGE_OPTIONS, ...LIVE_OPTIONS, ...OUTPUT_OPTIONS, ...REPORT_OPTIONS]);
    preflight.addOption(new Option('--state-dir <dir>', 'state folder: remembered answers and saved reports (default %ProgramData%\\Clickker)'));
    preflight.addHelpText('after', '\nExamples:\n  clickker preflight\n  clickker preflight --snapshot srv1.json srv2.json --format junit --output preflight.xml\n  clickker preflight --sql-server SQL01\\EXACT --sql-user sa --service-account CORP\\svc-clickker');
  }
  preflight.action(async (_opts, cmd: Command) => {
    const { runPreflight } = await import('./preflight.js');
    process.exitCode = await runPreflight(cmd);
  });

  const collect = root.command('collect')
    .description('gather the facts of this server into a snapshot file, to judge here or anywhere later');
  if (full('collect')) {
    collect
      .option('--out <file>', 'write the snapshot here (default: clickker-<host>.json)')
      .option('--emit-script', 'print a standalone PowerShell 5.1 collector (no Node needed) instead of collecting')
      .option('--computer <names>', 'collect these computers (A,B,...) through PowerShell remoting instead of this one: one snapshot each in --out-dir')
      .option('--credential-user <account>', 'with --computer: the account for remoting (DOMAIN\\admin); its password is asked, never a flag')
      .option('--throttle <n>', 'with --computer: at most this many computers at once (Invoke-Command -ThrottleLimit, default 32)')
      .option('--out-dir <folder>', 'with --computer: where the snapshots go (default snapshots)')
      .option('--config <file>', 'settings file (YAML or JSON)');
    addOptions(collect, [...JUDGE_OPTIONS.filter((o) => ['profile', 'only', 'skip', 'requirements', 'serviceAccount'].includes(o.key)), ...LIVE_OPTIONS, ...OUTPUT_OPTIONS]);
  }
  collect.action(async (_opts, cmd: Command) => {
    const { runCollect } = await import('./collect.js');
    process.exitCode = await runCollect(cmd);
  });

  const preflightOf = (keys: string[]) => JUDGE_OPTIONS.filter((o) => keys.includes(o.key));
  const install = root.command('install')
    .description('install Clickker from its release package: preflight, plan, apply, verify; --resume after an interruption, --rollback to undo');
  if (full('install')) {
    install
      .option('--plan', 'show what each step would change on this host, and change nothing')
      .option('--resume', 'continue an interrupted installation from its first unfinished step (parameters from the journal)')
      .option('--rollback', 'undo the steps of the last installation, in reverse')
      .option('-y, --yes', 'do not ask: take every value from flags, environment or config, and go ahead')
      .option('--config <file>', 'settings file (YAML or JSON); flags > CLICKKER_* environment > config')
      .option('--no-interactive', 'never ask; implied without a terminal, with CI set, or with --yes');
    addOptions(install, [...INSTALL_OPTIONS, ...preflightOf(['serviceAccount', 'confirm', 'waivers', 'requirements', 'synergyRelease', 'externalAccess', 'skip']),
      ...LIVE_OPTIONS.filter((o) => o.key !== 'sqlDatabase'), ...OUTPUT_OPTIONS]);
    install.addHelpText('after', [
      '', 'Secrets: CLICKKER_SERVICE_ACCOUNT_PASSWORD, CLICKKER_SECRET_<NAME> for the package\'s secrets, CLICKKER_SQL_PASSWORD with --sql-user;',
      'on a terminal they are asked for (hidden). Never a flag.',
      '', 'Examples:',
      '  clickker install --package clickker-1.0.0.zip --plan',
      '  clickker install --package clickker-1.0.0.zip --sha256 <hex> --service-account CORP\\svc-clickker --sql-server SQL01\\EXACT --site "Exact Synergy"',
      '  clickker install --resume',
      '  clickker install --rollback --yes',
    ].join('\n'));
  }
  install.action(async (_opts, cmd: Command) => {
    const { runInstall } = await import('./install/index.js');
    process.exitCode = await runInstall(cmd);
  });

  const uninstall = root.command('uninstall')
    .description('remove the installation recorded in the state folder (all its runs); --keep-database leaves the Clickker database');
  if (full('uninstall')) {
    uninstall
      .option('--keep-database', 'leave the Clickker database, its user and the service account\'s login in place')
      .option('--plan', 'show what would be removed, and change nothing')
      .option('-y, --yes', 'do not ask')
      .option('--config <file>', 'settings file (YAML or JSON)')
      .option('--no-interactive', 'never ask; implied without a terminal, with CI set, or with --yes');
    addOptions(uninstall, [...INSTALL_OPTIONS.filter((o) => ['package', 'sha256', 'checksumFile', 'stateDir', 'simulate', 'sqlUser'].includes(o.key)), ...OUTPUT_OPTIONS]);
    uninstall.addHelpText('after', '\nExamples:\n  clickker uninstall --plan\n  clickker uninstall --keep-database --yes');
  }
  uninstall.action(async (_opts, cmd: Command) => {
    const { runUninstall } = await import('./uninstall.js');
    process.exitCode = await runUninstall(cmd);
  });

  const bundle = root.command('support-bundle')
    .description('one zip for Clickker support: preflight reports, journals, logs and snapshots from the state folder, secrets masked');
  if (full('support-bundle')) {
    bundle
      .option('--out <file>', 'write the zip here (default: clickker-support-<time>.zip in the state folder)')
      .option('--config <file>', 'settings file (YAML or JSON)');
    addOptions(bundle, [...INSTALL_OPTIONS.filter((o) => o.key === 'stateDir'), ...preflightOf(['snapshots']), ...OUTPUT_OPTIONS]);
  }
  bundle.action(async (_opts, cmd: Command) => {
    const { runSupportBundle } = await import('./support-bundle.js');
    process.exitCode = await runSupportBundle(cmd);
  });

  const fix = root.command('fix')
    .description('fix failed checks where a safe automatic fix exists (what-if first, asks before acting); print the exact commands for the rest')
    .argument('[id...]', 'check ids or fix ids to fix (default: every failed check that has a fix)');
  if (full('fix')) {
    fix
      .option('--what-if', 'show what each fix would change, and change nothing')
      .option('-y, --yes', 'do not ask before each fix')
      .option('--config <file>', 'settings file (YAML or JSON)')
      .option('--no-interactive', 'never ask; implied without a terminal, with CI set, or with --yes');
    addOptions(fix, [...FIX_OPTIONS, ...preflightOf(['serviceAccount', 'waivers', 'requirements', 'synergyRelease', 'externalAccess', 'snapshots']), ...LIVE_OPTIONS, ...OUTPUT_OPTIONS]);
    fix.addHelpText('after', '\nExamples:\n  clickker fix --what-if\n  clickker fix iis.features --source wim:D:\\sources\\install.wim:2\n  clickker fix dotnet.tls12 --yes');
  }
  fix.action(async (ids: string[], _opts, cmd: Command) => {
    const { runFix } = await import('./fix.js');
    process.exitCode = await runFix(ids, cmd);
  });

  const checks = root.command('checks')
    .description('list every check: id, severity, category, the probes it needs and its profiles');
  if (full('checks')) {
    checks
      .option('--format <format>', 'text, json or markdown (markdown is docs/checks.md)', 'text')
      .option('--requirements <file>', 'another requirements file')
      .addOption(new Option('--lang <lang>', 'language of the text list: en or nl (default: CLICKKER_LANG, else the Windows display language)').choices(['en', 'nl']));
  }
  checks.action(async (opts: { format: string; requirements?: string; lang?: string }) => {
    const { runChecksCommand } = await import('./checks-command.js');
    process.exitCode = await runChecksCommand(opts);
  });

  const explain = root.command('explain')
    .description('what a check verifies, why Clickker needs it, and how to fix it')
    .argument('<id>', "a check id from 'clickker checks', e.g. iis.features");
  if (full('explain')) {
    explain
      .option('--requirements <file>', 'another requirements file')
      .addOption(new Option('--lang <lang>', 'language: en or nl (default: CLICKKER_LANG, else the Windows display language)').choices(['en', 'nl']));
  }
  explain.action(async (id: string, opts: { requirements?: string; lang?: string }) => {
    const { runExplain } = await import('./explain.js');
    process.exitCode = await runExplain(id, opts);
  });

  return root;
}

function verboseRequested(argv: readonly string[]): boolean {
  return argv.includes('--verbose') || argv.includes('-v') || /^(1|true|yes)$/i.test(process.env.CLICKKER_VERBOSE ?? '');
}

/** `clickker ... | head` closes the pipe early: that is the reader's choice, not an error (no EPIPE stack trace). */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT.READY);
    throw err;
  });
}

/** A fleet's worker thread enters the bundle here (src/cli/fleet.ts starts it; issue 17). */
export async function fleetWorker(): Promise<void> {
  (await import('./fleet-worker.js')).runFleetWorker();
}

export async function main(argv: readonly string[]): Promise<number> {
  quietOnClosedPipe(process.stdout);
  // Node's deprecation warnings are notes for developers about a library's calls, not words for the administrator:
  // tedious passes an IP address given as --sql-server as the TLS server name, and Node printed "[DEP0123]
  // DeprecationWarning: Setting the TLS ServerName to an IP address ..." between clickker's lines. --verbose shows them.
  if (!verboseRequested(argv)) process.noDeprecation = true;
  installInterruptHandlers();
  // The error lines and Ctrl+C messages speak the run's language from the start (--lang, CLICKKER_LANG); each
  // command refines it with the Windows display language (settleLang) before it prints.
  setCliLang(resolveLang(langFlagIn(argv)));
  // A live preflight or collect spawns its PowerShell process first of all (issue 17), before the command's code loads:
  // powershell.exe's cold start then overlaps loading the command, resolving the settings and any prompt. Only
  // session.js and node-powershell load before the spawn (measured: an import chain through the job host put the spawn
  // after the collection had begun). The run's job host then opens in it while the rest loads; the collection takes
  // it (live.ts). Both are ended below on every way out, so an input error never leaves a PowerShell behind.
  const exe = earlyPowershell(argv, process.env, process.platform);
  let early: { session: typeof import('../probes/powershell/session.js'); host: Promise<typeof import('../probes/powershell/run-host.js') | null> } | null = null;
  if (exe !== null) {
    const session = await import('../probes/powershell/session.js');
    const executable = session.resolveExecutable(exe);
    await session.prestartSession(executable);
    const host = import('../probes/powershell/run-host.js').then((m) => { m.startRunHost(executable); return m; }, () => null);
    early = { session, host };
  }
  try {
    await program(invokedCommand(argv)).parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.READY;
  } catch (err) {
    if (err instanceof CommanderError || (err as { code?: string }).code?.startsWith('commander.')) {
      const code = (err as CommanderError).code;
      if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return EXIT.READY;
      return EXIT.USAGE; // commander already printed its one-line error
    }
    const flag = langFlagIn(argv);
    if (!flag && !process.env.CLICKKER_LANG) await settleLang(undefined);
    if ((err as Error).name === 'InputError') {
      const e = err as Error & { inLang?: (lang: ReturnType<typeof cliLang>) => string };
      process.stderr.write(errorLine(e.inLang ? e.inLang(cliLang()) : e.message));
      return EXIT.USAGE;
    }
    if ((err as Error).name === 'ExitPromptError' || (err as Error).name === 'AbortPromptError') {
      process.stderr.write(`clickker: ${tr('err.cancelled')}\n`);
      return EXIT.INTERRUPTED;
    }
    process.stderr.write(errorLine(`${tr('err.internal', { message: (err as Error).message ?? String(err) })}${verboseRequested(argv) ? '' : tr('err.verbose-hint')}`));
    if (verboseRequested(argv)) process.stderr.write(`${escapeControls(redactText((err as Error).stack ?? ''), true)}\n`);
    return EXIT.INTERNAL;
  } finally {
    if (early) {
      await (await early.host)?.closeRunHost();
      await early.session.discardPrestartedSession();
    }
  }
}
