// Every sentence the report layer writes, keyed by message id, in English and Dutch. Check ids, JSON keys and JUnit
// stay English; console, Markdown and HTML render through here. `{name}` placeholders are filled by `t()`.
// A test (test/report/i18n.test.ts) fails when a message lacks a language or the languages' placeholders differ.

import type { Lang, Msg } from '../../core/text.js';
import { CLI_MESSAGES } from './cli-messages.js';
import { INPUT_MESSAGES } from './input-messages.js';

export { LANGS, type Lang } from '../../core/text.js';

export interface Message { en: string; nl: string }

const REPORT_MESSAGES = {
  // Headings and metadata
  'title.preflight': { en: 'Clickker preflight', nl: 'Clickker preflight' },
  'meta.profile': { en: 'profile {profile}', nl: 'profiel {profile}' },
  'meta.requirements': { en: 'requirements {version}', nl: 'eisen {version}' },
  'meta.snapshot': { en: 'snapshot {file}', nl: 'snapshot {file}' },
  'meta.live': { en: 'collected live', nl: 'live verzameld' },
  'meta.collected': { en: 'collected {when} UTC', nl: 'verzameld {when} UTC' },
  'meta.hosts': { en: '{n} hosts', nl: '{n} servers' },

  // Categories
  'category.Operating system': { en: 'Operating system', nl: 'Besturingssysteem' },
  'category.Frameworks': { en: 'Frameworks', nl: 'Frameworks' },
  'category.IIS': { en: 'IIS', nl: 'IIS' },
  'category.Exact Synergy': { en: 'Exact Synergy', nl: 'Exact Synergy' },
  'category.SQL Server': { en: 'SQL Server', nl: 'SQL Server' },
  'category.Accounts': { en: 'Accounts', nl: 'Accounts' },
  'category.Network': { en: 'Network', nl: 'Netwerk' },
  'category.Confirmations': { en: 'Confirmations', nl: 'Bevestigingen' },

  // Verdicts
  'verdict.ready': { en: 'READY', nl: 'GEREED' },
  'verdict.not-ready': { en: 'NOT READY', nl: 'NIET GEREED' },
  'verdict.incomplete': { en: 'INCOMPLETE', nl: 'ONVOLLEDIG' },
  'verdict.partial': { en: 'PARTIAL CHECK', nl: 'GEDEELTELIJKE CONTROLE' },
  'next.ready-install': { en: 'Ready to install.', nl: 'Klaar om te installeren.' },
  'next.ready': { en: 'Ready.', nl: 'Gereed.' },
  'next.partial': {
    en: 'Nothing blocking in what was checked, but this was not a full preflight: not checked: {list}. Run it without --only/--skip before installing.',
    nl: 'Niets blokkeert in wat is gecontroleerd, maar dit was geen volledige controle: niet gecontroleerd: {list}. Voer de controle zonder --only/--skip uit voor de installatie.',
  },
  'todo.not-checked': {
    en: 'Also not checked (--only/--skip), and blocking: {list}.',
    nl: 'Ook niet gecontroleerd (--only/--skip), en blokkerend: {list}.',
  },
  'next.again': { en: 'Do the items above, then run the preflight again.', nl: 'Voer de punten hierboven uit en start de controle daarna opnieuw.' },
  'exit.code': { en: 'Exit code {code}.', nl: 'Afsluitcode {code}.' },
  'took': { en: 'took {time}', nl: 'duurde {time}' },

  // Progress while facts are collected live (src/cli/progress.ts): the spinner on a terminal, a line per probe in CI
  'progress.collecting': { en: 'collecting: {names}', nl: 'bezig met: {names}' },
  'progress.collecting-facts': { en: 'collecting facts', nl: 'gegevens verzamelen' },
  'progress.and-more': { en: '{names} and {n} more', nl: '{names} en nog {n}' },
  'progress.waiting': { en: 'waiting for {list}', nl: 'wachten op {list}' },
  'progress.started': { en: '{name}: started', nl: '{name}: gestart' },
  'progress.done': { en: '{name}: done in {seconds} s', nl: '{name}: klaar in {seconds} s' },
  'progress.failed': { en: '{name}: failed in {seconds} s', nl: '{name}: mislukt na {seconds} s' },
  'progress.powershell-probe': { en: 'PowerShell: {probe}', nl: 'PowerShell: {probe}' },

  // Status words (counts)
  'status.fail': { en: 'failed', nl: 'mislukt' },
  'status.warn.one': { en: 'warning', nl: 'waarschuwing' },
  'status.warn.many': { en: 'warnings', nl: 'waarschuwingen' },
  'status.unknown': { en: 'unknown', nl: 'onbekend' },
  'status.unconfirmed': { en: 'not confirmed', nl: 'niet bevestigd' },
  'status.waived': { en: 'waived', nl: 'vrijgesteld' },
  'status.pass': { en: 'passed', nl: 'geslaagd' },
  'status.not-applicable': { en: 'not applicable', nl: 'niet van toepassing' },
  'status.skipped': { en: 'not checked', nl: 'niet gecontroleerd' },
  'status.none': { en: 'no checks', nl: 'geen controles' },

  // Per-finding labels
  'label.expected': { en: 'expected:', nl: 'verwacht:' },
  'label.found': { en: 'found:', nl: 'gevonden:' },
  'label.missing': { en: 'missing:', nl: 'ontbreekt:' },
  'label.pending': { en: 'waiting for a restart:', nl: 'wacht op herstart:' },
  'label.fix': { en: 'fix:', nl: 'oplossing:' },
  'label.waiver': { en: 'waiver:', nl: 'vrijstelling:' },
  'label.docs': { en: 'docs:', nl: 'documentatie:' },
  'label.time': { en: 'time:', nl: 'tijd:' },
  'waiver.detail': { en: '{reason} (approved by {approver}, {state} {expires})', nl: '{reason} (goedgekeurd door {approver}, {state} {expires})' },
  'waiver.expires': { en: 'expires', nl: 'verloopt' },
  'waiver.expired': { en: 'EXPIRED', nl: 'VERLOPEN' },
  'same-reason': { en: 'Could not evaluate: same reason as {id} (see the to-do list)', nl: 'Niet te beoordelen: zelfde reden als {id} (zie de takenlijst)' },
  'same-reason.pointed': { en: 'Could not evaluate: same reason as {id}', nl: 'Niet te beoordelen: zelfde reden als {id}' },
  'not-in-profile': { en: '{n} checks are not part of the {profile} profile (clickker checks lists them).', nl: '{n} controles horen niet bij het profiel {profile} (clickker checks toont ze).' },
  'not-in-profile.one': { en: '1 check is not part of the {profile} profile (clickker checks lists it).', nl: '1 controle hoort niet bij het profiel {profile} (clickker checks toont hem).' },
  'unconfirmed.summary': { en: 'Not confirmed: {question}', nl: 'Niet bevestigd: {question}' },

  // Who runs a command (elevation per command, truthfully)
  'run.powershell.administrator': { en: 'PowerShell, as administrator ("Run as administrator"):', nl: 'PowerShell, als administrator ("Als administrator uitvoeren"):' },
  'run.powershell.user': { en: 'PowerShell (any prompt, no elevation needed):', nl: 'PowerShell (gewone prompt, geen verhoging nodig):' },
  'run.tsql.sql-sysadmin': { en: 'T-SQL in SSMS or sqlcmd, as a sysadmin:', nl: 'T-SQL in SSMS of sqlcmd, als sysadmin:' },
  'run.tsql.user': { en: 'T-SQL in SSMS or sqlcmd:', nl: 'T-SQL in SSMS of sqlcmd:' },
  'run.tsql.administrator': { en: 'T-SQL in SSMS or sqlcmd, as a sysadmin:', nl: 'T-SQL in SSMS of sqlcmd, als sysadmin:' },
  'run.text': { en: 'Steps:', nl: 'Stappen:' },
  'run.look': { en: 'To look (after the fix): {how}', nl: 'Om te kijken (na de oplossing): {how}' },

  // The to-do list
  'todo.title': { en: 'To do ({n}):', nl: 'Te doen ({n}):' },
  'todo.title.warnings': { en: 'Worth doing ({n}, not blocking):', nl: 'Aan te raden ({n}, niet blokkerend):' },
  // Under a finding: where its fix is (said once, in the list at the end)
  'todo.ref': { en: 'see "To do" {n} below', nl: 'zie "Te doen" {n} hieronder' },
  'todo.ref.warnings': { en: 'see "Worth doing" {n} below', nl: 'zie "Aan te raden" {n} hieronder' },
  'todo.confirm': { en: 'Confirm: {question}', nl: 'Bevestig: {question}' },
  'todo.confirm.how': {
    en: 'answer the question on the next run, or add it to confirmations.yaml (--confirmations FILE) with who and when',
    nl: 'beantwoord de vraag bij de volgende controle, of zet hem in confirmations.yaml (--confirmations BESTAND) met wie en wanneer',
  },
  'todo.group': { en: '{n} checks could not be evaluated ({ids}): {reason}', nl: '{n} controles konden niet worden beoordeeld ({ids}): {reason}' },
  'todo.more': { en: '... and {n} more (see above)', nl: '... en nog {n} (zie hierboven)' },
  'todo.hosts': { en: '{n} hosts ({names})', nl: '{n} servers ({names})' },
  'todo.hosts.more': { en: '+{n} more', nl: '+{n} andere' },
  'todo.left-out': {
    en: '{n} more items on {hosts} hosts are not listed (each names its own details): see the JSON report (--format json --output FILE).',
    nl: 'Nog {n} punten op {hosts} servers staan hier niet (elk met eigen details): zie het JSON-rapport (--format json --output BESTAND).',
  },
  'todo.fix-auto': {
    en: 'Automatic fixes exist for {ids}: run clickker fix (add --what-if to see the changes first).',
    nl: 'Automatische oplossingen bestaan voor {ids}: voer clickker fix uit (met --what-if ziet u eerst de wijzigingen).',
  },
  'todo.fail-on': { en: '--fail-on {levels} is in effect', nl: '--fail-on {levels} is actief' },
  'report.saved': { en: 'Report saved: {path}', nl: 'Rapport opgeslagen: {path}' },
  'report.written': { en: 'Report written to {path}', nl: 'Rapport geschreven naar {path}' },

  // The endpoint table
  'endpoints.title': { en: 'Endpoints', nl: 'Eindpunten' },
  'endpoints.col.endpoint': { en: 'endpoint', nl: 'eindpunt' },
  'endpoints.col.layer': { en: 'failed at', nl: 'faalt bij' },
  // For an endpoint reached with a warning (TLS inspection, a weak protocol): it did not fail.
  'endpoints.col.layer.warn': { en: 'problem at', nl: 'probleem bij' },
  'endpoints.col.reason': { en: 'reason', nl: 'reden' },
  'endpoints.col.ask': { en: 'ask the firewall/proxy team', nl: 'vraag het firewall-/proxyteam' },
  'endpoints.ok': { en: 'reachable', nl: 'bereikbaar' },
  'endpoints.summary.warn': { en: '{n} of {total} endpoints reachable with a warning', nl: '{n} van {total} eindpunten bereikbaar met een waarschuwing' },
  'layer.dns': { en: 'DNS', nl: 'DNS' },
  'layer.tcp': { en: 'TCP connect', nl: 'TCP-verbinding' },
  'layer.tls': { en: 'TLS', nl: 'TLS' },
  'layer.http': { en: 'HTTP', nl: 'HTTP' },
  'layer.proxy': { en: 'proxy', nl: 'proxy' },
  'layer.none': { en: 'not probed', nl: 'niet getest' },
  'reason.dns': { en: 'the name does not resolve', nl: 'de naam wordt niet gevonden (DNS)' },
  'reason.tcp.timeout': { en: 'no answer on port 443: a firewall drops the connection', nl: 'geen antwoord op poort 443: een firewall blokkeert de verbinding' },
  'reason.tcp.refused': { en: 'the connection on port 443 is refused', nl: 'de verbinding op poort 443 wordt geweigerd' },
  'reason.tcp.reset': { en: 'the connection is reset: a firewall or proxy breaks it off', nl: 'de verbinding wordt verbroken door een firewall of proxy' },
  'reason.tcp': { en: 'no connection on port 443', nl: 'geen verbinding op poort 443' },
  'reason.tls.inspection': { en: 'the certificate is replaced by TLS inspection ({by})', nl: 'het certificaat wordt vervangen door TLS-inspectie ({by})' },
  'reason.tls': { en: 'the secure (TLS) connection fails', nl: 'de beveiligde (TLS-)verbinding mislukt' },
  'reason.tls.weak': { en: '.NET offers only old TLS versions (see dotnet.tls12)', nl: '.NET biedt alleen oude TLS-versies aan (zie dotnet.tls12)' },
  'reason.proxy.auth': { en: 'the proxy asks for a login (HTTP 407)', nl: 'de proxy vraagt om aanmelding (HTTP 407)' },
  'reason.proxy': { en: 'the proxy refuses the connection', nl: 'de proxy weigert de verbinding' },
  'reason.proxy.route': { en: 'the service would take another route than this test (WinHTTP proxy)', nl: 'de service neemt een andere route dan deze test (WinHTTP-proxy)' },
  'reason.http': { en: 'the server answers with an error ({status})', nl: 'de server antwoordt met een fout ({status})' },
  'reason.none': { en: 'this endpoint was not tested', nl: 'dit eindpunt is niet getest' },
  'ask.dns': { en: 'make this server resolve {host} (DNS forwarder or proxy)', nl: 'laat deze server {host} kunnen opzoeken (DNS-forwarder of proxy)' },
  'ask.tcp': { en: 'allow outbound TCP 443 from this server to {host}', nl: 'sta uitgaand TCP 443 toe van deze server naar {host}' },
  'ask.tls.inspection': { en: 'put {host} on the TLS-inspection bypass list', nl: 'zet {host} op de uitzonderingslijst voor TLS-inspectie' },
  'ask.tls': { en: 'let HTTPS to {host} through unchanged (no TLS inspection)', nl: 'laat HTTPS naar {host} ongewijzigd door (geen TLS-inspectie)' },
  'ask.tls.weak': { en: 'nothing: fix dotnet.tls12 on this server', nl: 'niets: los dotnet.tls12 op deze server op' },
  'ask.proxy.auth': { en: 'allow {host} through the proxy without a login for this server', nl: 'sta {host} zonder aanmelding via de proxy toe voor deze server' },
  'ask.proxy': { en: 'allow CONNECT to {host}:443 on the proxy', nl: 'sta CONNECT naar {host}:443 toe op de proxy' },
  'ask.proxy.route': { en: 'nothing: set the WinHTTP proxy on this server (netsh winhttp import proxy source=ie)', nl: 'niets: stel de WinHTTP-proxy in op deze server (netsh winhttp import proxy source=ie)' },
  'ask.http': { en: 'check that {host} is not blocked or redirected by the proxy', nl: 'controleer dat de proxy {host} niet blokkeert of omleidt' },
  'ask.none': { en: 'nothing yet: collect the facts again', nl: 'nog niets: verzamel de gegevens opnieuw' },

  // Fleet
  'fleet.host': { en: 'host', nl: 'server' },
  'fleet.verdict': { en: 'verdict', nl: 'oordeel' },
  'fleet.blocking': { en: 'what stands in the way', nl: 'wat in de weg staat' },
  'fleet.check': { en: 'check', nl: 'controle' },
  'fleet.details': {
    en: 'Per-host details: --format html, markdown or json --output FILE, or judge one snapshot at a time.',
    nl: 'Details per server: --format html, markdown of json --output BESTAND, of beoordeel één snapshot tegelijk.',
  },
  'fleet.legend': { en: 'Columns: {legend}', nl: 'Kolommen: {legend}' },

  // HTML and Markdown
  'html.title': { en: 'Clickker preflight report — {host}', nl: 'Clickker-controlerapport — {host}' },
  'html.todo': { en: 'What to do', nl: 'Wat te doen' },
  'html.nothing': { en: 'Nothing to do.', nl: 'Niets te doen.' },
  'html.checks': { en: 'Every check', nl: 'Alle controles' },
  'html.facts': { en: 'Host facts', nl: 'Gegevens van de server' },
  'html.run': { en: 'This run', nl: 'Deze controle' },
  'html.generated': { en: 'Generated {when} by {tool}', nl: 'Gemaakt op {when} door {tool}' },
  'html.requirements': { en: 'Requirements', nl: 'Eisen' },
  'html.profile': { en: 'Profile', nl: 'Profiel' },
  'html.host': { en: 'Host', nl: 'Server' },
  'html.source': { en: 'Facts from', nl: 'Gegevens uit' },
  'html.evidence': { en: 'Evidence', nl: 'Bewijs' },
  'html.severity': { en: 'Severity', nl: 'Ernst' },
  'md.findings': { en: 'Findings and fixes', nl: 'Bevindingen en oplossingen' },
  'md.results': { en: 'Results', nl: 'Resultaten' },
  'md.matrix': { en: 'Matrix', nl: 'Overzicht' },
  'md.status': { en: 'Status', nl: 'Status' },
  'md.check': { en: 'Check', nl: 'Controle' },
  'md.summary': { en: 'Summary', nl: 'Samenvatting' },
  'md.verdict': { en: 'Verdict', nl: 'Oordeel' },
  'md.hosts': { en: 'Hosts', nl: 'Servers' },
  'md.generated': { en: 'Generated', nl: 'Gemaakt' },
  'md.skipped': { en: 'Not checked', nl: 'Niet gecontroleerd' },
  'md.exit': { en: 'exit code {code}', nl: 'afsluitcode {code}' },
  'md.reason': { en: 'Reason', nl: 'Reden' },
  'md.on-host': { en: 'on {host}', nl: 'op {host}' },
  'md.generated-by': { en: '{when} by {tool}', nl: '{when} door {tool}' },
  'mark.pass': { en: 'pass', nl: 'geslaagd' },
  'mark.fail': { en: 'fail', nl: 'mislukt' },
  'mark.warn': { en: 'warn', nl: 'waarschuwing' },
  'mark.unknown': { en: 'unknown', nl: 'onbekend' },
  'mark.not-applicable': { en: 'n/a', nl: 'n.v.t.' },
  'mark.skipped': { en: 'skipped', nl: 'overgeslagen' },
  'mark.waived': { en: 'waived', nl: 'vrijgesteld' },

  // clickker fix
  'fix.for-snapshot': { en: 'Fixes for {file} (what-if only: a snapshot is not a machine)', nl: 'Oplossingen voor {file} (alleen what-if: een snapshot is geen machine)' },
  'fix.for-target': { en: 'Fixes for {target}', nl: 'Oplossingen voor {target}' },
  'fix.fixes': { en: 'fixes {id}', nl: 'lost {id} op' },
  'fix.automatic': { en: 'automatic', nl: 'automatisch' },
  'fix.elevation.yes': { en: 'needs an elevated prompt', nl: 'vereist een verhoogde prompt ("Als administrator uitvoeren")' },
  'fix.elevation.no': { en: 'no elevation needed', nl: 'geen verhoging nodig' },
  'fix.reboot.never': { en: 'no restart', nl: 'geen herstart' },
  'fix.reboot.maybe': { en: 'Windows may ask for a restart', nl: 'Windows vraagt mogelijk om een herstart' },
  'fix.reboot.always': { en: 'needs a restart', nl: 'vereist een herstart' },
  'fix.what-if': { en: 'what-if:', nl: 'what-if:' },
  'fix.needs-source': { en: 'needs the installation media: --source <path to \\sources\\sxs>', nl: 'vereist de installatiemedia: --source <pad naar \\sources\\sxs>' },
  'fix.manual': { en: 'by hand: {why}', nl: 'handmatig: {why}' },
  'fix.nothing.ids': { en: 'Nothing to fix for {ids}: {states}.', nl: 'Niets op te lossen voor {ids}: {states}.' },
  'fix.nothing': { en: 'Nothing to fix: no failed check has a fix.', nl: 'Niets op te lossen: geen mislukte controle heeft een oplossing.' },
  'fix.not-run': { en: 'not run', nl: 'niet uitgevoerd' },
  'fix.tally.what-if': { en: '{automatic} automatic, {manual} manual. Nothing was changed (--what-if).', nl: '{automatic} automatisch, {manual} handmatig. Er is niets gewijzigd (--what-if).' },
  'fix.none-automatic': {
    en: 'No automatic fix applies; run the commands above yourself, then clickker preflight again.',
    nl: 'Geen automatische oplossing van toepassing; voer de opdrachten hierboven zelf uit en daarna opnieuw clickker preflight.',
  },
  'fix.no-source': {
    en: '{id}: the payload of some role services was removed: installing the others; for the rest give --source (wim:D:\\sources\\install.wim:<index> of matching media)',
    nl: '{id}: de payload van sommige rolservices is verwijderd: de andere worden geïnstalleerd; geef voor de rest --source op (wim:D:\\sources\\install.wim:<index> van bijpassende media)',
  },
  'fix.ask-source': {
    en: 'Source for the removed role services: wim:D:\\sources\\install.wim:<index> of matching media, or a WinSxS folder of a matching image (empty: install the others only)',
    nl: 'Bron voor de verwijderde rolservices: wim:D:\\sources\\install.wim:<index> van bijpassende media, of een map WinSxS van een bijpassende image (leeg: alleen de andere installeren)',
  },
  'fix.ask-apply': { en: 'Apply {id} on {target}?', nl: '{id} toepassen op {target}?' },
  'fix.skipped': { en: '{id}: skipped', nl: '{id}: overgeslagen' },
  'fix.done': { en: '{id}: done. {check} is now {status}{summary}', nl: '{id}: klaar. {check} is nu {status}{summary}' },
  'fix.restart-to-finish': { en: ' — restart Windows to finish', nl: ' — herstart Windows om af te ronden' },
  'fix.failed': { en: '{id}: FAILED: {message}', nl: '{id}: MISLUKT: {message}' },
  'fix.log': { en: 'Log: {file}', nl: 'Logboek: {file}' },
  'fix.left.one': { en: '1 fix left to do by hand (commands above).', nl: '1 oplossing blijft handwerk (opdrachten hierboven).' },
  'fix.left.many': { en: '{n} fixes left to do by hand (commands above).', nl: '{n} oplossingen blijven handwerk (opdrachten hierboven).' },

  // clickker explain and clickker checks
  'explain.kind': { en: '{severity}, {category}; profiles: {profiles}', nl: '{severity}, {category}; profielen: {profiles}' },
  'explain.reads': { en: 'Reads', nl: 'Leest' },
  'explain.after': { en: 'Evaluated only when {ids} passed.', nl: 'Wordt alleen beoordeeld als {ids} geslaagd is.' },
  'explain.fix': { en: 'Fix', nl: 'Oplossing' },
  'explain.docs': { en: 'Docs: {link}', nl: 'Documentatie: {link}' },
  'severity.blocking': { en: 'blocking', nl: 'blokkerend' },
  'severity.warning': { en: 'warning', nl: 'waarschuwing' },
  'severity.info': { en: 'info', nl: 'informatie' },
  'checks.needs': { en: 'needs: {needs}; profiles: {profiles}', nl: 'leest: {needs}; profielen: {profiles}' },
  'checks.by-person': { en: 'confirmation by a person', nl: 'bevestiging door een persoon' },
  'checks.total': { en: '{n} checks (requirements {version}). Details: clickker explain <id>', nl: '{n} controles (eisen {version}). Details: clickker explain <id>' },
} as const satisfies Record<string, Message>;

