export const ROOT: string;
export const TOOLS_PROJECT: string;
export const PWSH_VERSION: string;
export const SCRIPTDOM_VERSION: string;
export function toolsDir(env?: NodeJS.ProcessEnv): string;
export function pwshPath(env?: NodeJS.ProcessEnv): string;
export function nugetDir(env?: NodeJS.ProcessEnv): string;
export function scriptDomDll(env?: NodeJS.ProcessEnv): string;
export function missingTools(env?: NodeJS.ProcessEnv): string[];
