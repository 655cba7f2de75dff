import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod/mini';
import type { FactDef } from '../core/facts.js';
import { psArray, psEnum } from './ps.js';

/** Microsoft.Windows.ServerManager.Commands.InstallState, as Chef's production parser reads it (4 is unassigned). */
export const INSTALL_STATES = ['Available', 'Installed', 'UninstallPending', 'InstallPending', 'Removed'] as const;
export type InstallState = (typeof INSTALL_STATES)[number];

const installState = psEnum({ 0: 'Available', 1: 'Installed', 2: 'UninstallPending', 3: 'InstallPending', 5: 'Removed' }, INSTALL_STATES);

export const windowsFeatureSchema = z.object({
  Name: z.string(),
  DisplayName: z.nullish(z.string()),
  Installed: z.boolean(),
  InstallState: installState,
});

export const windowsFeaturesSchema = psArray(windowsFeatureSchema);
export type WindowsFeature = z.infer<typeof windowsFeatureSchema>;

export const windowsFeaturesFact: FactDef<WindowsFeature[]> = {
  probe: 'windowsFeatures',
  describe: "Get-WindowsFeature -Name 'Web-*','NET-Framework-45-*' (ServerManager; Windows Server only)",
  describeNl: "Get-WindowsFeature -Name 'Web-*','NET-Framework-45-*' (ServerManager; alleen Windows Server)",
  schema: windowsFeaturesSchema,
};
