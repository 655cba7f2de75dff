// The console prose of install, uninstall, collect, support-bundle, the one-line errors and Ctrl+C, in English and
// Dutch (joined into MESSAGES, so test/report/i18n.test.ts holds them to both languages with the same placeholders).
// Ids, commands, flags, paths and the journal's contents stay English; Dutch uses the Windows terms a Dutch
// administrator sees ("Als administrator uitvoeren", "Programma's en onderdelen", "Groepen van toepassingen").
import type { Message } from './catalogue.js';

export const CLI_MESSAGES = {
  // Shared words
  'word.yes': { en: 'yes', nl: 'ja' },
  'word.no': { en: 'no', nl: 'nee' },
  'word.nothing': { en: 'nothing', nl: 'niets' },
  'word.none': { en: '(none)', nl: '(geen)' },
  'nothing-changed': { en: 'Nothing was changed.', nl: 'Er is niets gewijzigd.' },
  'and-more': { en: ' and {n} more', nl: ' en nog {n}' },

  // install: the preflight gate
  'install.preflight': {
    en: 'Preflight  {verdict}: {pass} pass, {warn} warn, {fail} fail, {unknown} unknown, {waived} waived{report}',
    nl: 'Controle  {verdict}: {pass} geslaagd, {warn} waarschuwing, {fail} mislukt, {unknown} onbekend, {waived} vrijgesteld{report}',
  },
  'install.preflight.report': { en: '  (report: {file})', nl: '  (rapport: {file})' },
  'install.mark.fail': { en: 'FAIL', nl: 'MISLUKT' },
  'install.mark.unknown': { en: 'UNKNOWN', nl: 'ONBEKEND' },
  'install.mark.skipped': { en: 'SKIPPED', nl: 'OVERGESLAGEN' },
  'install.mark.waived': { en: 'WAIVED', nl: 'VRIJGESTELD' },
  'install.waiver': { en: '(waiver: {reason}; approved by {approver}, expires {expires})', nl: '(vrijstelling: {reason}; goedgekeurd door {approver}, verloopt {expires})' },
  'install.not-checked': { en: 'not checked', nl: 'niet gecontroleerd' },
  'install.blocked': {
    en: 'The preflight found blocking problems, so nothing was installed. Fix them (clickker fix, clickker explain ID) or waive them with --waivers FILE.',
    nl: 'De controle vond blokkerende problemen, dus er is niets geïnstalleerd. Los ze op (clickker fix, clickker explain ID) of leg een vrijstelling vast met --waivers BESTAND.',
  },

  // install --plan and the plan before an installation
  'plan.package': { en: 'Package', nl: 'Pakket' },
  'plan.target': { en: 'Target', nl: 'Doel' },
  'plan.install': { en: 'Install', nl: 'Installatie' },
  'plan.verified': { en: 'verified against {file}', nl: 'gecontroleerd met {file}' },
  'plan.not-verified': { en: 'NOT verified: give --sha256 or a checksum file', nl: 'NIET gecontroleerd: geef --sha256 of een checksumbestand op' },
  'plan.runs-as': { en: 'runs as {account}', nl: 'draait als {account}' },
  'plan.no-change': { en: 'no change', nl: 'geen wijziging' },
  'plan.refused': { en: 'REFUSED: {why}', nl: 'GEWEIGERD: {why}' },
  'plan.relies': { en: 'relies on the preflight checks: {ids}', nl: 'steunt op de controles: {ids}' },
  'plan.note': { en: 'note: {note}', nl: 'opmerking: {note}' },
  'plan.tally': {
    en: '{n} steps: {changing} would change, {inPlace} already in place{refused}. Needs an elevated prompt: {elevated}. {restart}',
    nl: '{n} stappen: {changing} wijzigen iets, {inPlace} al in orde{refused}. Verhoogde prompt ("Als administrator uitvoeren") nodig: {elevated}. {restart}',
  },
  'plan.tally.refused': { en: ', {n} refused', nl: ', {n} geweigerd' },
  'plan.restart.always': { en: 'Restart: needed ({ids}).', nl: 'Herstart: nodig ({ids}).' },
  'plan.restart.maybe': { en: 'Restart: may be needed ({ids}).', nl: 'Herstart: mogelijk nodig ({ids}).' },
  'plan.restart.never': { en: 'Restart: not needed.', nl: 'Herstart: niet nodig.' },
  'plan.verify': { en: 'Afterwards verify: {list}', nl: 'Daarna controleren: {list}' },
  'plan.blocked': {
    en: 'The preflight would stop this installation: fix or waive the findings above (--waivers FILE).',
    nl: 'De controle zou deze installatie tegenhouden: los de bevindingen hierboven op of leg er een vrijstelling voor vast (--waivers BESTAND).',
  },
  'plan.would-stop': { en: 'The installation would stop at the refused step. Nothing was changed.', nl: 'De installatie zou stoppen bij de geweigerde stap. Er is niets gewijzigd.' },
  'plan.done': { en: 'Nothing was changed (--plan). Run without --plan to install.', nl: 'Er is niets gewijzigd (--plan). Voer de opdracht zonder --plan uit om te installeren.' },

  // install: applying
  'install.step-refused': { en: 'step {id} cannot go ahead: {why}', nl: 'stap {id} kan niet doorgaan: {why}' },
  'install.ask-apply': { en: 'Apply these {n} changes to {target}?', nl: 'Deze {n} wijzigingen doorvoeren op {target}?' },
  'install.warning': { en: 'Warning: {text}', nl: 'Waarschuwing: {text}' },
  'install.still-sysadmin': {
    en: '{account} is still sysadmin on {server}; Clickker needs only read on the Exact databases and read/write on [{database}]',
    nl: '{account} is nog sysadmin op {server}; Clickker heeft alleen leesrechten op de Exact-databases en lees- en schrijfrechten op [{database}] nodig',
  },
  'install.ask-reduce': { en: '{why}. Reduce its rights now?', nl: '{why}. De rechten nu beperken?' },
  'install.reduced': { en: 'Reduced: {account} left sysadmin (run {run}; --rollback gives it back).', nl: 'Beperkt: {account} is geen sysadmin meer (run {run}; --rollback draait dit terug).' },
  'install.reduce-note': { en: 'Note: {why}. To reduce it: {command}', nl: 'Let op: {why}. Beperken kan met: {command}' },
  'install.interrupted': {
    en: 'the installation was interrupted; continue it with clickker install --resume --state-dir {dir}, or undo it with --rollback',
    nl: 'de installatie is onderbroken; ga verder met clickker install --resume --state-dir {dir}, of draai haar terug met --rollback',
  },
  'install.stopped': { en: 'The installation stopped. The journal ({file}) and the log say where.', nl: 'De installatie is gestopt. Het journaal ({file}) en het logboek laten zien waar.' },
  'install.then-resume': { en: 'Fix the cause, then:', nl: 'Los de oorzaak op, daarna:' },
  'install.or-undo': { en: 'or undo it:', nl: 'of draai haar terug:' },

  // Progress lines of the steps (stderr)
  'steps.resumed': { en: '(resumed) ', nl: '(hervat) ' },
  'steps.failed': { en: 'FAILED: {detail}', nl: 'MISLUKT: {detail}' },
  'steps.in-place': { en: 'already in place', nl: 'al in orde' },
  'steps.done': { en: 'done', nl: 'klaar' },
  'steps.undone': { en: 'undone', nl: 'teruggedraaid' },

  // The summary of a run
  'summary.installed': { en: 'Installed {product} {version} on {target} (run {run}).', nl: '{product} {version} is geïnstalleerd op {target} (run {run}).' },
  'summary.finished': { en: 'Finished installing {product} {version} on {target} (run {run}).', nl: 'De installatie van {product} {version} op {target} is voltooid (run {run}).' },
  'summary.verify-failed': {
    en: 'Installed, but verification FAILED for {product} {version} on {target} (run {run}).',
    nl: '{product} {version} is geïnstalleerd op {target}, maar de verificatie is MISLUKT (run {run}).',
  },
  'summary.changed': { en: 'changed: {list}', nl: 'gewijzigd: {list}' },
  'summary.in-place': { en: 'already in place: {list}', nl: 'al in orde: {list}' },
  'summary.verify.ok': { en: 'verify {name}: GET {url} -> {got} (ok)', nl: 'verificatie {name}: GET {url} -> {got} (ok)' },
  'summary.verify.failed': { en: 'verify {name}: GET {url} -> {got} (expected {expected}) FAILED', nl: 'verificatie {name}: GET {url} -> {got} (verwacht {expected}) MISLUKT' },
  'summary.kept-journal': { en: 'nothing changed: the journal of run {run} stays current', nl: 'niets gewijzigd: het journaal van run {run} blijft het actuele' },
  'summary.log': { en: 'Log: {file}', nl: 'Logboek: {file}' },
  'summary.journal': { en: 'Journal: {file}', nl: 'Journaal: {file}' },
  'summary.undo': { en: 'Undo: {command}', nl: 'Terugdraaien: {command}' },

  // install --resume
  'resume.blocked': { en: 'The preflight found blocking problems, so the installation was not continued.', nl: 'De controle vond blokkerende problemen, dus de installatie is niet voortgezet.' },
  'resume.some-done': {
    en: '{n} step(s) of run {run} are already in place ({ids}); nothing more was changed.',
    nl: '{n} stap(pen) van run {run} zijn al uitgevoerd ({ids}); verder is er niets gewijzigd.',
  },
  'resume.how': {
    en: "Fix them (clickker fix, clickker explain ID) or waive them with --waivers FILE, then --resume again; or undo the run with --rollback. The run's preflight report {report} is kept.",
    nl: 'Los ze op (clickker fix, clickker explain ID) of leg een vrijstelling vast met --waivers BESTAND en gebruik daarna opnieuw --resume; of draai de run terug met --rollback. Het controlerapport van de run ({report}) blijft bewaard.',
  },
  'resume.title': { en: 'Resume run {run} on {target}:', nl: 'Run {run} hervatten op {target}:' },
  'resume.ask': { en: 'Continue the installation on {target}?', nl: 'De installatie op {target} voortzetten?' },

  // install --rollback
  'rollback.title': { en: 'Roll back run {run} ({product} {version}, {state}) on {target}:', nl: 'Run {run} terugdraaien ({product} {version}, {state}) op {target}:' },
  // The journal's run states (the journal itself keeps the English value)
  'run-state.installing': { en: 'installing', nl: 'bezig met installeren' },
  'run-state.installed': { en: 'installed', nl: 'geïnstalleerd' },
  'run-state.failed': { en: 'failed', nl: 'mislukt' },
  'run-state.rolling-back': { en: 'rolling back', nl: 'bezig met terugdraaien' },
  'run-state.rolled-back': { en: 'rolled back', nl: 'teruggedraaid' },
  'run-state.uninstalled': { en: 'uninstalled', nl: 'verwijderd' },
  'rollback.undo': { en: 'undo {id}: {what}', nl: 'terugdraaien {id}: {what}' },
  'rollback.cannot': { en: 'CANNOT: {why}', nl: 'KAN NIET: {why}' },
  'rollback.nothing': { en: '(nothing was changed by that run)', nl: '(die run heeft niets gewijzigd)' },
  'rollback.would-stop': { en: 'The rollback would stop: {ids} cannot be undone. Nothing was changed.', nl: 'Het terugdraaien zou stoppen: {ids} kan niet worden teruggedraaid. Er is niets gewijzigd.' },
  'rollback.plan-done': {
    en: 'Nothing was changed (--rollback --plan). Run --rollback without --plan to undo these steps.',
    nl: 'Er is niets gewijzigd (--rollback --plan). Voer --rollback zonder --plan uit om deze stappen terug te draaien.',
  },
  'rollback.ask': { en: 'Undo these {n} steps on {target}?', nl: 'Deze {n} stappen terugdraaien op {target}?' },
  'rollback.done': { en: 'Rolled back run {run}: {list}.', nl: 'Run {run} teruggedraaid: {list}.' },
  'rollback.nothing-to-undo': { en: 'nothing to undo', nl: 'niets terug te draaien' },
  'rollback.previous': {
    en: 'Run {run} (installed before it) is the current installation again; --rollback once more undoes that one too.',
    nl: 'Run {run} (de installatie daarvoor) is weer de actuele installatie; nog een keer --rollback draait ook die terug.',
  },

  // uninstall
  'uninstall.title': { en: 'Uninstall {product} {version} from {target}{keep}:', nl: '{product} {version} verwijderen van {target}{keep}:' },
  'uninstall.keeping': { en: ', keeping the database', nl: ', de database blijft staan' },
  'uninstall.kept': { en: 'kept (--keep-database): {list}', nl: 'blijft staan (--keep-database): {list}' },
  'uninstall.would-stop': { en: 'The uninstall would stop: a step above cannot be undone. Nothing was changed.', nl: 'Het verwijderen zou stoppen: een stap hierboven kan niet worden teruggedraaid. Er is niets gewijzigd.' },
  'uninstall.plan-done': { en: 'Nothing was changed (--plan).', nl: 'Er is niets gewijzigd (--plan).' },
  'uninstall.ask': { en: 'Remove {product} from {target}?', nl: '{product} verwijderen van {target}?' },
  'uninstall.done': { en: 'Uninstalled {product} {version}. The journals and logs stay in {dir}.', nl: '{product} {version} is verwijderd. De journalen en logboeken blijven in {dir}.' },

  // collect
  'collect.written': { en: 'Snapshot of {host} written to {file}: {ok} of {n} probes succeeded.', nl: 'Snapshot van {host} geschreven naar {file}: {ok} van {n} metingen geslaagd.' },
  'collect.judge': { en: 'Judge it with: {command}', nl: 'Beoordelen met: {command}' },

  // support-bundle
  'bundle.written': { en: 'Support bundle: {file} ({n} files, secrets masked; backups left out)', nl: 'Ondersteuningsbundel: {file} ({n} bestanden, geheimen gemaskeerd; back-ups weggelaten)' },

  // Prompts
  'ask.package': { en: 'Release package (zip)', nl: 'Releasepakket (zip)' },
  'ask.service-account': { en: 'Service account (DOMAIN\\user, .\\user or DOMAIN\\gmsa$)', nl: 'Serviceaccount (DOMEIN\\gebruiker, .\\gebruiker of DOMEIN\\gmsa$)' },
  'ask.sql-server': { en: 'SQL Server (HOST\\INSTANCE)', nl: 'SQL Server (HOST\\INSTANTIE)' },
  'ask.install-dir': { en: 'Install folder', nl: 'Installatiemap' },
  'ask.service-password': { en: 'Password of the service account {account}', nl: 'Wachtwoord van het serviceaccount {account}' },
  'ask.sql-password': { en: 'Password of SQL login {login}', nl: 'Wachtwoord van SQL-aanmelding {login}' },
  'ask.site': { en: 'The Exact Synergy website to install Clickker under', nl: 'De Exact Synergy-website waaronder Clickker wordt geïnstalleerd' },
  'ask.no-applications': { en: '(no applications)', nl: '(geen toepassingen)' },

  // One-line errors (the thing named first stays as it is: a flag, a variable, a file)
  'err.missing': {
    en: '{flag}: missing ({what}); give {flag} or set {env} (nothing is asked without a terminal, with CI set, or with --yes)',
    nl: '{flag}: ontbreekt ({what}); geef {flag} op of stel {env} in (zonder terminal, met CI of met --yes wordt niets gevraagd)',
  },
  'what.package': { en: 'the release zip, e.g. clickker-1.0.0.zip', nl: 'het releasepakket, bijv. clickker-1.0.0.zip' },
  'what.service-account': { en: 'the account Clickker runs as, DOMAIN\\user', nl: 'het account waaronder Clickker draait, DOMEIN\\gebruiker' },
  'what.sql-server': { en: 'the SQL Server of the Exact databases, HOST[\\INSTANCE][,PORT]', nl: 'de SQL Server van de Exact-databases, HOST[\\INSTANTIE][,POORT]' },
  'what.install-dir': { en: 'the install folder', nl: 'de installatiemap' },
  'err.combined': { en: '--{a} and --{b} cannot be combined', nl: '--{a} en --{b} kunnen niet samen worden gebruikt' },
  'err.no-journal': { en: '--{mode}: no installation journal in {dir}', nl: '--{mode}: geen installatiejournaal in {dir}' },
  'err.uninstall.no-journal': {
    en: 'uninstall: no installation journal in {dir}; nothing clickker installed is recorded there (--state-dir)',
    nl: 'uninstall: geen installatiejournaal in {dir}; daar is niets vastgelegd dat clickker heeft geïnstalleerd (--state-dir)',
  },
  'err.secret': {
    en: '{name}: missing ({what}); secrets come from the environment or a hidden prompt, never from a flag or file',
    nl: '{name}: ontbreekt ({what}); geheimen komen uit de omgeving of een verborgen prompt, nooit uit een optie of bestand',
  },
  'err.service-password': {
    en: '{env}: missing (the password of {account}, for the application pool, services and tasks); set it or answer the hidden prompt on a terminal',
    nl: '{env}: ontbreekt (het wachtwoord van {account}, voor de groep van toepassingen, de services en de taken in Taakplanner); stel het in of beantwoord de verborgen vraag in een terminal',
  },
  'err.site': { en: '--site: missing (the IIS website of Exact Synergy); IIS on {target} has: {sites}', nl: '--site: ontbreekt (de IIS-website van Exact Synergy); IIS op {target} heeft: {sites}' },
  'err.site.none': { en: 'no websites', nl: 'geen websites' },
  'err.app-path': { en: '--app-path: expected an application path such as /clickker', nl: '--app-path: verwacht een toepassingspad zoals /clickker' },
  'err.exact-databases': {
    en: '--sql-server: cannot list the Exact databases on {server} ({error}); check the server and the login, or name the databases with --exact-database',
    nl: '--sql-server: kan de Exact-databases op {server} niet opvragen ({error}); controleer de server en de aanmelding, of noem de databases met --exact-database',
  },
  'err.elevation': {
    en: '{ids} need an elevated prompt: start PowerShell with "Run as administrator" and run clickker again (nothing was changed)',
    nl: '{ids} vereisen een verhoogde prompt: start PowerShell met "Als administrator uitvoeren" en voer clickker opnieuw uit (er is niets gewijzigd)',
  },
  'err.no-confirmation': {
    en: '{flag}: refusing to change this machine without a confirmation; run it on a terminal, or add --yes (see the changes first with --plan)',
    nl: '{flag}: deze machine wordt niet gewijzigd zonder bevestiging; voer het uit in een terminal, of voeg --yes toe (bekijk de wijzigingen eerst met --plan)',
  },
  'err.journal-owner': {
    en: 'journal {file}: owned by {owner}, not by Administrators or SYSTEM; clickker refuses to act on a journal a non-administrator could have written (check it, then delete it or take ownership as an administrator)',
    nl: 'journaal {file}: eigenaar is {owner}, niet Administrators of SYSTEM; clickker handelt niet naar een journaal dat een niet-administrator kan hebben geschreven (controleer het, verwijder het daarna of neem als administrator het eigendom over)',
  },
  'err.state-dir.file': { en: '{named} {dir}: exists and is not a folder', nl: '{named} {dir}: bestaat en is geen map' },
  'err.state-dir.parent': { en: '{named} {dir}: {path} is a file, not a folder', nl: '{named} {dir}: {path} is een bestand, geen map' },
  'err.state-dir.missing': {
    en: '--state-dir: missing (where the journal, logs and backups go; on Windows it defaults to %ProgramData%\\Clickker)',
    nl: '--state-dir: ontbreekt (waar het journaal, de logboeken en de back-ups komen; op Windows standaard %ProgramData%\\Clickker)',
  },
  'err.not-windows': {
    en: 'install and fix act on the Windows server itself, and this is {platform}: run clickker on the server, or rehearse here with --simulate FILE (e.g. fixtures/packages/simulated-host.json)',
    nl: 'install en fix werken op de Windows-server zelf, en dit is {platform}: voer clickker uit op de server, of oefen hier met --simulate BESTAND (bijv. fixtures/packages/simulated-host.json)',
  },
  'err.unknown-check': { en: "{what}: unknown check id '{id}' (see 'clickker checks')", nl: "{what}: onbekende controle-id '{id}' (zie 'clickker checks')" },
  'err.out': { en: '--out: expected a file name', nl: '--out: verwacht een bestandsnaam' },
  'err.not-exist': { en: '{flag}: {path} does not exist', nl: '{flag}: {path} bestaat niet' },
  'err.internal': { en: 'internal error: {message}', nl: 'interne fout: {message}' },
  'err.verbose-hint': { en: ' (run again with --verbose for details)', nl: ' (voer opnieuw uit met --verbose voor details)' },
  'err.cancelled': { en: 'cancelled', nl: 'geannuleerd' },
  'err.interrupted': { en: 'interrupted', nl: 'onderbroken' },
  'err.terminated': { en: 'terminated', nl: 'beëindigd' },
  'err.value-hidden': { en: '(its value is not shown)', nl: '(de waarde wordt niet getoond)' },

  // commander's own errors, as clickker says them in Dutch
  'cmd.unknown-option': { en: "unknown option '{name}'", nl: "onbekende optie '{name}'" },
  'cmd.unknown-command': { en: "unknown command '{name}'", nl: "onbekende opdracht '{name}'" },
  'cmd.did-you-mean': { en: '(did you mean {name})', nl: '(bedoelt u {name})' },
  'cmd.argument-missing': { en: "option '{name}' argument missing", nl: "optie '{name}': de waarde ontbreekt" },
  'cmd.required-argument': { en: "missing required argument '{name}'", nl: "verplicht argument '{name}' ontbreekt" },
  'cmd.invalid-choice': { en: "option '{name}' argument '{value}' is invalid. Allowed choices are {choices}.", nl: "optie '{name}': waarde '{value}' is ongeldig. Toegestane keuzes: {choices}." },
  'cmd.too-many': { en: "too many arguments for '{name}'. Expected {expected} argument(s) but got {got}.", nl: "te veel argumenten voor '{name}': verwacht {expected}, gekregen {got}." },
} as const satisfies Record<string, Message>;
