import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod/mini';
import type { FactDef } from '../core/facts.js';
import { psArray } from './ps.js';

/** Registry evidence of a pending reboot, one entry per signal found; an empty list means none. */
export const REBOOT_REASONS: Record<string, string> = {
  'CBS.RebootPending': 'Component Based Servicing (Windows features or updates) finished installing and waits for a restart',
  'WindowsUpdate.RebootRequired': 'Windows Update installed updates that need a restart',
  'Session.PendingFileRenameOperations': 'files are queued to be replaced at the next restart',
  'ComputerName.RenamePending': 'the computer was renamed and the new name takes effect after a restart',
  'Updates.UpdateExeVolatile': 'an update installer left work for the next restart',
  'ServerManager.CurrentRebootAttempts': 'Server Manager is part-way through a feature installation that needs a restart',
  'Session.PendingFileRenameOperations2': 'files are queued to be replaced at the next restart (second queue)',
  'CBS.PackagesPending': 'Component Based Servicing has packages waiting to be installed at the next restart',
  'CBS.RebootInProgress': 'Component Based Servicing started a restart that has not completed',
  'WindowsUpdate.ServicesPending': 'Windows Update has service registrations waiting for a restart',
  'Netlogon.JoinDomain': 'the computer joined a domain and the join completes at the next restart',
  'Netlogon.AvoidSpnSet': 'Netlogon waits for a restart to set the computer\'s service principal names (after a join or rename)',
};

export const pendingRebootSchema = z.object({
  Reasons: psArray(z.string()),
});

export type PendingRebootFacts = z.infer<typeof pendingRebootSchema>;

export const pendingRebootFact: FactDef<PendingRebootFacts> = {
  probe: 'pendingReboot',
  describe: 'Registry keys that mean a restart is pending (CBS, Windows Update, file renames, computer rename)',
  describeNl: 'Registersleutels die betekenen dat een herstart in behandeling is (CBS, Windows Update, bestandshernoemingen, hernoemde computer)',
  schema: pendingRebootSchema,
};
