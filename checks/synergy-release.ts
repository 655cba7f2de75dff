import { manualWhenFailed } from '../src/core/fix.js';
import { boundedMemo } from '../src/core/bounded-memo.js';
import type { Check, Verdict } from '../src/core/types.js';
import { fail, listed, pass, remedy, say, unknown, warn, type Msg } from '../src/core/verdict.js';
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
    const leaf = leafOf(f.Path);
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

/** The last name of a folder path, trailing \\ or / ignored: what `replace(/[\\/]+$/, '').split(/[\\/]/).pop()` gives, without the array. */
function leafOf(path: string): string {
  let end = path.length;
  while (end > 0 && (path[end - 1] === '\\' || path[end - 1] === '/')) end--;
  let start = end;
  while (start > 0 && path[start - 1] !== '\\' && path[start - 1] !== '/') start--;
  return path.slice(start, end);
}

/** A release source (English in the evidence) as the Dutch report names it ("Programma's en onderdelen" lists uninstall entries). */
const sourceNl = boundedMemo(1024, (source) => dutchSource(source));

/**
 * The Dutch of one source: matched once each, not through replace() with a callback, which cost ~10 µs a source
 * (issue 17: 11 ms of a 1,000-host fleet before the memo above).
 */
function dutchSource(source: string): string {
  const entry = UNINSTALL_SOURCE.exec(source);
  const text = entry ? `vermelding ${entry[1]} in Programma's en onderdelen${entry[2] ? ` versie ${entry[2]}` : ''}`
    : source.startsWith(FOLDER_SOURCE) ? `installatiemap ${source.slice(FOLDER_SOURCE.length)}` : source;
  const version = VERSION_SOURCE.exec(text);
  return version ? `${text.slice(0, version.index)} versie ${version[1]}` : text;
}
const UNINSTALL_SOURCE = /^uninstall entry ("[^"]*")(?: version (.*))?$/;
const FOLDER_SOURCE = 'install folder ';
const VERSION_SOURCE = / version (\S+)$/;

const sources = (list: readonly ReleaseEvidence[]): Msg => say(list.map((d) => d.source).join('; '), list.map((d) => sourceNl(d.source)).join('; '));

// The supported window in words depends on the requirements alone: made once per list, not once per host (issue 17).
const windows = new WeakMap<readonly number[], Msg>();
function windowOf(supported: readonly number[]): Msg {
  let window = windows.get(supported);
  if (window === undefined) windows.set(supported, window = listed(supported.map(String)));
  return window;
}

function judge(release: number, supported: readonly number[], known: readonly number[], how: Msg): Verdict {
  const window = windowOf(supported);
  const evidence = { expected: `one of ${window.en}`, found: release, source: how.en, said: { expected: say(`one of ${window.en}`, `een van ${window.nl}`) } };
  if (supported.includes(release)) return pass(say(`Exact Synergy release ${release} (${how.en})`, `Exact Synergy-release ${release} (${how.nl})`), evidence);
  const min = Math.min(...supported);
  if (release < min) {
    return fail(say(
      `Exact Synergy release ${release} is older than the supported releases ${window.en}`,
      `Exact Synergy-release ${release} is ouder dan de ondersteunde releases ${window.nl}`,
    ), evidence, remedy(say(
      `Update Exact Synergy (and Exact Globe+ on the same release) to ${window.en} with the Exact ProductUpdater, then run the preflight again.`,
      `Werk Exact Synergy (en Exact Globe+ op dezelfde release) bij naar ${window.nl} met de Exact ProductUpdater en start daarna de controle opnieuw.`,
    )));
  }
  // Above the window: the vendor supports "Release 502 or higher", "only the last 3 releases", and the window moves
  // (505 exists). Newer than the requirements file knows is a question for Clickker, not a blocking fail.
  const note = known.includes(release)
    ? say('exists but is newer than the supported list', 'bestaat, maar is nieuwer dan de lijst van ondersteunde releases')
    : say('is newer than the releases the requirements file knows', 'is nieuwer dan de releases die het eisenbestand kent');
  return warn(say(
    `Exact Synergy release ${release} ${note.en} (supported: ${window.en}); confirm with Clickker`,
    `Exact Synergy-release ${release} ${note.nl} (ondersteund: ${window.nl}); laat Clickker het bevestigen`,
  ), evidence, remedy(say(
    `Ask Clickker to confirm release ${release}. Once it is supported, the requirements file lists it; run with --requirements FILE to use an updated list.`,
    `Vraag Clickker release ${release} te bevestigen. Zodra die wordt ondersteund, staat hij in het eisenbestand; gebruik --requirements BESTAND voor een bijgewerkte lijst.`,
  )));
}

/** A verdict with a note when Exact Globe+ on this server shows another release than the one judged. */
function withGlobe(v: Verdict, release: number, globe: readonly ReleaseEvidence[]): Verdict {
  const others = [...new Set(globe.map((g) => g.release))].filter((r) => r !== release);
  v.evidence = { ...v.evidence, globe };
  if (others.length === 0) return v;
  const rel = listed(others.map(String));
  const from = sources(globe.filter((g) => others.includes(g.release)));
  const note = say(
    `Exact Globe+ on this server shows release ${rel.en} (${from.en}); Exact advises the same release for Globe+ and Synergy`,
    `Exact Globe+ op deze server toont release ${rel.nl} (${from.nl}); Exact adviseert dezelfde release voor Globe+ en Synergy`,
  );
  const summary = say(`${v.summary}; ${note.en}`, `${v.nl.summary}; ${note.nl}`);
  if (v.status === 'pass') {
    return warn(summary, v.evidence, remedy(say(
      'Update Exact Globe+ and Exact Synergy to the same release with the Exact ProductUpdater.',
      'Werk Exact Globe+ en Exact Synergy met de Exact ProductUpdater bij naar dezelfde release.',
    )));
  }
  return { ...v, summary: summary.en, nl: { ...v.nl, summary: summary.nl } };
}

