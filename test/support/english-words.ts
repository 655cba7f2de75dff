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
