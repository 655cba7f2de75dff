// The clickker program. Only commander loads at start-up; each command imports its implementation when it runs.
import { Command, CommanderError } from 'commander';
import { EXIT } from '../core/exit-codes.js';
import { addOptions, JUDGE_OPTIONS, LIVE_OPTIONS, OUTPUT_OPTIONS } from './options.js';
import { toolVersion } from './version.js';

function program(): Command {
  const root = new Command('clickker')
    .description('Preflight, fix and install for Clickker Exact Synergy API on Windows Server')
    .version(toolVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`clickker: ${text.replace(/^error: /, '')}`) })
    .configureHelp({ sortSubcommands: false })
    .addHelpText('after', '\nExit codes: 0 ready, 1 not ready, 2 usage or input error, 3 incomplete, 4 internal error, 130 interrupted.\nDocs: README.md and docs/ in the package.');

  const preflight = root.command('preflight')
    .description('check this server (or snapshot files) against every requirement and explain each failure with its fix')
    .option('--config <file>', 'settings file (YAML or JSON); flags > CLICKKER_* environment > config')
    .option('--no-interactive', 'never ask (manual confirmations stay unknown); implied without a terminal or with CI set');
  addOptions(preflight, [...JUDGE_OPTIONS, ...LIVE_OPTIONS, ...OUTPUT_OPTIONS]);
  preflight.addHelpText('after', '\nExamples:\n  clickker preflight\n  clickker preflight --snapshot srv1.json srv2.json --format junit --output preflight.xml\n  clickker preflight --sql-server SQL01\\EXACT --sql-user sa --service-account CORP\\svc-clickker');
  preflight.action(async (_opts, cmd: Command) => {
    const { runPreflight } = await import('./preflight.js');
    process.exitCode = await runPreflight(cmd);
  });

  const collect = root.command('collect')
    .description('gather the facts of this server into a snapshot file, to judge here or anywhere later')
    .option('--out <file>', 'write the snapshot here (default: clickker-<host>.json)')
    .option('--emit-script', 'print a standalone PowerShell 5.1 collector (no Node needed) instead of collecting')
    .option('--config <file>', 'settings file (YAML or JSON)');
  addOptions(collect, [...JUDGE_OPTIONS.filter((o) => ['profile', 'only', 'skip', 'requirements', 'serviceAccount'].includes(o.key)), ...LIVE_OPTIONS, ...OUTPUT_OPTIONS]);
  collect.action(async (_opts, cmd: Command) => {
    const { runCollect } = await import('./collect.js');
    process.exitCode = await runCollect(cmd);
  });

  const checks = root.command('checks')
    .description('list every check: id, severity, category, the probes it needs and its profiles')
    .option('--format <format>', 'text, json or markdown (markdown is docs/checks.md)', 'text')
    .option('--requirements <file>', 'another requirements file');
  checks.action(async (opts: { format: string; requirements?: string }) => {
    const { runChecksCommand } = await import('./checks-command.js');
    process.exitCode = runChecksCommand(opts);
  });

  root.command('explain')
    .description('what a check verifies, why Clickker needs it, and how to fix it')
    .argument('<id>', "a check id from 'clickker checks', e.g. iis.features")
    .option('--requirements <file>', 'another requirements file')
    .action(async (id: string, opts: { requirements?: string }) => {
      const { runExplain } = await import('./explain.js');
      process.exitCode = runExplain(id, opts);
    });

  return root;
}

function verboseRequested(argv: readonly string[]): boolean {
  return argv.includes('--verbose') || argv.includes('-v') || /^(1|true|yes)$/i.test(process.env.CLICKKER_VERBOSE ?? '');
}

export async function main(argv: readonly string[]): Promise<number> {
  process.once('SIGINT', () => {
    process.stderr.write('\nclickker: interrupted\n');
    process.exit(EXIT.INTERRUPTED);
  });
  try {
    await program().parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.READY;
  } catch (err) {
    if (err instanceof CommanderError || (err as { code?: string }).code?.startsWith('commander.')) {
      const code = (err as CommanderError).code;
      if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return EXIT.READY;
      return EXIT.USAGE; // commander already printed its one-line error
    }
    if ((err as Error).name === 'InputError') {
      process.stderr.write(`clickker: ${(err as Error).message}\n`);
      return EXIT.USAGE;
    }
    if ((err as Error).name === 'ExitPromptError' || (err as Error).name === 'AbortPromptError') {
      process.stderr.write('clickker: cancelled\n');
      return EXIT.INTERRUPTED;
    }
    process.stderr.write(`clickker: internal error: ${(err as Error).message ?? String(err)}${verboseRequested(argv) ? '' : ' (run again with --verbose for details)'}\n`);
    if (verboseRequested(argv)) process.stderr.write(`${(err as Error).stack ?? ''}\n`);
    return EXIT.INTERNAL;
  }
}
