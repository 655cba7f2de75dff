import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod/mini';
import type { FactDef } from '../core/facts.js';
import { psArray, psEnum } from './ps.js';

/** Microsoft.Dism.Commands.FeatureState, in enum order (shared capture 44). */
export const FEATURE_STATES = [
  'Disabled', 'DisablePending', 'Enabled', 'EnablePending', 'Superseded', 'PartiallyInstalled', 'DisabledWithPayloadRemoved',
] as const;
export type FeatureState = (typeof FEATURE_STATES)[number];

const featureState = psEnum(Object.fromEntries(FEATURE_STATES.map((n, i) => [i, n])) as Record<number, FeatureState>, FEATURE_STATES);

export const optionalFeatureSchema = z.object({ FeatureName: z.string(), State: featureState });
export const optionalFeaturesSchema = psArray(optionalFeatureSchema);
export type OptionalFeature = z.infer<typeof optionalFeatureSchema>;

export const optionalFeaturesFact: FactDef<OptionalFeature[]> = {
  probe: 'optionalFeatures',
  describe: "Get-WindowsOptionalFeature -Online, IIS-* only (DISM names; works on clients; needs elevation)",
  describeNl: 'Get-WindowsOptionalFeature -Online, alleen IIS-* (DISM-namen; werkt op clients; vereist verhoogde rechten)',
  schema: optionalFeaturesSchema,
};
