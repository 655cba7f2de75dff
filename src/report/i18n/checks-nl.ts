// Dutch for the checks' own prose: titles, the confirmation questions and fixes, the static remediations, and the
// summaries the checks build from values (as templates: English pattern -> Dutch text with the same values).
// The report layer renders results through `localize`, so no check has to know about languages.
import type { Evaluation } from '../../core/evaluate.js';
import type { Result } from '../../core/types.js';
import type { Lang } from './catalogue.js';

/** Check titles by id. A test fails when a registered check has no Dutch title. */
export const TITLES_NL: Record<string, string> = {
  'os.version': 'Windows Server 2016 of nieuwer',
  'os.pending-reboot': 'Geen herstart in behandeling',
  'dotnet.framework': '.NET Framework 4.7 of nieuwer',
  'dotnet.tls12': '.NET Framework gebruikt TLS 1.2',
  'powershell.version': 'Windows PowerShell 5.1',
  'iis.features': 'IIS met de 16 vereiste rolservices',
  'iis.https-binding': 'HTTPS-binding met een geldig certificaat',
  'synergy.website': 'Exact Synergy-website op deze server',
  'synergy.release': 'Exact Synergy-release binnen het ondersteunde venster',
  'synergy.entity-service': 'Exact Synergy-entityservice beantwoordt een geauthenticeerd verzoek',
  'sql.auth-mode': 'SQL Server staat SQL-aanmeldingen toe (gemengde modus)',
  'sql.baco-login': 'SQL-aanmelding BACO aanwezig, ingeschakeld en niet geblokkeerd',
  'sql.service-account': 'Serviceaccount heeft de SQL Server-rechten',
  'sql.synergy-user': 'Serviceaccount is een actieve Exact Synergy-gebruiker',
  'host.elevated': 'De controle draait met verhoogde rechten',
  'account.service-account': 'Serviceaccount met lokale beheerrechten en aanmeldrechten',
  'network.endpoints': 'Clickker-eindpunten bereikbaar via HTTPS',
  'confirm.permissions-form': 'Machtigingsformulier ingevuld en ondertekend',
  'confirm.synergy-user': 'Serviceaccount is Synergy-gebruiker met de juiste rollen',
  'confirm.connectivity-client': 'Exact Connectivity Client-module in de licentie',
  'confirm.remote-access': 'Toegang op afstand voor Clickker geregeld',
  'confirm.clickker-account': 'Geregistreerd bij Clickker',
  'confirm.exact-online-user': 'Exact Online-gebruiker die de koppeling mag autoriseren',
};

/** Confirmation questions and their fixes by id (the requirements data holds the English). */
export const CONFIRMATIONS_NL: Record<string, { question: string; fix: string }> = {
  'confirm.permissions-form': {
    question: 'Heeft de klant het Clickker-machtigingsformulier ingevuld, ondertekend en teruggestuurd?',
    fix: 'Laat de klant het Clickker-machtigingsformulier (alleen Synergy-rechten) invullen, ondertekenen en terugsturen naar Clickker.',
  },
  'confirm.synergy-user': {
    question: 'Is het serviceaccount een Synergy-gebruiker (met een Exact-gebruikerslicentie) met de rollen Administrator en Professional in de administratie?',
    fix: 'Maak in Exact Synergy de gebruiker van het serviceaccount aan of open hem (een Exact-gebruikerslicentie is nodig) en geef hem de rollen Administrator en Professional in de administratie.',
  },
  'confirm.connectivity-client': {
    question: 'Bevat de Exact-licentie de module Exact Connectivity Client, ook E-Connectivity Client genoemd (alleen nodig om gegevens terug te schrijven naar Exact)?',
    fix: 'Controleer de Exact-licentie op de module Exact Connectivity Client; bestel hem bij Exact als gegevens teruggeschreven moeten worden.',
  },
  'confirm.remote-access': {
    question: 'Kan Clickker de server bereiken via RDP of TeamViewer, met de ICT-beheerder beschikbaar tijdens de installatie?',
    fix: 'Regel RDP- of TeamViewer-toegang tot de server en spreek een moment af waarop de ICT-beheerder beschikbaar is.',
  },
  'confirm.clickker-account': {
    question: 'Heeft u zich geregistreerd via de link in de uitnodigingsmail van Clickker, en kunt u inloggen op https://cloud.clickker.nl?',
    fix: 'Registreer bij Clickker via de uitnodigingsmail.',
  },
  'confirm.exact-online-user': {
    question: 'Heeft u een Exact Online-login die apps mag koppelen en de te koppelen administraties mag kiezen?',
    fix: 'Zorg voor een Exact Online-gebruiker met het recht om de koppeling te autoriseren.',
  },
};

