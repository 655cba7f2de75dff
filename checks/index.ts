// The check modules, in report order within each category. Adding a check = adding a file and a line here.
import { assembleChecks } from '../src/core/registry.js';
import type { Requirements } from '../src/core/requirements-schema.js';
import type { Check } from '../src/core/types.js';
import { check as osVersion } from './os-version.js';
import { check as pendingReboot } from './os-pending-reboot.js';
import { check as dotnetFramework } from './dotnet-framework.js';
import { check as dotnetTls } from './dotnet-tls12.js';
import { check as powershellVersion } from './powershell-version.js';
import { check as iisFeatures } from './iis-features.js';
import { check as iisHttpsBinding } from './iis-https-binding.js';
import { check as synergyWebsite } from './synergy-website.js';
import { check as synergyRelease } from './synergy-release.js';
import { check as synergyEntityService } from './synergy-entity-service.js';
import { check as sqlAuthMode } from './sql-auth-mode.js';
import { check as sqlBacoLogin } from './sql-baco-login.js';
import { check as sqlServiceAccount } from './sql-service-account.js';
import { check as sqlSynergyUser } from './sql-synergy-user.js';
import { check as hostElevated } from './host-elevated.js';
import { check as serviceAccount } from './account-service-account.js';
import { check as networkEndpoints } from './network-endpoints.js';

export const CHECK_MODULES: readonly Check[] = [
  osVersion, pendingReboot, dotnetFramework, dotnetTls, powershellVersion, iisFeatures, synergyWebsite, iisHttpsBinding,
  synergyRelease, synergyEntityService, sqlAuthMode, sqlBacoLogin, sqlServiceAccount, sqlSynergyUser,
  hostElevated, serviceAccount, networkEndpoints,
];

/** Every check for a requirements file: these modules plus its confirmations, in report order. */
export function allChecks(requirements: Requirements, source?: string): Check[] {
  return assembleChecks(CHECK_MODULES, requirements, source);
}
