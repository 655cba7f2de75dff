export const SAMPLE_DIR: string;
export const SAMPLE_ZIP: string;
export function buildSamplePackage(): Buffer;
