// The schema of requirements/synergy-api.json: every threshold a check uses lives there, not in code.
import './zod-setup.js'; // before any schema is built
import * as z from 'zod/mini';
import { zodText } from './issue-text.js';
import { PROFILES, SEVERITIES } from './vocabulary.js';

const severity = z.enum(SEVERITIES);
const profile = z.enum(PROFILES);

export const endpointRequirementSchema = z.strictObject({
  url: z.url({ protocol: /^https$/ }),
  purpose: z.string(),
  /** Issuer organisation names (substring of the issuer DN) the real chain is expected to carry; others suggest TLS inspection. */
  expectedIssuers: z._default(z.array(z.string()), []),
});

export const confirmationSchema = z.strictObject({
  id: z.string().check(z.regex(/^confirm\.[a-z0-9-]+$/, zodText('in.z.requirements-confirm-id'))),
  title: z.string(),
  severity,
  profiles: z.array(profile).check(z.minLength(1)),
  question: z.string(),
  rationale: z.string(),
  remediation: z.string(),
  /**
   * The same prose in Dutch (--lang nl). Optional so that an older custom requirements file still loads; without it
   * a confirmation is shown in English. The shipped file has it for every confirmation (test/report/i18n.test.ts).
   */
  nl: z.optional(z.strictObject({ title: z.string().check(z.minLength(1)), question: z.string().check(z.minLength(1)), rationale: z.string().check(z.minLength(1)), remediation: z.string().check(z.minLength(1)) })),
});

export const requirementsSchema = z.strictObject({
  schema: z.literal('clickker.requirements/v1'),
  version: z.string().check(z.minLength(1)),
  /** Where the checks' documentation lives; a finding links to <docsBaseUrl>#<check-id>. Default docs/checks.md. */
  docsBaseUrl: z.optional(z.string().check(z.minLength(1))),
  product: z.string(),
  source: z.string(),
  os: z.strictObject({
    minBuild: z.number().check(z.int()),
    /** Win32_OperatingSystem.ProductType values that pass (3 = server). */
    allowedProductTypes: z.array(z.number().check(z.int())),
    /** ProductType values that pass with a warning (2 = domain controller). */
    warnProductTypes: z.array(z.number().check(z.int())),
    releaseNames: z.record(z.string().check(z.regex(/^\d+$/)), z.string()),
  }),
  dotnet: z.strictObject({
    minRelease: z.number().check(z.int()),
    minVersion: z.string(),
    /** Lowest Release value of each version, for naming what was found. */
    releases: z.array(z.strictObject({ release: z.number().check(z.int()), version: z.string() })),
  }),
  powershell: z.strictObject({ minVersion: z.string(), edition: z.string() }),
  iis: z.strictObject({
    roleServices: z.array(z.strictObject({ name: z.string().check(z.startsWith('Web-')), clientName: z.string().check(z.startsWith('IIS-')), label: z.string() })).check(z.minLength(1)),
    /** Parent features that Install-WindowsFeature pulls in, listed for the fix command only. */
    role: z.strictObject({ name: z.string(), clientName: z.string() }),
  }),
  synergy: z.strictObject({
    supportedReleases: z.array(z.number().check(z.int())).check(z.minLength(1)),
    /** Releases that exist but are not (yet) supported, to say "too new" rather than "unknown release". */
    knownReleases: z.array(z.number().check(z.int())),
    entityServiceFile: z.string(),
  }),
  sql: z.strictObject({
    bacoLogin: z.string(),
    clickkerDatabase: z.string(),
    installServerRole: z.string(),
  }),
  tls: z.strictObject({ minProtocol: z.string() }),
  endpoints: z.record(profile, z.array(endpointRequirementSchema)),
  confirmations: z.array(confirmationSchema),
  /** Per-check overrides, e.g. { "os.pending-reboot": { "severity": "blocking" } }. */
  checks: z._default(z.record(z.string(), z.strictObject({ severity: z.optional(severity) })), {}),
});

export type Requirements = z.infer<typeof requirementsSchema>;
export type Confirmation = z.infer<typeof confirmationSchema>;
export type EndpointRequirement = z.infer<typeof endpointRequirementSchema>;
