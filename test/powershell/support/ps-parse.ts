// PowerShell text checked by PowerShell itself: [System.Management.Automation.Language.Parser]::ParseInput in the real
// pwsh 7.6 (a superset of Windows PowerShell 5.1's grammar), then an AST walk for what 5.1 cannot run
// (ps51-rules.ps1, with the command list ps51-commands.json). The authority for "does this parse"; it replaced the
// tree-sitter grammar, which rejected valid PowerShell.
import { pwshHost, type Ps51Finding, type PsParseError } from './pwsh.js';

/** PowerShell's parse errors for `text` (empty when it parses). */
export async function syntaxProblems(text: string): Promise<PsParseError[]> {
  return (await pwshHost().parse(text)).errors;
}

/** What Windows PowerShell 5.1 could not run in `text` (empty when nothing). */
export async function ps7Constructs(text: string): Promise<Ps51Finding[]> {
  return (await pwshHost().parse(text)).ps51;
}

/** Ends the file's pwsh (call in afterAll). */
export function closeParser(): Promise<void> {
  return pwshHost().close();
}
