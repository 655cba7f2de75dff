// A real PowerShell grammar (tree-sitter-powershell, run through web-tree-sitter's WebAssembly build) plus two small
// lexical checks of our own: bracket/quote balance (which no allow-list can excuse) and PowerShell 7-only constructs.
import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

const require = createRequire(import.meta.url);
let parser: Parser | null = null;

export async function powershellParser(): Promise<Parser> {
  if (!parser) {
    await Parser.init();
    const language = await Language.load(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'));
    parser = new Parser();
    parser.setLanguage(language);
  }
  return parser;
}

export interface SyntaxProblem {
  /** 1-based line and column. */
  line: number;
  column: number;
  /** ERROR (the grammar could not parse this) or MISSING (something, e.g. a closing brace, is missing). */
  kind: 'ERROR' | 'MISSING';
  /** The full source line where it starts. */
  source: string;
  snippet: string;
}

export async function parse(text: string): Promise<Tree> {
  const tree = (await powershellParser()).parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

export async function syntaxProblems(text: string): Promise<SyntaxProblem[]> {
  const tree = await parse(text);
  const lines = text.split(/\r?\n/);
  const out: SyntaxProblem[] = [];
  const walk = (n: Node) => {
    if (n.isError || n.isMissing) {
      out.push({
        line: n.startPosition.row + 1,
        column: n.startPosition.column + 1,
        kind: n.isMissing ? 'MISSING' : 'ERROR',
        source: lines[n.startPosition.row] ?? '',
        snippet: n.isMissing ? n.type : n.text.slice(0, 80),
      });
      if (n.isError) return; // one report per error region
    }
    for (const c of n.children) if (c) walk(c);
  };
  walk(tree.rootNode);
  tree.delete();
  return out;
}

/** A grammar gap we accept on one exact source line, and why. Never used for MISSING or balance problems. */
export interface AllowedGap {
  file: string;
  /** The exact source line (trimmed) the grammar wrongly rejects. */
  line: string;
  reason: string;
}

/** Problems not excused by the allow-list; MISSING nodes (unbalanced code) are never excusable. */
export function unexcused(file: string, problems: readonly SyntaxProblem[], allowed: readonly AllowedGap[]): SyntaxProblem[] {
  return problems.filter((p) => p.kind === 'MISSING' || !allowed.some((a) => a.file === file && a.line === p.source.trim()));
}

/**
 * Bracket and quote balance by a small PowerShell lexer: comments (#, <# #>), '' and "" strings (with `` ` `` escapes,
 * doubled quotes and $( ) subexpressions), here-strings. Unbalanced code would make a PowerShell reading stdin wait
 * for more input for ever, so this is checked on its own, outside the grammar and any allow-list.
 */
export function balanceProblems(text: string): string[] {
  const problems: string[] = [];
  const stack: { ch: string; at: number }[] = [];
  const pairs: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
  const lineOf = (i: number) => text.slice(0, i).split('\n').length;
  const n = text.length;

  // Scans a double-quoted string body from i (after the opening quote); returns the index after the closing quote.
  const scanDouble = (start: number): number => {
    let j = start;
    while (j < n) {
      const c = text[j]!;
      if (c === '`') { j += 2; continue; }
      if (c === '"') {
        if (text[j + 1] === '"') { j += 2; continue; }
        return j + 1;
      }
      if (c === '$' && text[j + 1] === '(') { j = scanCode(j + 2, ')'); continue; }
      j += 1;
    }
    problems.push(`unterminated "string starting on line ${lineOf(start)}`);
    return n;
  };

  // Scans code from j until the closing `close` at depth 0 (or the end for the top level).
  const scanCode = (start: number, close: string | null): number => {
    let j = start;
    const base = stack.length;
    if (close) stack.push({ ch: pairs[close]!, at: start });
    while (j < n) {
      const c = text[j]!;
      if (c === '<' && text[j + 1] === '#') {
        const end = text.indexOf('#>', j + 2);
        if (end < 0) { problems.push(`unterminated <# comment starting on line ${lineOf(j)}`); return n; }
        j = end + 2; continue;
      }
      if (c === '#') { const end = text.indexOf('\n', j); j = end < 0 ? n : end; continue; }
      if (c === '`') { j += 2; continue; }
      if (c === '@' && (text[j + 1] === "'" || text[j + 1] === '"') && /^[ \t]*\r?\n/.test(text.slice(j + 2, j + 4 + 2))) {
        const q = text[j + 1]!;
        const end = text.slice(j + 2).search(new RegExp(`\\n${q}@`));
        if (end < 0) { problems.push(`unterminated here-string starting on line ${lineOf(j)}`); return n; }
        j = j + 2 + end + 3; continue;
      }
      if (c === "'") {
        let k = j + 1;
        for (;;) {
          const e = text.indexOf("'", k);
          if (e < 0) { problems.push(`unterminated 'string starting on line ${lineOf(j)}`); return n; }
          if (text[e + 1] === "'") { k = e + 2; continue; }
          j = e + 1; break;
        }
        continue;
      }
      if (c === '"') { j = scanDouble(j + 1); continue; }
      if (c === '(' || c === '{' || c === '[') { stack.push({ ch: c, at: j }); j += 1; continue; }
      if (c === ')' || c === '}' || c === ']') {
        const top = stack.pop();
        if (!top || top.ch !== pairs[c]) {
          problems.push(`unexpected ${c} on line ${lineOf(j)}${top ? ` (open ${top.ch} from line ${lineOf(top.at)})` : ''}`);
          if (top) stack.push(top);
          j += 1; continue;
        }
        j += 1;
        if (close && c === close && stack.length === base) return j;
        continue;
      }
      j += 1;
    }
    return j;
  };

  scanCode(0, null);
  for (const open of stack) problems.push(`unclosed ${open.ch} from line ${lineOf(open.at)}`);
  return problems;
}

/** Text with comments and the literal parts of strings blanked out (code inside $( ) and here-strings stays). */
export function codeOnly(text: string, tree: Tree): string {
  const chars = [...text];
  const blank = (from: number, to: number) => { for (let k = from; k < to && k < chars.length; k++) if (chars[k] !== '\n') chars[k] = ' '; };
  // tree-sitter indexes are in bytes of UTF-8; the probe scripts are ASCII-only (checked), so bytes = characters.
  const walk = (node: Node) => {
    const t = node.type;
    if (t === 'comment') { blank(node.startIndex, node.endIndex); return; }
    if (t === 'verbatim_string_characters' || t === 'verbatim_here_string_characters') { blank(node.startIndex, node.endIndex); return; }
    if (t === 'expandable_string_literal' || t === 'expandable_here_string_literal') {
      // blank everything but the sub-expressions and variables
      let cursor = node.startIndex;
      for (const c of node.children) {
        if (!c) continue;
        if (c.type === 'sub_expression') { blank(cursor, c.startIndex); walk(c); cursor = c.endIndex; }
      }
      blank(cursor, node.endIndex);
      return;
    }
    for (const c of node.children) if (c) walk(c);
  };
  walk(tree.rootNode);
  return chars.join('');
}

export interface Ps7Finding { rule: string; line: number; source: string }

const PS7_ONLY_PARAMETERS = ['AsArray', 'EnumsAsStrings', 'AsHashtable', 'SkipCertificateCheck', 'SkipHttpErrorCheck', 'Parallel', 'AsByteStream', 'EscapeHandling', 'SkipHeaderValidation'];
const PS7_ONLY_COMMANDS = [
  'Get-Error', 'Join-String', 'Test-Json', 'ConvertFrom-Markdown', 'Show-Markdown', 'Get-MarkdownOption', 'Set-MarkdownOption',
  'Get-Uptime', 'Remove-Alias', 'Remove-Service', 'Get-ExperimentalFeature', 'Enable-ExperimentalFeature',
  'Disable-ExperimentalFeature', 'Start-ThreadJob', 'Get-SecureRandom', 'ConvertTo-CliXml', 'ConvertFrom-CliXml', 'Get-PSSubsystem',
];
const PS7_ONLY_VARIABLES = ['PSStyle', 'IsWindows', 'IsLinux', 'IsMacOS', 'IsCoreCLR'];

/** PowerShell 7-only syntax, parameters, cmdlets and variables, found in code (not in comments or string text). */
export async function ps7Constructs(text: string): Promise<Ps7Finding[]> {
  const tree = await parse(text);
  const findings: Ps7Finding[] = [];
  const code = codeOnly(text, tree);
  const codeLines = code.split('\n');
  const lines = text.split('\n');
  const add = (rule: string, line: number) => findings.push({ rule, line: line + 1, source: (lines[line] ?? '').trim() });

  const walk = (node: Node) => {
    if (node.type === 'pipeline_chain_tail') add('&& / || pipeline chain operator (PowerShell 7)', node.startPosition.row);
    for (const c of node.children) if (c) walk(c);
  };
  walk(tree.rootNode);
  tree.delete();

  codeLines.forEach((l, k) => {
    if (/\?\?/.test(l)) add('?? / ??= null-coalescing operator (PowerShell 7)', k);
    else if (/\?\.|\?\[/.test(l)) add('?. / ?[] null-conditional operator (PowerShell 7)', k);
    else if (/(?<![$|])\s\?\s/.test(l) && /\s:\s/.test(l)) add('? : ternary operator (PowerShell 7)', k);
    if (/&&|\|\|/.test(l)) add('&& / || pipeline chain operator (PowerShell 7)', k);
    for (const p of PS7_ONLY_PARAMETERS) if (new RegExp(`(^|\\s)-${p}\\b`, 'i').test(l)) add(`-${p} (PowerShell 6+ only)`, k);
    for (const c of PS7_ONLY_COMMANDS) if (new RegExp(`(^|[\\s|(;{])${c}\\b`, 'i').test(l)) add(`${c} (PowerShell 6+ only)`, k);
    for (const v of PS7_ONLY_VARIABLES) if (new RegExp(`\\$${v}\\b`, 'i').test(l)) add(`$${v} (PowerShell 6+ only)`, k);
    if (/^\s*clean\s*\{/i.test(l)) add('clean { } block (PowerShell 7.3)', k);
  });
  // one finding per rule and line
  return findings.filter((f, k) => findings.findIndex((g) => g.rule === f.rule && g.line === f.line) === k);
}
