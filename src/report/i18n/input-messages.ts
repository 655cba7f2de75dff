// The one-line errors about what a person gave clickker, in English and Dutch: flags, environment variables, the
// config, waivers, requirements, confirmations and snapshot files, the files it writes, the service account, and
// `collect --computer` (joined into MESSAGES, so test/report/i18n.test.ts holds them to both languages with the same
// placeholders). The thing named first stays as it is (a flag, a variable, a file, a key); values from the file or
// from Windows are quoted as they are.
import type { Message } from './catalogue.js';

export const INPUT_MESSAGES = {
  // What an error names: "<what>: <why>"
  'in.what.config': { en: 'config file {file}', nl: 'configuratiebestand {file}' },
  'in.what.config-at': { en: 'config file {file} at {key}', nl: 'configuratiebestand {file} bij {key}' },
  'in.what.waivers': { en: 'waivers file {file}', nl: 'vrijstellingenbestand {file}' },
  'in.what.requirements': { en: 'requirements file {file}', nl: 'eisenbestand {file}' },
  'in.what.confirmations': { en: 'confirmations file {file}', nl: 'bevestigingenbestand {file}' },
  'in.what.snapshot': { en: 'snapshot {file}', nl: 'snapshot {file}' },
  'in.what.flags': { en: 'flags', nl: 'opties' },
  'in.what.environment': { en: 'environment', nl: 'omgeving' },
  'in.what.report': { en: 'report', nl: 'rapport' },
  'in.what.preflight-report': { en: 'preflight report', nl: 'controlerapport' },
  'in.what.written-snapshot': { en: 'snapshot', nl: 'snapshot' },
  'in.what.remembered': { en: 'confirmations', nl: 'bevestigingen' },
  'in.what.journal': { en: 'journal {file}', nl: 'journaal {file}' },
  'in.what.at': { en: '{what} at {path}', nl: '{what} bij {path}' },
  'in.at-path': { en: 'at {path}: {why}', nl: 'bij {path}: {why}' },
  'in.top-level': { en: '(top level)', nl: '(hoogste niveau)' },

  // Reading a file (src/core/input-file.ts)
  'in.read.cannot': { en: '{what}: cannot read it ({code})', nl: '{what}: kan het niet lezen ({code})' },
  'in.read.folder': { en: '{what}: cannot read it (it is a folder)', nl: '{what}: kan het niet lezen (het is een map)' },
  'in.read.not-file': { en: '{what}: {kind}, not a regular file; give the path of a file', nl: '{what}: {kind}, geen gewoon bestand; geef het pad van een bestand op' },
  'in.kind.folder': { en: 'a folder', nl: 'een map' },
  'in.kind.fifo': { en: 'a pipe (FIFO)', nl: 'een pipe (FIFO)' },
  'in.kind.device': { en: 'a device', nl: 'een apparaat' },
  'in.kind.socket': { en: 'a socket', nl: 'een socket' },
  'in.kind.other': { en: 'not a regular file', nl: 'geen gewoon bestand' },
  'in.read.too-big': { en: '{what}: the file is {size}; the limit is {limit}', nl: '{what}: het bestand is {size}; de grens is {limit}' },
  'in.read.grew': { en: '{what}: the file is larger than {limit}; the limit is {limit}', nl: '{what}: het bestand is groter dan {limit}; de grens is {limit}' },
  'in.read.utf16': {
    en: '{what}: looks like UTF-16 without a byte-order mark; save it as UTF-8, or as UTF-16 with its mark (Out-File -Encoding Unicode writes one)',
    nl: '{what}: lijkt UTF-16 zonder byte-order mark; sla het op als UTF-8, of als UTF-16 met die markering (Out-File -Encoding Unicode schrijft er een)',
  },

  // JSON and YAML (src/core/json-document.ts, structured-document.ts)
  'in.json.empty': { en: '{what}: the file is empty', nl: '{what}: het bestand is leeg' },
  'in.json.invalid': { en: '{what}: not valid JSON ({why})', nl: '{what}: geen geldige JSON ({why})' },
  'in.json.ends-early': { en: 'the document ends too early', nl: 'het document houdt te vroeg op' },
  'in.json.unexpected': { en: 'unexpected character {char}{where}', nl: 'onverwacht teken {char}{where}' },
  'in.json.expected-name': { en: 'a property name in double quotes was expected{where}', nl: 'een eigenschapsnaam tussen dubbele aanhalingstekens verwacht{where}' },
  'in.json.expected-comma': { en: 'a comma or a closing bracket was expected{where}', nl: 'een komma of een sluithaakje verwacht{where}' },
  'in.json.expected-colon': { en: "a colon after the property name was expected{where}", nl: 'een dubbele punt na de eigenschapsnaam verwacht{where}' },
  'in.json.after-end': { en: 'more text after the end of the document{where}', nl: 'nog tekst na het einde van het document{where}' },
  'in.json.string': { en: 'a text value is not closed or holds a control character{where}', nl: 'een tekstwaarde is niet afgesloten of bevat een stuurteken{where}' },
  'in.json.other': { en: 'the parser says "{kind}"{where}', nl: 'de parser meldt "{kind}"{where}' },
  'in.json.at': { en: ' at line {line} column {column}', nl: ' op regel {line} kolom {column}' },
  'in.yaml.invalid': { en: '{what}: not valid YAML ({why})', nl: '{what}: geen geldige YAML ({why})' },
  'in.yaml.aliases': {
    en: 'aliases expand to more than {max} nodes; a document this small does not need them',
    nl: 'aliassen breiden uit tot meer dan {max} knooppunten; een document van dit formaat heeft ze niet nodig',
  },
  'in.yaml.duplicate': { en: 'a key appears twice in one mapping{where}', nl: 'een sleutel komt twee keer voor in dezelfde mapping{where}' },
  'in.yaml.indent': { en: 'the indentation is wrong{where}', nl: 'de inspringing klopt niet{where}' },
  'in.yaml.tag': { en: 'an unknown tag (such as !foo){where}', nl: 'een onbekende tag (zoals !foo){where}' },
  'in.yaml.other': { en: 'the parser says "{kind}"{where}', nl: 'de parser meldt "{kind}"{where}' },
  'in.yaml.at': { en: ' at line {line} column {column}', nl: ' op regel {line} kolom {column}' },

  // zod's findings, said by clickker (src/core/issue-text.ts)
  'in.z.missing': { en: 'missing', nl: 'ontbreekt' },
  'in.z.type': { en: 'expected {expected}, found {found}', nl: 'verwacht {expected}, gevonden {found}' },
  'in.z.t.string': { en: 'text', nl: 'tekst' },
  'in.z.t.number': { en: 'a number', nl: 'een getal' },
  'in.z.t.int': { en: 'a whole number', nl: 'een geheel getal' },
  'in.z.t.boolean': { en: 'true or false', nl: 'true of false' },
  'in.z.t.array': { en: 'a list', nl: 'een lijst' },
  'in.z.t.object': { en: 'a mapping', nl: 'een mapping' },
  'in.z.t.null': { en: 'null', nl: 'null' },
  'in.z.t.other': { en: 'a value of another kind', nl: 'een waarde van een andere soort' },
  'in.z.one-of': { en: 'expected {values}', nl: 'verwacht {values}' },
  'in.z.empty': { en: 'must not be empty', nl: 'mag niet leeg zijn' },
  'in.z.min.string': { en: 'expected at least {n} characters', nl: 'verwacht minstens {n} tekens' },
  'in.z.max.string': { en: 'expected at most {n} characters', nl: 'verwacht hoogstens {n} tekens' },
  'in.z.min.number': { en: 'expected at least {n}', nl: 'verwacht minstens {n}' },
  'in.z.max.number': { en: 'expected at most {n}', nl: 'verwacht hoogstens {n}' },
  'in.z.min.array': { en: 'expected at least {n} items', nl: 'verwacht minstens {n} items' },
  'in.z.max.array': { en: 'expected at most {n} items', nl: 'verwacht hoogstens {n} items' },
  'in.z.url': { en: 'expected an http(s) URL', nl: 'verwacht een http(s)-URL' },
  'in.z.format': { en: 'does not have the expected form', nl: 'heeft niet de verwachte vorm' },
  'in.z.unknown-keys': { en: 'unknown key {keys}', nl: 'onbekende sleutel {keys}' },
  'in.z.union': { en: 'matches none of the allowed forms', nl: 'past bij geen van de toegestane vormen' },
  'in.z.invalid': { en: 'not a valid value', nl: 'geen geldige waarde' },
  // The schemas' own messages (their English is the schema's text, so zod's message names the key, and this finds its Dutch)
  'in.z.bool': { en: 'expected true or false', nl: 'verwacht true of false' },
  'in.z.whole': { en: 'expected a whole number', nl: 'verwacht een geheel getal' },
  'in.z.proxy-url': { en: 'expected a proxy URL such as http://proxy.example:8080', nl: 'verwacht een proxy-URL zoals http://proxy.example:8080' },
  'in.z.base-url': { en: 'expected an http(s) URL such as http://localhost', nl: 'verwacht een http(s)-URL zoals http://localhost' },
  'in.z.sha256': { en: 'expected 64 hexadecimal digits', nl: 'verwacht 64 hexadecimale cijfers' },
  'in.z.app-path': { en: 'expected an application path such as /clickker', nl: 'verwacht een toepassingspad zoals /clickker' },
  'in.z.sql-host': {
    en: "'{host}' is not a host name or IP address; expected HOST[\\INSTANCE][,PORT], e.g. sql01\\EXACT or sql01,1433",
    nl: "'{host}' is geen hostnaam of IP-adres; verwacht HOST[\\INSTANTIE][,POORT], bijv. sql01\\EXACT of sql01,1433",
  },
  'in.z.confirm-id': { en: 'expected a confirmation id such as confirm.permissions-form', nl: 'verwacht een bevestigings-id zoals confirm.permissions-form' },
  'in.z.date-example': { en: 'expected a date such as 2026-12-04', nl: 'verwacht een datum zoals 2026-12-04' },
  'in.z.date': { en: 'expected a date YYYY-MM-DD', nl: 'verwacht een datum JJJJ-MM-DD' },
  'in.z.calendar': { en: 'not a real date (no such day in the calendar)', nl: 'geen echte datum (die dag staat niet in de kalender)' },
  'in.z.waiver-host': {
    en: 'missing: name the host this waiver is for, or write host: "*" for every host',
    nl: 'ontbreekt: noem de host waarvoor deze vrijstelling geldt, of schrijf host: "*" voor elke host',
  },
  'in.z.waiver-host-type': { en: 'expected a host name or "*"', nl: 'verwacht een hostnaam of "*"' },
  'in.z.ps-date': { en: 'expected a date ("\\/Date(ms)\\/" or ISO-8601)', nl: 'verwacht een datum ("\\/Date(ms)\\/" of ISO-8601)' },
  'in.z.version': { en: 'expected a version such as 5.1.14393.5582', nl: 'verwacht een versie zoals 5.1.14393.5582' },
  'in.z.requirements-confirm-id': { en: 'a confirmation id looks like confirm.some-thing', nl: 'een bevestigings-id ziet eruit als confirm.een-naam' },
  'in.z.iso-date': { en: 'expected an ISO-8601 date', nl: 'verwacht een ISO-8601-datum' },
  'in.z.probe-record': {
    en: 'expected { "ok": true, "data", "ms" } or { "ok": false, "error": { "kind", "message" }, "ms" }',
    nl: 'verwacht { "ok": true, "data", "ms" } of { "ok": false, "error": { "kind", "message" }, "ms" }',
  },
  'in.database-name': {
    en: "--clickker-database: letters, digits, '.', '_' and '-' only, at most 100 characters, starting with a letter or digit",
    nl: "--clickker-database: alleen letters, cijfers, '.', '_' en '-', hoogstens 100 tekens, beginnend met een letter of cijfer",
  },

  // The SQL Server address (src/probes/sql/address.ts)
  'in.sql.address': {
    en: "SQL Server address '{text}': {why}; expected HOST[\\INSTANCE][,PORT], e.g. sql01\\EXACT or sql01,1433",
    nl: "SQL Server-adres '{text}': {why}; verwacht HOST[\\INSTANTIE][,POORT], bijv. sql01\\EXACT of sql01,1433",
  },
  'in.sql.empty': { en: 'it is empty', nl: 'het is leeg' },
  'in.sql.port': { en: "'{port}' is not a TCP port (1-65535)", nl: "'{port}' is geen TCP-poort (1-65535)" },
  'in.sql.instance-empty': { en: 'the instance name after the backslash is empty', nl: 'de instantienaam na de backslash is leeg' },
  'in.sql.instance': { en: "'{instance}' is not a SQL Server instance name (1-16 letters, digits, _ or $)", nl: "'{instance}' is geen SQL Server-instantienaam (1-16 letters, cijfers, _ of $)" },
  'in.sql.host-empty': { en: 'the host name is empty', nl: 'de hostnaam is leeg' },
  'in.sql.colon': { en: 'use a comma before the port ({fixed}), as SQL Server clients do', nl: 'zet een komma voor de poort ({fixed}), zoals SQL Server-clients dat doen' },
  'in.sql.host': { en: "'{host}' is not a host name or IP address", nl: "'{host}' is geen hostnaam of IP-adres" },

  // Documents clickker reads
  'in.unknown-settings': { en: '{what}: unknown setting {keys}', nl: '{what}: onbekende instelling {keys}' },
  'in.config.mapping': { en: '{what}: expected a mapping of settings', nl: '{what}: verwacht een mapping van instellingen' },
  'in.snapshot.schema': { en: '{what}: schema is {value}, expected "{schema}"', nl: '{what}: schema is {value}, verwacht "{schema}"' },
  'in.snapshot.probe-data': { en: '{what}: malformed probe data {why}', nl: '{what}: onjuiste meetgegevens {why}' },
  'in.requirements.unknown-check': {
    en: "{what}: at checks[{id}]: unknown check id (see 'clickker checks')",
    nl: "{what}: bij checks[{id}]: onbekende controle-id (zie 'clickker checks')",
  },

  // Files clickker writes (src/cli/write-file.ts)
  'in.write.input': { en: '{what} {file}: it is also an input of this run ({input}); refusing to overwrite it', nl: '{what} {file}: het is ook invoer van deze opdracht ({input}); het wordt niet overschreven' },
  'in.write.folder': { en: '{what} {file}: it is a folder; name a file', nl: '{what} {file}: het is een map; geef een bestandsnaam op' },
  'in.write.cannot': { en: '{what} {file}: cannot write it ({code})', nl: '{what} {file}: kan het niet schrijven ({code})' },

  // The service account (src/install/account.ts)
  'in.account.upn': {
    en: "'{text}' is a user principal name; give the account as DOMAIN\\user (SQL Server logins and Windows services use that form)",
    nl: "'{text}' is een UPN-naam (naam@domein); geef het account op als DOMEIN\\gebruiker (SQL Server-aanmeldingen en Windows-services gebruiken die vorm)",
  },
  'in.account.no-domain': {
    en: "'{text}' has no domain: give DOMAIN\\user, .\\user for a local account, or DOMAIN\\name$ for a group managed service account (SQL Server refuses a Windows login without a domain, Msg 15401)",
    nl: "'{text}' heeft geen domein: geef DOMEIN\\gebruiker, .\\gebruiker voor een lokaal account, of DOMEIN\\naam$ voor een group managed service account (SQL Server weigert een Windows-aanmelding zonder domein, Msg 15401)",
  },
  'in.account.empty-part': { en: "'{text}': expected DOMAIN\\user", nl: "'{text}': verwacht DOMEIN\\gebruiker" },
  'in.account.built-in': {
    en: "'{text}' is a built-in identity; Clickker runs as a dedicated account (DOMAIN\\user or a gMSA DOMAIN\\name$) that SQL Server can grant rights to",
    nl: "'{text}' is een ingebouwde identiteit; Clickker draait onder een eigen account (DOMEIN\\gebruiker of een gMSA DOMEIN\\naam$) waaraan SQL Server rechten kan geven",
  },
  'in.account.name': {
    en: "'{text}': '{user}' is not a valid account name (at most 20 characters, none of \" / \\ [ ] : ; | = , + * ? < > @)",
    nl: "'{text}': '{user}' is geen geldige accountnaam (hoogstens 20 tekens, geen van \" / \\ [ ] : ; | = , + * ? < > @)",
  },

  // clickker fix, explain, checks, install --skip
  'in.fix.snapshot': {
    en: '--snapshot: a snapshot cannot be fixed; add --what-if to see the fixes for it, or run clickker fix on the server',
    nl: '--snapshot: een snapshot kan niet worden opgelost; voeg --what-if toe om de oplossingen te zien, of voer clickker fix uit op de server',
  },
  'in.fix.one-snapshot': { en: '--snapshot: fix takes one snapshot', nl: '--snapshot: fix neemt één snapshot' },
  'in.fix.unknown-id': { en: "fix: unknown check or fix id '{id}' (see 'clickker checks')", nl: "fix: onbekende controle- of oplossings-id '{id}' (zie 'clickker checks')" },
  'in.fix.no-confirmation': {
    en: 'fix: refusing to change this machine without a confirmation; run it on a terminal, or add --yes (see the changes first with --what-if)',
    nl: 'fix: deze machine wordt niet gewijzigd zonder bevestiging; voer het uit in een terminal, of voeg --yes toe (bekijk de wijzigingen eerst met --what-if)',
  },
  'in.fix.elevation.one': {
    en: 'fix: {ids} needs an elevated prompt: start PowerShell with "Run as administrator"',
    nl: 'fix: {ids} vereist een verhoogde prompt: start PowerShell met "Als administrator uitvoeren"',
  },
  'in.fix.elevation': {
    en: 'fix: {ids} need an elevated prompt: start PowerShell with "Run as administrator"',
    nl: 'fix: {ids} vereisen een verhoogde prompt: start PowerShell met "Als administrator uitvoeren"',
  },
  'in.explain.unknown': { en: "unknown check id '{id}'{near}; see 'clickker checks'", nl: "onbekende controle-id '{id}'{near}; zie 'clickker checks'" },
  'in.explain.near': { en: ' (did you mean {ids}?)', nl: ' (bedoelt u {ids}?)' },
  'in.checks.format': { en: "--format: expected text, json or markdown, got '{format}'", nl: "--format: verwacht text, json of markdown, gekregen '{format}'" },
  'in.skip.needs-waiver': {
    en: '--skip {id}: a blocking check is skipped for an installation only with a waiver for it (reason, approvedBy, expires) in --waivers{expired}',
    nl: '--skip {id}: een blokkerende controle wordt bij een installatie alleen overgeslagen met een vrijstelling ervoor (reason, approvedBy, expires) in --waivers{expired}',
  },
  'in.skip.expired': { en: '; the waiver expired on {date}', nl: '; de vrijstelling is verlopen op {date}' },

  // clickker collect --computer (src/cli/collect-fleet.ts) and the remoting failures (src/probes/powershell/remoting.ts)
  'in.fleet.no-names': { en: '--computer: expected one or more computer names, separated by commas', nl: '--computer: verwacht een of meer computernamen, gescheiden door komma\'s' },
  'in.fleet.bad-name': { en: "--computer: '{name}' is not a computer name (letters, digits, '.', '-', '_')", nl: "--computer: '{name}' is geen computernaam (letters, cijfers, '.', '-', '_')" },
  'in.fleet.throttle': { en: '--throttle: expected a whole number from 1 to 1000', nl: '--throttle: verwacht een geheel getal van 1 tot en met 1000' },
  'in.fleet.credential-user': { en: '--credential-user: expected DOMAIN\\name or name@domain', nl: '--credential-user: verwacht DOMEIN\\naam of naam@domein' },
  'in.fleet.not-windows': {
    en: '--computer: PowerShell remoting runs from Windows PowerShell, and this is {platform}; run clickker collect --computer on a Windows machine of the domain',
    nl: '--computer: PowerShell-remoting werkt vanuit Windows PowerShell, en dit is {platform}; voer clickker collect --computer uit op een Windows-computer in het domein',
  },
  'in.fleet.cannot-start': { en: '--powershell: cannot start {file} ({code})', nl: '--powershell: kan {file} niet starten ({code})' },
  'in.fleet.no-answer': {
    en: 'PowerShell remoting gave no answer (exit code {code}); run it again with --verbose',
    nl: 'PowerShell-remoting gaf geen antwoord (afsluitcode {code}); voer het opnieuw uit met --verbose',
  },
  'in.fleet.start': { en: 'collecting {n} computer(s) through PowerShell remoting (at most {throttle} at a time)', nl: '{n} computer(s) verzamelen via PowerShell-remoting (hoogstens {throttle} tegelijk)' },
  'in.fleet.written': { en: '{computer}: snapshot written to {file}', nl: '{computer}: snapshot geschreven naar {file}' },
  'in.fleet.failed': { en: '{computer}: not collected: {why}: "{message}"', nl: '{computer}: niet verzameld: {why}: "{message}"' },
  'in.fleet.fix': { en: 'Fix: {fix}', nl: 'Oplossing: {fix}' },
  'in.fleet.done': {
    en: '{written} of {n} computers collected into {dir}. Judge them with: {command}',
    nl: '{written} van {n} computers verzameld in {dir}. Beoordelen met: {command}',
  },
  'in.fleet.credential-prompt': { en: 'clickker collect: the account for PowerShell remoting', nl: 'clickker collect: het account voor PowerShell-remoting' },
  'in.fleet.bad-computer-name': { en: 'PSComputerName is not a plain computer name', nl: 'PSComputerName is geen gewone computernaam' },
  'in.fleet.why.name': { en: 'unusable name', nl: 'onbruikbare naam' },
  'in.fleet.fix.name': { en: 'collect it on its own', nl: 'verzamel die computer apart' },
  'in.fleet.why.snapshot': { en: 'the collector did not return a snapshot', nl: 'de verzamelaar gaf geen snapshot terug' },
  'in.fleet.fix.snapshot': {
    en: 'run the standalone collector on that server (clickker collect --emit-script) and look at its output',
    nl: 'voer de losse verzamelaar uit op die server (clickker collect --emit-script) en bekijk de uitvoer',
  },
  'in.remote.why.denied': { en: 'access denied', nl: 'toegang geweigerd' },
  'in.remote.fix.denied': {
    en: 'use an account that is an administrator of the target (--credential-user DOMAIN\\admin); remote sessions of administrators are elevated',
    nl: 'gebruik een account dat administrator is op de doelcomputer (--credential-user DOMEIN\\admin); externe sessies van administrators zijn verhoogd',
  },
  'in.remote.why.hop': {
    en: 'Kerberos double hop: the target could not use your credentials to reach a third machine',
    nl: 'Kerberos double hop: de doelcomputer kon uw aanmeldingsgegevens niet gebruiken om een derde computer te bereiken',
  },
  'in.remote.fix.hop': {
    en: 'run clickker collect on the server itself, or set up resource-based Kerberos constrained delegation for the target (CredSSP hands your password to the target: not recommended)',
    nl: 'voer clickker collect uit op de server zelf, of stel resource-based Kerberos constrained delegation in voor de doelcomputer (CredSSP geeft uw wachtwoord aan de doelcomputer: af te raden)',
  },
  'in.remote.why.name': { en: 'the name does not resolve', nl: 'de naam wordt niet gevonden (DNS)' },
  'in.remote.fix.name': { en: 'check the computer name (DNS or NetBIOS) from this machine', nl: 'controleer de computernaam (DNS of NetBIOS) vanaf deze computer' },
  'in.remote.why.winrm': { en: 'WinRM refused or unreachable', nl: 'WinRM geweigerd of onbereikbaar' },
  'in.remote.fix.winrm': {
    en: "on the target run Enable-PSRemoting -Force as an administrator (or enable it by Group Policy) and allow TCP 5985 in its firewall; a target outside the domain also needs to be in this machine's WSMan TrustedHosts, with HTTPS (5986) preferred",
    nl: 'voer op de doelcomputer Enable-PSRemoting -Force uit als administrator (of zet het aan via Groepsbeleid) en sta TCP 5985 toe in de firewall; een doelcomputer buiten het domein moet ook in WSMan TrustedHosts van deze computer staan, bij voorkeur met HTTPS (5986)',
  },
  'in.remote.why.other': { en: 'remoting failed', nl: 'remoting mislukt' },
  'in.remote.fix.other': { en: 'see about_Remote_Troubleshooting; Test-WSMan <computer> shows whether WinRM answers', nl: 'zie about_Remote_Troubleshooting; Test-WSMan <computer> laat zien of WinRM antwoordt' },
  'in.remote.no-answer': { en: 'no answer and no error came back from this target', nl: 'van deze doelcomputer kwam geen antwoord en geen fout terug' },
  'in.remote.unknown-target': { en: '(unknown target)', nl: '(onbekende doelcomputer)' },

  // The standalone collector's own line (clickker collect --emit-script, in the language it was generated in)
  'in.script.written': { en: 'clickker: snapshot written to {path}', nl: 'clickker: snapshot geschreven naar {path}' },
} as const satisfies Record<string, Message>;
