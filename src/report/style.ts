// Colour and symbols, decided once per run: flags, then NO_COLOR/FORCE_COLOR, then whether the stream is a TTY.
import { Chalk, type ChalkInstance } from 'chalk';
import type { Status } from '../core/types.js';

export interface Style {
  color: boolean;
  unicode: boolean;
  width: number;
  chalk: ChalkInstance;
}

interface StreamLike { isTTY?: boolean; columns?: number }

/** Narrowest layout clickker renders (an 80-column RDP console) and the widest it uses (longer lines are hard to read). */
export const MIN_WIDTH = 80;
export const MAX_WIDTH = 200;

/** With --ascii (or a console without the glyphs) no character outside ASCII punctuation may appear. */
const ASCII_PUNCTUATION: [RegExp, string][] = [
  [/…/g, '...'], [/[—–─]/g, '-'], [/·/g, '|'], [/[‘’‚]/g, "'"], [/[“”„]/g, '"'], [/→/g, '->'], [/≥/g, '>='], [/≤/g, '<='], [/×/g, 'x'], [/\u00a0/g, ' '],
];

export function asciiPunctuation(text: string): string {
  // Dutch letters with a diaeresis or accent ("geïnstalleerd", "één") lose the mark: "geinstalleerd" still reads.
  return ASCII_PUNCTUATION.reduce((s, [re, to]) => s.replace(re, to), text).normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** Windows conhost (Server 2016 over RDP) lacks the glyphs; modern terminals announce themselves. */
export function supportsUnicode(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  if (platform !== 'win32') return env.TERM !== 'linux';
  return Boolean(env.WT_SESSION || env.TERMINUS_SUBLIME || env.ConEmuTask === '{cmd::Cmder}' || env.TERM_PROGRAM === 'vscode'
    || env.TERM === 'xterm-256color' || env.TERM === 'alacritty' || env.TERMINAL_EMULATOR === 'JetBrains-JediTerm');
}

export function detectStyle(
  opts: { color?: boolean; ascii?: boolean },
  stream: StreamLike = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Style {
  let color: boolean;
  if (opts.color === false) color = false;
  else if ('NO_COLOR' in env && env.NO_COLOR !== '') color = false; // chalk ignores NO_COLOR by design; we honour it
  else if (env.FORCE_COLOR !== undefined) color = env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  else color = Boolean(stream.isTTY) && env.TERM !== 'dumb';
  const unicode = !opts.ascii && !env.CLICKKER_ASCII && supportsUnicode(env, platform);
  // The real width of the terminal (80 at least: an RDP console); a pipe or file gets COLUMNS, else 80.
  const fromEnv = Number.parseInt(env.COLUMNS ?? '', 10);
  const columns = stream.columns && stream.columns > 0 ? stream.columns : Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : MIN_WIDTH;
  const width = Math.max(MIN_WIDTH, Math.min(columns, MAX_WIDTH));
  return { color, unicode, width, chalk: new Chalk({ level: color ? 1 : 0 }) };
}

const UNICODE: Record<Status, string> = { pass: '✔', fail: '✖', warn: '⚠', unknown: '?', 'not-applicable': '–', skipped: '↷', waived: '≈' };
const ASCII: Record<Status, string> = { pass: '[ OK ]', fail: '[FAIL]', warn: '[WARN]', unknown: '[ ?? ]', 'not-applicable': '[ -- ]', skipped: '[SKIP]', waived: '[WAIV]' };

export function symbol(status: Status, style: Style): string {
  const s = (style.unicode ? UNICODE : ASCII)[status];
  const c = style.chalk;
  switch (status) {
    case 'pass': return c.green(s);
    case 'fail': return c.red(s);
    case 'warn': return c.yellow(s);
    case 'unknown': return c.magenta(s);
    case 'waived': return c.cyan(s);
    default: return c.gray(s);
  }
}

/** Word-wraps `text` to `width`, indenting continuation lines by `indent` spaces. */
export function wrap(text: string, width: number, indent: number, firstIndent = indent): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = ' '.repeat(firstIndent);
  let bare = true;
  for (const w of words) {
    if (!bare && line.length + 1 + w.length > width) {
      lines.push(line);
      line = ' '.repeat(indent) + w;
    } else {
      line += (bare ? '' : ' ') + w;
    }
    bare = false;
  }
  lines.push(line);
  return lines.join('\n');
}
