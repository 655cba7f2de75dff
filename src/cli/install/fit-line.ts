// Install's console lines fitted to the terminal's width (issue 16: "render to the real width, 80 minimum"). A plan,
// progress or summary line can hold a path, a SHA-256 and a Dutch sentence on one line; on a terminal it is broken at
// spaces and continued under its own text, so "12. iis.app-pool  ..." keeps its step number clear. Where the width is
// not known (a pipe, a CI log) lines stay whole: a log is read with search, not by eye.

/** Where a line's continuation starts: under the text after "NN. " for a numbered line, else two past its indent. */
function continuationIndent(line: string): number {
  const numbered = /^(\s*\d+\.\s)/.exec(line);
  if (numbered) return numbered[1]!.length + 2;
  return /^\s*/.exec(line)![0].length + 2;
}

/** `line` broken at spaces so that no piece passes `width` (a single word longer than that stays whole). */
export function fitLine(line: string, width: number): string {
  if (width <= 0 || line.length <= width) return line;
  const indent = ' '.repeat(Math.min(continuationIndent(line), Math.floor(width / 3)));
  const pieces: string[] = [];
  let rest = line;
  let first = true;
  while (rest.length > width) {
    const room = rest.slice(0, width + 1);
    const start = first ? /^\s*/.exec(rest)![0].length : indent.length;
    let cut = room.lastIndexOf(' ');
    if (cut <= start) cut = rest.indexOf(' ', width); // a word longer than the line: break after it
    if (cut < 0) break;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = indent + rest.slice(cut).trimStart();
    first = false;
  }
  pieces.push(rest);
  return pieces.join('\n');
}

/** The width to fit install's lines to: the terminal's (at least 80), or 0 (no fitting) when stdout is no terminal. */
export function outputWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  return stream.isTTY ? Math.max(80, stream.columns ?? 80) : 0;
}
