// English words that are never Dutch: a hit in Dutch output is an English sentence that got through (issue 16).
/**
 * Words that are English and never Dutch. Words both languages share ("is", "in", "server", "of", "was", "as") are
 * left out, so a hit is an English sentence, not a coincidence.
 */
export const ENGLISH_ONLY = [
  'the', 'and', 'with', 'could', 'not', 'from', 'this', 'that', 'which', 'than', 'then', 'should', 'must', 'only',
  'after', 'before', 'older', 'newer', 'missing', 'found', 'enabled', 'disabled', 'reachable', 'cannot', 'would',
  'your', 'you', 'please', 'when', 'what', 'where', 'are', 'be', 'been', 'has', 'have', 'does', 'its', 'it', 'to',
  'for', 'on', 'no', 'run', 'check', 'needs', 'passed', 'failed', 'unknown', 'waived', 'checked', 'evaluate',
  'fix', 'restart', 'pending', 'allowed', 'reads', 'docs', 'ask', 'make', 'give', 'add', 'set', 'by', 'at',
  'accepts', 'logins', 'mixed', 'mode', 'installed', 'install', 'certificate', 'required', 'supported', 'user', 'users',
  'password', 'expires', 'days', 'present', 'locked', 'expired', 'answered', 'elevated', 'confirmed', 'older', 'newer',
  'unreachable', 'endpoints', 'valid', 'trusted', 'allows', 'uses', 'use', 'either', 'both', 'none', 'all', 'any',
];

/** A line holds an English-only word, as a whole word (not inside a path, an id or a hyphenated Dutch compound). */
export const MARKER = new RegExp(`(?<![\\w./\\\\-])(${ENGLISH_ONLY.map((w) => `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}`).join('|')})(?![\\w/\\\\-])`);

/** What is not prose: commands, flags, quoted and bracketed names, paths, ids, run ids, numbers. */
export function prose(line: string): string {
  return line
    .replace(/clickker( [a-z-]+)?/g, ' ')
    .replace(/\b[Rr]un \d{8}-\d{6}-[0-9a-f]{4}/g, ' ') // "run <id>": the journal's word for one installation run
    .replace(/\d{8}-\d{6}-[0-9a-f]{4}/g, ' ')
    .replace(/^(fix|install|uninstall|collect|explain|checks|preflight): /, ' ') // the command an error is about
    .replace(/\b(bij|at) [^\s:]+:/g, ' ') // a key or path in a document ("bij waivers[0].host:", "bij only:")
    .replace(/'[^']*'|"[^"]*"|\[[^\]]*\]/g, ' ')
    .replace(/--[a-z-]+/g, ' ')
    .replace(/\S*[/\\]\S*/g, ' ') // paths, DOMAIN\user, URLs
    .replace(/\b[\w-]+([.:][\w@/-]+)+\b/g, ' ') // check and step ids, file names
    .replace(/\b[A-Z_]{3,}\b/g, ' '); // environment variables, SYSTEM
}

export function leaks(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l && MARKER.test(prose(l)));
}
