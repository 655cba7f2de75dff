// The probe sources of this build, loaded only when facts are collected live (they pull in heavy modules).
import type { ProbeSource } from '../core/collect.js';

export async function loadProbeSources(): Promise<ProbeSource[]> {
  return [];
}
