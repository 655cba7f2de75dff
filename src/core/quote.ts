// Quoting user-visible values inside the commands a remediation shows (PowerShell and T-SQL to copy and run).
// These are for display text only; values are never spliced into what clickker itself runs (parameters only).

/** Quotes a value for a PowerShell command shown to the user: a single-quoted literal with quotes doubled. */
export function psQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

/** Quotes an identifier for T-SQL shown to the user, as QUOTENAME does. */
export function sqlName(value: string): string {
  return `[${value.replace(/]/g, ']]')}]`;
}