export const check: Check = {
  id: 'synergy.release',
  title: 'Exact Synergy release in the supported window',
  category: 'Exact Synergy',
  severity: 'blocking',
  needs: ['synergy'],
  profiles: ['synergy'],
  // Only a person (or a download) can fix a failure: say who and what, never "not safe to automate" (issue 16).
  fix: manualWhenFailed(say(
    "Exact Synergy is updated with Exact's ProductUpdater, by whoever maintains Exact on this server",
    'Exact Synergy wordt bijgewerkt met de ProductUpdater van Exact, door wie Exact op deze server beheert',
  )),
  nl: {
    title: 'Exact Synergy-release binnen het ondersteunde venster',
    rationale:
      'Clickker ondersteunt de laatste drie releases van Exact Synergy / Globe+, in lijn met Exact (nu 502, 503 en 504). De release '
      + 'wordt bepaald uit de vermeldingen van Exact Synergy Enterprise in Programma\'s en onderdelen, de namen van installatiemappen '
      + 'en de bestandsversies in bin, en elke bron wordt getoond; is hij niet te bepalen, geef hem dan op met --synergy-release. '
      + 'Ouder dan het venster is een fout; nieuwer dan het eisenbestand kent, is een waarschuwing om met Clickker te bevestigen. '
      + 'Exact Globe+ op een andere release wordt gemeld (Exact adviseert dezelfde release voor beide).',
  },
  rationale:
    'Clickker supports the last three Exact Synergy / Globe+ releases, in line with Exact (502, 503, 504 today). The '
    + 'release is detected from Exact Synergy Enterprise uninstall entries, install folder names and bin file versions, and '
    + 'every source is shown; when it cannot be detected, state it with --synergy-release. Older than the window fails; '
    + 'newer than the requirements file knows is a warning to confirm with Clickker. Exact Globe+ on another release '
    + 'is reported (Exact advises the same release for both).',
  remediation: remedy(say(
    'Update Exact Synergy to a supported release, or, when detection failed, state the release: clickker preflight --synergy-release 503.',
    'Werk Exact Synergy bij naar een ondersteunde release, of geef de release op als die niet te bepalen was: clickker preflight --synergy-release 503.',
  )),
  evaluate({ fact, requirements, options }) {
    const { supportedReleases, knownReleases } = requirements.synergy;
    const s = fact(synergyFact);
    const { synergy: detected, globe } = gather(s);
    const distinct = [...new Set(detected.map((d) => d.release))];
    if (options.synergyRelease !== undefined) {
      const v = judge(options.synergyRelease, supportedReleases, knownReleases, say('stated with --synergy-release', 'opgegeven met --synergy-release'));
      v.evidence = { ...v.evidence, detected };
      if (distinct.length > 0 && !distinct.includes(options.synergyRelease) && v.status === 'pass') {
        const shown = listed(distinct.map(String));
        return warn(say(
          `Stated release ${options.synergyRelease} differs from what the server shows (${shown.en})`,
          `De opgegeven release ${options.synergyRelease} wijkt af van wat de server toont (${shown.nl})`,
        ), v.evidence);
      }
      return withGlobe(v, options.synergyRelease, globe);
    }
    if (distinct.length === 1) {
      const v = judge(distinct[0]!, supportedReleases, knownReleases, sources(detected));
      v.evidence = { ...v.evidence, detected };
      return withGlobe(v, distinct[0]!, globe);
    }
    const looked = 'Exact Synergy Enterprise uninstall entries, install folders and bin file versions';
    const lookedNl = 'vermeldingen van Exact Synergy Enterprise in Programma\'s en onderdelen, installatiemappen en bestandsversies in bin';
    if (distinct.length > 1) {
      return unknown(say(
        `the server shows conflicting releases (${detected.map((d) => `${d.release} from ${d.source}`).join('; ')}); state the right one with --synergy-release`,
        `de server toont tegenstrijdige releases (${detected.map((d) => `${d.release} uit ${sourceNl(d.source)}`).join('; ')}); geef de juiste op met --synergy-release`,
      ), say(
        'State the release that is really installed: clickker preflight --synergy-release 503 (ask the Exact partner if unsure).',
        'Geef de release op die echt is geïnstalleerd: clickker preflight --synergy-release 503 (vraag het bij twijfel aan de Exact-partner).',
      ), { detected, globe });
    }
    const installed = s.UninstallEntries.length + s.InstallFolders.length + s.IisApplications.length > 0;
    return unknown(installed
      ? say(`Exact Synergy was found but its release could not be read from ${looked}; state it with --synergy-release 503`,
        `Exact Synergy is gevonden, maar de release kon niet worden gelezen uit ${lookedNl}; geef hem op met --synergy-release 503`)
      : say(`no Exact Synergy installation was found (${looked}, IIS applications); on the Synergy server, state the release with --synergy-release`,
        `er is geen installatie van Exact Synergy gevonden (${lookedNl}, IIS-toepassingen); geef op de Synergy-server de release op met --synergy-release`),
    say(
      'State the installed release: clickker preflight --synergy-release 503 (ask the Exact partner if unsure).',
      'Geef de geïnstalleerde release op: clickker preflight --synergy-release 503 (vraag het bij twijfel aan de Exact-partner).',
    ), { detected, globe, looked });
  },
};
