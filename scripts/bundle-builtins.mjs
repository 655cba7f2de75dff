// Part of scripts/bundle.mjs: rewrites a chunk's static imports of Node built-in modules into require() calls.
// esbuild prints an external module's static import in one of a few fixed forms at the top of a chunk; each becomes
// the same binding through require(), which returns the built-in as it is (no ES module facade, see bundle.mjs). Any
// other form fails the build, so a new esbuild output cannot slip an import of a built-in past this.

const IMPORT = /^import\s+([^;"']*?)\s*from\s*"([^"]+)";$|^import\s*"([^"]+)";$/gm;

/** `a, b as c` (the inside of an import's braces) as a destructuring pattern: `a, b: c`. */
function pattern(named, where) {
  return named.split(',').map((s) => s.trim()).filter(Boolean).map((part) => {
    const m = /^([A-Za-z_$][\w$]*)(?:\s+as\s+([A-Za-z_$][\w$]*))?$/.exec(part);
    if (!m) throw new Error(`${where}: unexpected import of a built-in: { ${named} }`);
    return m[2] ? `${m[1]}: ${m[2]}` : m[1];
  }).join(', ');
}

/** The chunk's text with each static import of a built-in (one of `builtins`) replaced by a require(). */
export function requireBuiltins(text, where, builtins) {
  return text.replace(IMPORT, (statement, clause, from, bare) => {
    const id = from ?? bare;
    if (!builtins.has(id) || id === 'node:module') return statement;
    if (bare) return `require("${id}");`;
    const m = /^(?:([A-Za-z_$][\w$]*)\s*,?\s*)?(?:\*\s+as\s+([A-Za-z_$][\w$]*)|\{([^}]*)\})?$/.exec(clause.replace(/\s+/g, ' ').trim());
    if (!m || (m[2] && m[1])) throw new Error(`${where}: unexpected import of a built-in: ${statement}`);
    const [, def, ns, named] = m;
    const req = `require("${id}")`;
    if (ns) return `const ${ns} = ${req};`;
    if (def && named !== undefined) return `const ${def} = ${req}, { ${pattern(named, where)} } = ${def};`;
    if (def) return `const ${def} = ${req};`;
    return `const { ${pattern(named, where)} } = ${req};`;
  });
}
