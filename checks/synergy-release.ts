import { manualWhenFailed } from '../src/core/fix.js';
import type { Check, Verdict } from '../src/core/types.js';
import { fail, listing, pass, unknown, warn } from '../src/core/verdict.js';
import { synergyFact, type SynergyFacts } from '../src/facts/synergy.js';

export interface ReleaseEvidence {
  release: number;
  source: string;
}

// Exact product updates are three-digit numbers: 2xx Synergy, 4xx Globe Next, 5xx Globe+/Synergy (domain-facts §1.1).
const RELEASE_IN_TEXT = /(?:^|[^\d.])([2-9]\d\d)(?![\d])/;
const RELEASE_AS_MAJOR = /^([2-9]\d\d)(?:\.|$)/;

/**
 * Uninstall entries that are Exact Synergy Enterprise itself. Other Exact entries (the Globe client, Exact
 * Integration, add-ons) carry their own three-digit versions and are no evidence of the Synergy release (standing
 * rule 3).
 */
const SYNERGY_ENTRY = /synergy/i;
/** Exact Globe / Globe+ entries and folders: reported, since Exact advises the same release for Globe and Synergy. */
const GLOBE = /globe/i;

/**
 * Every place the installed release can be read from, each named. No public Exact document states one
 * authoritative location, so all are gathered and shown; disagreement makes the release unknown.
 */
export function detectReleases(s: SynergyFacts): ReleaseEvidence[] {
  return gather(s).synergy;
}

/** Release evidence for Synergy, and separately for Exact Globe+ on the same server. */
export function gather(s: SynergyFacts): { synergy: ReleaseEvidence[]; globe: ReleaseEvidence[] } {
  const synergy: ReleaseEvidence[] = [];
  const globe: ReleaseEvidence[] = [];
  for (const u of s.UninstallEntries) {
    const isSynergy = SYNERGY_ENTRY.test(u.DisplayName);
    const isGlobe = !isSynergy && GLOBE.test(u.DisplayName);
    if (!isSynergy && !isGlobe) continue;
    const fromVersion = u.DisplayVersion ? RELEASE_AS_MAJOR.exec(u.DisplayVersion.trim()) : null;
    const fromName = RELEASE_IN_TEXT.exec(u.DisplayName);
    const m = fromVersion ?? fromName;
    if (m) (isSynergy ? synergy : globe).push({ release: Number(m[1]), source: `uninstall entry "${u.DisplayName}"${u.DisplayVersion ? ` version ${u.DisplayVersion}` : ''}` });
  }
  for (const f of s.InstallFolders) {
    const leaf = f.Path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? '';
    const into = GLOBE.test(leaf) ? globe : synergy;
    const m = RELEASE_IN_TEXT.exec(leaf);
    if (m) into.push({ release: Number(m[1]), source: `install folder ${f.Path}` });
    for (const b of f.BinFiles ?? []) {
      const v = RELEASE_AS_MAJOR.exec((b.ProductVersion ?? b.FileVersion ?? '').trim());
      if (v) into.push({ release: Number(v[1]), source: `${f.Path}\\bin\\${b.Name} version ${b.ProductVersion ?? b.FileVersion}` });
    }
  }
  return { synergy, globe };
}

function judge(release: number, supported: readonly number[], known: readonly number[], how: string): Verdict {
  const window = listing(supported.map(String));
  const evidence = { expected: `one of ${window}`, found: release, source: how };
  if (supported.includes(release)) return pass(`Exact Synergy release ${release} (${how})`, evidence);
  const min = Math.min(...supported);
  if (release < min) {
    return fail(`Exact Synergy release ${release} is older than the supported releases ${window}`, evidence, {
      text: `Update Exact Synergy (and Exact Globe+ on the same release) to ${window} with the Exact ProductUpdater, then run the preflight again.`,
    });
  }
  // Above the window: the vendor supports "Release 502 or higher", "only the last 3 releases", and the window moves
  // (505 exists). Newer than the requirements file knows is a question for Clickker, not a blocking fail.
  const note = known.includes(release) ? 'exists but is newer than the supported list' : 'is newer than the releases the requirements file knows';
  return warn(`Exact Synergy release ${release} ${note} (supported: ${window}); confirm with Clickker`, evidence, {
    text: `Ask Clickker to confirm release ${release}. Once it is supported, the requirements file lists it; run with --requirements FILE to use an updated list.`,
  });
}