/** Dynamic summaries and fixes: an English pattern and its Dutch rendering with the captured values. */
export const PATTERNS_NL: [RegExp, string][] = [
  [/^Could not evaluate: (.*)$/s, 'Niet te beoordelen: $1'],
  [/^Not evaluated: needs (\S+) to pass first \(it is (\S+)\)$/, 'Niet beoordeeld: eerst moet $1 slagen (nu: $2)'],
  [/^Skipped \(--skip\)$/, 'Niet gecontroleerd (--skip)'],
  [/^Confirmed: (.*)$/, 'Bevestigd: $1'],
  [/^(.+) is older than (\S+) \(Release (\d+)\)$/, '$1 is ouder dan $2 (Release $3)'],
  [/^(\d+) of (\d+) IIS role services missing: (.*)$/s, '$1 van $2 IIS-rolservices ontbreken: $3'],
  [/^All (\d+) role services installed$/, 'Alle $1 rolservices geïnstalleerd'],
  [/^(\d+) of (\d+) endpoints unreachable: (.*)$/s, '$1 van $2 eindpunten onbereikbaar: $3'],
  [/^All (\d+) endpoints reachable over HTTPS$/, 'Alle $1 eindpunten bereikbaar via HTTPS'],
  [/^No restart pending$/, 'Geen herstart in behandeling'],
  [/^Elevated as (.*)$/, 'Verhoogd als $1'],
  [/^Not elevated: (.*)$/, 'Niet verhoogd: $1'],
  [/^Install exactly the missing role services(.*), then restart if Windows asks\.$/, 'Installeer precies de ontbrekende rolservices$1 en herstart als Windows daarom vraagt.'],
  [/^Ask the firewall\/proxy team to allow outbound HTTPS \(TCP 443\) from this server to (.*), without TLS inspection; then run the preflight again\.$/,
    'Vraag het firewall-/proxyteam uitgaand HTTPS (TCP 443) toe te staan van deze server naar $1, zonder TLS-inspectie; start daarna de controle opnieuw.'],
  [/^Allow outbound HTTPS from this server to (.*) on the firewall's whitelist, exempt (?:it|them) from TLS inspection, and check the proxy the service's account uses\.$/,
    'Sta uitgaand HTTPS toe van deze server naar $1 op de whitelist van de firewall, zonder TLS-inspectie, en controleer de proxy die het account van de service gebruikt.'],
  [/^Download "Microsoft \.NET Framework 4\.8 offline installer for Windows" \(KB4503548; file ndp48-x86-x64-allos-enu\.exe\) from (\S+) \(on Windows Server 2016 also in the Microsoft Update Catalog as KB4486129\), run it on this server as an administrator, then restart the server\.$/,
    'Download "Microsoft .NET Framework 4.8 offline installer for Windows" (KB4503548; bestand ndp48-x86-x64-allos-enu.exe) van $1 (voor Windows Server 2016 ook in de Microsoft Update Catalog als KB4486129), voer het op deze server uit als administrator en herstart daarna de server.'],
  [/^Run clickker from an elevated prompt \("Run as administrator"\)\.$/, 'Start clickker vanaf een verhoogde prompt ("Als administrator uitvoeren").'],
];

function nl(text: string): string {
  for (const [re, to] of PATTERNS_NL) if (re.test(text)) return text.replace(re, to);
  return text;
}

function localizeResult(r: Result): Result {
  const c = CONFIRMATIONS_NL[r.id];
  const evidence = c && typeof r.evidence.question === 'string' ? { ...r.evidence, question: c.question } : r.evidence;
  const remediation = r.remediation
    ? { ...r.remediation, text: c ? `${c.fix} Bevestig het daarna: clickker preflight --confirm ${r.id}` : nl(r.remediation.text) }
    : undefined;
  return {
    ...r, title: TITLES_NL[r.id] ?? r.title, summary: nl(r.summary), evidence,
    ...(r.reason !== undefined ? { reason: nl(r.reason) } : {}),
    ...(remediation ? { remediation } : {}),
  };
}

/** The evaluation with its prose in `lang`; English is the checks' own text. Ids, statuses and evidence values stay. */
export function localize(e: Evaluation, lang: Lang): Evaluation {
  if (lang === 'en') return e;
  const hosts = e.hosts.map((h) => {
    const results = h.results.map(localizeResult);
    const byId = new Map(results.map((r) => [r.id, r]));
    return { ...h, results, outcome: { ...h.outcome, deciding: h.outcome.deciding.map((r) => byId.get(r.id) ?? r) } };
  });
  const results = hosts.flatMap((h) => h.results);
  const find = (r: Result) => results.find((x) => x.host === r.host && x.id === r.id) ?? r;
  return { ...e, hosts, results, outcome: { ...e.outcome, deciding: e.outcome.deciding.map(find) } };
}
