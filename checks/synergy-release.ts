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
 * Every place the installed release can be read from, each named. No public Exact document states one
 * authoritative location, so all are gathered and shown; disagreement makes the release unknown.
 */
export function detectReleases(s: SynergyFacts): ReleaseEvidence[] {
  const found: ReleaseEvidence[] = [];
  for (const u of s.UninstallEntries) {
    if (!/exact|synergy|globe/i.test(u.DisplayName)) continue;
    const fromVersion = u.DisplayVersion ? RELEASE_AS_MAJOR.exec(u.DisplayVersion.trim()) : null;
    const fromName = RELEASE_IN_TEXT.exec(u.DisplayName);
    const m = fromVersion ?? fromName;
    if (m) found.push({ release: Number(m[1]), source: `uninstall entry "${u.DisplayName}"${u.DisplayVersion ? ` version ${u.DisplayVersion}` : ''}` });
  }
  for (const f of s.InstallFolders) {
    const leaf = f.Path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? '';
    const m = RELEASE_IN_TEXT.exec(leaf);
    if (m) found.push({ release: Number(m[1]), source: `install folder ${f.Path}` });
    for (const b of f.BinFiles ?? []) {
      const v = RELEASE_AS_MAJOR.exec((b.ProductVersion ?? b.FileVersion ?? '').trim());
      if (v) found.push({ release: Number(v[1]), source: `${f.Path}\\bin\\${b.Name} version ${b.ProductVersion ?? b.FileVersion}` });
    }
  }
  return found;
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
  const note = known.includes(release) ? 'exists but is not yet in Clickker\'s supported list' : 'is not a release Clickker knows';
  return fail(`Exact Synergy release ${release} ${note} (supported: ${window})`, evidence, {
    text: `Ask Clickker whether release ${release} is supported. Once it is, the requirements file lists it; run with --requirements FILE to use an updated list.`,
  });
}

export const check: Check = {
  id: 'synergy.release',
  title: 'Exact Synergy release in the supported window',
  category: 'Exact Synergy',
  severity: 'blocking',
  needs: ['synergy'],
  profiles: ['synergy'],
  rationale:
    'Clickker supports the last three Exact Synergy / Globe+ releases, in line with Exact (502, 503, 504 today). The '
    + 'release is detected from uninstall entries, install folder names and bin file versions, and every source is shown; '
    + 'when it cannot be detected, state it with --synergy-release.',
  remediation: {
    text: 'Update Exact Synergy to a supported release, or, when detection failed, state the release: clickker preflight --synergy-release 503.',
  },
  evaluate({ fact, requirements, options }) {
    const { supportedReleases, knownReleases } = requirements.synergy;
    const s = fact(synergyFact);
    const detected = detectReleases(s);
    const distinct = [...new Set(detected.map((d) => d.release))];
    if (options.synergyRelease !== undefined) {
      const v = judge(options.synergyRelease, supportedReleases, knownReleases, 'stated with --synergy-release');
      v.evidence = { ...v.evidence, detected };
      if (distinct.length > 0 && !distinct.includes(options.synergyRelease) && v.status === 'pass') {
        return warn(`Stated release ${options.synergyRelease} differs from what the server shows (${listing(distinct.map(String))})`, v.evidence);
      }
      return v;
    }
    if (distinct.length === 1) {
      const v = judge(distinct[0]!, supportedReleases, knownReleases, detected.map((d) => d.source).join('; '));
      v.evidence = { ...v.evidence, detected };
      return v;
    }
    const looked = 'uninstall entries, install folders and bin file versions';
    if (distinct.length > 1) {
      return unknown(`the server shows conflicting releases (${detected.map((d) => `${d.release} from ${d.source}`).join('; ')}); state the right one with --synergy-release`,
        'State the release that is really installed: clickker preflight --synergy-release 503 (ask the Exact partner if unsure).', { detected });
    }
    const installed = s.UninstallEntries.length + s.InstallFolders.length + s.IisApplications.length > 0;
    return unknown(installed
      ? `Exact Synergy was found but its release could not be read from ${looked}; state it with --synergy-release 503`
      : `no Exact Synergy installation was found (${looked}, IIS applications); on the Synergy server, state the release with --synergy-release`,
    'State the installed release: clickker preflight --synergy-release 503 (ask the Exact partner if unsure).', { detected, looked });
  },
};
