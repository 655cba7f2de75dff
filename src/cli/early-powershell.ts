// Which live runs start the run's PowerShell process at the very beginning (issue 17), read from the command line and
// environment alone: main.ts asks this before commander, the settings or any probe code has loaded, so that
// powershell.exe's cold start (1-2 s on Server 2016) overlaps all of that. Only what is certain without reading a
// file counts; anything else (a config file, snapshots) leaves the start to the live collection itself (live.ts).
// No imports: main.ts loads this at every start.

/** Flags after which a run does not collect this machine's facts (or that this reading cannot settle). */
const NOT_LIVE = ['-s', '--snapshot', '--emit-script', '--computer', '-h', '--help', '--config', '--simulate'];

/** The value of `--name value` or `--name=value`, the last one given. */
function flagValue(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  argv.forEach((a, i) => {
    if (a === name && i + 1 < argv.length) value = argv[i + 1];
    else if (a.startsWith(`${name}=`)) value = a.slice(name.length + 1);
  });
  return value;
}

/**
 * The PowerShell to start now, as the user named it ('powershell' by default on Windows), or null when this run is
 * not (certainly) a live preflight or collect that will use it. CLICKKER_EARLY_POWERSHELL=0 turns this off (the
 * bench's "before" figure); live.ts then starts it when the collection begins, as it does for every other run.
 */
export function earlyPowershell(argv: readonly string[], env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | null {
  if (env.CLICKKER_EARLY_POWERSHELL === '0') return null;
  const command = argv[0];
  if (command !== 'preflight' && command !== 'collect') return null;
  if (argv.some((a) => NOT_LIVE.some((f) => a === f || a.startsWith(`${f}=`)))) return null;
  if (env.CLICKKER_SNAPSHOT || env.CLICKKER_CONFIG) return null;
  const named = flagValue(argv, '--powershell') ?? env.CLICKKER_POWERSHELL;
  if (named !== undefined && named.trim() !== '') return named.trim();
  // Elsewhere the PowerShell probes run only with a PowerShell named (they read Windows facts).
  return platform === 'win32' ? 'powershell' : null;
}