/**
 * The report's and the commands' messages in one table. Built in an object without a prototype, which V8 keeps as a
 * hash table from the start (issue 17): spreading the ~200 command messages (and the input-error messages) into the report messages' literal made
 * V8 add them one by one, each through a new hidden class, ~12 ms of CPU at every start.
 */
export const MESSAGES: typeof REPORT_MESSAGES & typeof CLI_MESSAGES & typeof INPUT_MESSAGES =
  Object.assign(Object.create(null) as object, REPORT_MESSAGES, CLI_MESSAGES, INPUT_MESSAGES);

export type MessageId = keyof typeof MESSAGES;

/** A message in both languages, for what carries a Msg (an InputError, a step's text). */
export function msg(id: MessageId, vars: Record<string, string | number> = {}): Msg {
  return { en: t('en', id, vars), nl: t('nl', id, vars) };
}

export function t(lang: Lang, id: MessageId, vars: Record<string, string | number> = {}): string {
  const template = MESSAGES[id][lang];
  // Most messages have no placeholder: no expression to run over them (issue 17).
  if (!template.includes('{')) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/**
 * `--lang`, then CLICKKER_LANG, then the Windows UI culture (nl-* → Dutch), then English. Cheap and synchronous: the
 * culture is looked up by the caller (src/cli/ui-culture.ts: uiCultureFor) and passed in; never Node's locale.
 */
export function resolveLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, uiCulture?: string): Lang {
  for (const v of [flag, env.CLICKKER_LANG]) {
    if (!v) continue;
    const l = v.toLowerCase().slice(0, 2);
    if (l === 'nl' || l === 'en') return l;
  }
  // Never Node's locale (ICU's is the user's *format* locale on Windows): the caller passes the Windows display
  // language (src/cli/ui-culture.ts). Nothing here touches Intl, so start-up pays nothing for it.
  return uiCulture !== undefined && /^nl(-|$)/i.test(uiCulture) ? 'nl' : 'en';
}