/** A verdict with a note when Exact Globe+ on this server shows another release than the one judged. */
function withGlobe(v: Verdict, release: number, globe: readonly ReleaseEvidence[]): Verdict {
  const others = [...new Set(globe.map((g) => g.release))].filter((r) => r !== release);
  v.evidence = { ...v.evidence, globe };
  if (others.length === 0) return v;
  const note = `Exact Globe+ on this server shows release ${listing(others.map(String))} (${globe.filter((g) => others.includes(g.release)).map((g) => g.source).join('; ')}); Exact advises the same release for Globe+ and Synergy`;
  if (v.status === 'pass') return warn(`${v.summary}; ${note}`, v.evidence, { text: 'Update Exact Globe+ and Exact Synergy to the same release with the Exact ProductUpdater.' });
  return { ...v, summary: `${v.summary}; ${note}` };
}

export const check: Check = {
  id: 'synergy.release',
  title: 'Exact Synergy release in the supported window',
  category: 'Exact Synergy',
  severity: 'blocking',
  needs: ['synergy'],
  profiles: ['synergy'],
  // Only a person (or a download) can fix a failure: say who and what, never "not safe to automate" (issue 16).
  fix: manualWhenFailed("Exact Synergy is updated with Exact's ProductUpdater, by whoever maintains Exact on this server"),
  rationale:
    'Clickker supports the last three Exact Synergy / Globe+ releases, in line with Exact (502, 503, 504 today). The '
    + 'release is detected from Exact Synergy Enterprise uninstall entries, install folder names and bin file versions, and '
    + 'every source is shown; when it cannot be detected, state it with --synergy-release. Older than the window fails; '
    + 'newer than the requirements file knows is a warning to confirm with Clickker. Exact Globe+ on another release '
    + 'is reported (Exact advises the same release for both).',
  remediation: {
    text: 'Update Exact Synergy to a supported release, or, when detection failed, state the release: clickker preflight --synergy-release 503.',
  },
  evaluate({ fact, requirements, options }) {
    const { supportedReleases, knownReleases } = requirements.synergy;
    const s = fact(synergyFact);
    const { synergy: detected, globe } = gather(s);
    const distinct = [...new Set(detected.map((d) => d.release))];
    if (options.synergyRelease !== undefined) {
      const v = judge(options.synergyRelease, supportedReleases, knownReleases, 'stated with --synergy-release');
      v.evidence = { ...v.evidence, detected };
      if (distinct.length > 0 && !distinct.includes(options.synergyRelease) && v.status === 'pass') {
        return warn(`Stated release ${options.synergyRelease} differs from what the server shows (${listing(distinct.map(String))})`, v.evidence);
      }
      return withGlobe(v, options.synergyRelease, globe);
    }
    if (distinct.length === 1) {
      const v = judge(distinct[0]!, supportedReleases, knownReleases, detected.map((d) => d.source).join('; '));
      v.evidence = { ...v.evidence, detected };
      return withGlobe(v, distinct[0]!, globe);
    }
    const looked = 'Exact Synergy Enterprise uninstall entries, install folders and bin file versions';
    if (distinct.length > 1) {
      return unknown(`the server shows conflicting releases (${detected.map((d) => `${d.release} from ${d.source}`).join('; ')}); state the right one with --synergy-release`,
        'State the release that is really installed: clickker preflight --synergy-release 503 (ask the Exact partner if unsure).', { detected, globe });
    }
    const installed = s.UninstallEntries.length + s.InstallFolders.length + s.IisApplications.length > 0;
    return unknown(installed
      ? `Exact Synergy was found but its release could not be read from ${looked}; state it with --synergy-release 503`
      : `no Exact Synergy installation was found (${looked}, IIS applications); on the Synergy server, state the release with --synergy-release`,
    'State the installed release: clickker preflight --synergy-release 503 (ask the Exact partner if unsure).', { detected, globe, looked });
  },
};
