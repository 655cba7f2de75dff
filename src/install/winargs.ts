// Windows command lines for services and scheduled tasks, quoted the way the Microsoft C runtime parses them
// (CommandLineToArgvW): the executable always in quotes, arguments quoted only when needed, backslashes doubled
// only before a quote.

export function quoteWindowsArg(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  let out = '"';
  let slashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      slashes += 1;
      continue;
    }
    out += ch === '"' ? `${'\\'.repeat(slashes * 2 + 1)}"` : `${'\\'.repeat(slashes)}${ch}`;
    slashes = 0;
  }
  return `${out}${'\\'.repeat(slashes * 2)}"`;
}

/** The arguments of a command line, each quoted as needed. */
export function windowsArguments(args: readonly string[]): string {
  return args.map(quoteWindowsArg).join(' ');
}

/** "C:\Program Files\Clickker\bin\x.exe" --service */
export function windowsCommandLine(executable: string, args: readonly string[]): string {
  return [`"${executable}"`, ...args.map(quoteWindowsArg)].join(' ');
}
