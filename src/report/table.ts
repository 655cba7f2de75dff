// A plain-text table whose cells wrap inside their columns, so it fits any width from 80 columns up.
import { wrap } from './style.js';

export interface Column { title: string; min: number; /** share of the spare width */ grow: number }

/** Visible length: colour escape codes take no room. */
// eslint-disable-next-line no-control-regex
export const visible = (s: string): number => s.replace(/\u001b\[[0-9;]*m/g, '').length;

export function renderTable(columns: readonly Column[], rows: readonly string[][], width: number, indent = 0, gap = 2): string[] {
  const natural = columns.map((c, i) => Math.max(visible(c.title), ...rows.map((r) => visible(r[i] ?? ''))));
  const widths = tableWidths(columns, natural, width, indent, gap);
  return [...tableRow(columns.map((c) => c.title), widths, indent, gap), ...rows.flatMap((r) => tableRow(r, widths, indent, gap))];
}

/**
 * The columns' widths, from each column's natural width (its widest cell or title): a table whose rows are streamed
 * (a fleet's host list, issue 17) is laid out from running maxima, then rendered a row at a time with tableRow.
 */
export function tableWidths(columns: readonly Column[], natural: readonly number[], width: number, indent = 0, gap = 2): number[] {
  const room = width - indent - gap * (columns.length - 1);
  let widths = columns.map((c, i) => Math.min(natural[i]!, Math.max(c.min, 1)));
  const spare = room - widths.reduce((a, b) => a + b, 0);
  if (spare > 0) {
    // Give each column what it wants, in proportion to its grow share, never more than its natural width.
    const wants = columns.map((_, i) => natural[i]! - widths[i]!);
    const totalGrow = columns.reduce((a, c, i) => a + (wants[i]! > 0 ? c.grow : 0), 0) || 1;
    let left = spare;
    widths = widths.map((w, i) => {
      const extra = Math.min(wants[i]!, Math.floor((spare * (wants[i]! > 0 ? columns[i]!.grow : 0)) / totalGrow));
      left -= extra;
      return w + extra;
    });
    for (let i = 0; left > 0 && i < widths.length; i++) {
      const more = Math.min(left, natural[i]! - widths[i]!);
      if (more > 0) { widths[i]! += more; left -= more; }
    }
  }
  return widths;
}

/** One row's lines: each cell wrapped in its column, padded to the column's width (the last one not). */
export function tableRow(cells: readonly string[], widths: readonly number[], indent = 0, gap = 2): string[] {
  const wrapped = cells.map((cell, i) => cellLines(cell, widths[i]!));
  const height = Math.max(...wrapped.map((w) => w.length));
  const out: string[] = [];
  for (let k = 0; k < height; k++) {
    const parts = wrapped.map((w, i) => {
      const text = w[k] ?? '';
      return i === wrapped.length - 1 ? text : text + ' '.repeat(Math.max(0, widths[i]! - visible(text)));
    });
    out.push((' '.repeat(indent) + parts.join(' '.repeat(gap))).replace(/\s+$/, ''));
  }
  return out;
}

/** Word-wrapped cell; a word longer than the column (a host name) is split at a dot or hyphen, never silently cut. */
function cellLines(cell: string, width: number): string[] {
  if (visible(cell) <= width) return [cell];
  const pieces = cell.split(/\s+/).flatMap((w) => (visible(w) > width ? splitLong(w, width) : [w]));
  return wrap(pieces.join(' '), width, 0).split('\n');
}

function splitLong(word: string, width: number): string[] {
  const out: string[] = [];
  let rest = word;
  while (rest.length > width) {
    const cut = Math.max(rest.lastIndexOf('.', width - 1), rest.lastIndexOf('-', width - 1));
    const at = cut > 0 ? cut + 1 : width;
    out.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  out.push(rest);
  return out;
}
