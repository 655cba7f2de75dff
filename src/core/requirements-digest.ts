// The SHA-256 of a requirements file, as every report shows it (issue 17, session 5: start-up).
//
// node:crypto loads ~35 of Node's own modules (streams, ciphers, keys) when first required: a one-snapshot preflight
// paid that at every start for this one hash, of a file that is nearly always the shipped one. So the npm bundle
// carries the shipped file's bytes and their SHA-256, taken at build time (scripts/bundle.mjs defines
// __CLICKKER_SHIPPED_REQUIREMENTS_SHA256__ and _BASE64__, two strings). Bytes equal to those, compared in full, have that digest; any other bytes (an
// edited shipped file, another --requirements file) are hashed here, so a changed file is never reported with the
// shipped file's hash. Where nothing is defined (the source under test, the exe's own bundle) every file is hashed.
declare const __CLICKKER_SHIPPED_REQUIREMENTS_SHA256__: string | undefined;
declare const __CLICKKER_SHIPPED_REQUIREMENTS_BASE64__: string | undefined;

let shipped: { bytes: Buffer; sha256: string } | null | undefined;

/** The shipped requirements file's bytes and digest when the build recorded them, else null. */
function shippedRequirements(): { bytes: Buffer; sha256: string } | null {
  if (shipped === undefined) {
    shipped = typeof __CLICKKER_SHIPPED_REQUIREMENTS_SHA256__ === 'string' && typeof __CLICKKER_SHIPPED_REQUIREMENTS_BASE64__ === 'string'
      ? { bytes: Buffer.from(__CLICKKER_SHIPPED_REQUIREMENTS_BASE64__, 'base64'), sha256: __CLICKKER_SHIPPED_REQUIREMENTS_SHA256__ }
      : null;
  }
  return shipped;
}

/** Lower-case hex SHA-256 of the bytes. */
export function requirementsSha256(bytes: Buffer): string {
  const known = shippedRequirements();
  if (known !== null && bytes.equals(known.bytes)) return known.sha256;
  return process.getBuiltinModule('node:crypto').createHash('sha256').update(bytes).digest('hex');
}
