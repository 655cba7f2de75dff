// The project's standing rules for every check and probe (issue 13). docs/checks.md includes them, generated from
// here, so the rules and the checks they govern are published together and cannot drift apart.

export const STANDING_RULES: readonly { title: string; text: string }[] = [
  {
    title: 'The verdict is about the Clickker service, not about the checker',
    text: 'A verdict is about what the Clickker service will experience, not what the checker\'s own process experiences. '
      + 'Where the two differ (TLS defaults, proxy, account), the probe models the service and the verdict says which view '
      + 'decided. Example: the .NET view of an endpoint is made as a .NET Framework 4.7+ application (SecurityProtocol '
      + 'SystemDefault, the default proxy of the account) because the Clickker service targets 4.7; what powershell.exe '
      + 'itself would offer is only a diagnosis.',
  },
  {
    title: 'Could not look is never absent',
    text: 'A probe that could not look records that it could not look, and the check says `unknown` with the reason. '
      + '"Not found" requires a successful look (an account lookup that failed is not "the account does not exist"; IIS '
      + 'that could not be read is not "no Synergy website").',
  },
  {
    title: 'A pass needs evidence for exactly the thing required',
    text: 'A pass requires evidence for exactly what is required: the named service account, the endpoint itself, the '
      + 'release the vendor supports. Never a stand-in: not the connected login, not a redirect target on another '
      + 'domain, not a guess from an unrelated uninstall entry.',
  },
  {
    title: 'Sentinels mean what Microsoft documents',
    text: 'Sentinel values from Windows and SQL Server (-1, 0, null, empty) mean what Microsoft documents, never a number. '
      + 'Examples: LOGINPROPERTY DaysUntilExpiration -1 = the password never expires; HAS_DBACCESS 0 also for an offline '
      + 'database; IS_SRVROLEMEMBER 0 for another Windows login is not proof; X509Chain.Build that threw (null) is not valid.',
  },
];

/** The rules as the Markdown section docs/checks.md opens with. */
export function standingRulesMarkdown(): string[] {
  return [
    '## Standing rules',
    '',
    'Every check and probe follows these rules; a change that breaks one is a defect, whatever the tests say.',
    '',
    ...STANDING_RULES.map((r, i) => `${i + 1}. **${r.title}.** ${r.text}`),
    '',
  ];
}
