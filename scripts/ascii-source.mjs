// A bundle as pure ASCII, for loaders that read it as Latin-1 (bin/load-cli.cjs for the npm package,
// scripts/exe-main.cjs for the exe): one byte per character, a one-byte string in V8, no UTF-8 decoding at start.
// esbuild's charset 'ascii' escapes strings and identifiers, but leaves comments and regular expression literals as
// they were, and read as Latin-1 a UTF-8 "…" in /^(…)$/ becomes three other characters: the expression stops matching
// (src/report/redact.ts's placeholder test, src/report/style.ts's --ascii table). A \uXXXX escape of each UTF-16 unit
// means the same there (in a comment nothing; in a regular expression the same character, a surrogate pair the same
// code point with or without the u flag).

/** The text with every character above U+007F written as its \uXXXX escape. */
export function asciiSource(text) {
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The offset of the first byte above 0x7f, or -1: a loader reading Latin-1 would change the program's text there. */
export function firstNonAscii(bytes) {
  return bytes.findIndex((b) => b > 0x7f);
}
