// Wildcard matching as WinHTTP's proxy bypass list writes it: `*` any run of characters, `?` any one character.
// Matched without a regular expression: a pattern such as `*?*?*?...!` compiled to `.*.` backtracks exponentially
// (a 33-character bypass entry took over two minutes); this greedy two-pointer walk remembers only the last `*`,
// so it takes at most pattern length x text length steps.

/** Whether `text` matches `pattern` in full. Case-sensitive: lower-case both for host names. */
export function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1; // position in the pattern just after the last `*` seen
  let resume = 0; // position in the text where that `*` currently ends
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = ++p;
      resume = t;
    } else if (star !== -1) {
      p = star;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
