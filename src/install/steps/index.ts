// The steps of an installation, in order, from the manifest and the parameters. The order is what a rollback
// reverses: files before the configuration that lives among them, the database before its scripts and users, the
// application pool before the application that runs in it, and giving up sysadmin last of all.
import type { Manifest } from '../manifest.js';
import type { InstallParams, Step } from '../step.js';
import { configStep } from './config.js';
import { filesStep } from './files.js';
import { applicationStep, appPoolStep } from './iis.js';
import { registrationStep } from './registration.js';
import { serviceStep, taskStep } from './services.js';
import { clickkerAccessStep, databaseStep, exactReadStep, loginStep, reduceRightsStep, scriptStep } from './sql.js';
import { stopServicesStep } from './upgrade.js';

/** Whether the installation talks to SQL Server at all. */
export function usesSql(m: Manifest): boolean {
  return m.database !== undefined || m.exactDatabaseRead;
}

export function buildSteps(m: Manifest, params: InstallParams): Step[] {
  // An upgrade stops the package's running services before their files are replaced; the service steps start them.
  const steps: Step[] = [...(m.services.length ? [stopServicesStep(m)] : []), filesStep(), ...m.configFiles.map(configStep)];
  const exact = m.exactDatabaseRead ? params.exactDatabases : [];
  if (m.database || exact.length > 0) steps.push(loginStep());
  if (m.database) {
    steps.push(databaseStep(), ...m.database.scripts.map(scriptStep), clickkerAccessStep());
  }
  steps.push(...exact.map(exactReadStep));
  if (m.iis) steps.push(appPoolStep(m.iis), applicationStep(m.iis));
  steps.push(...m.services.map(serviceStep), ...m.scheduledTasks.map(taskStep));
  steps.push(registrationStep());
  if (params.reduceSqlRights && usesSql(m)) steps.push(reduceRightsStep());
  return steps;
}
