// The standalone PowerShell collector (collect --emit-script) is generated from the probe scripts.
import { InputError } from '../core/errors.js';

export function emitCollectorScript(): string {
  throw new InputError('collect --emit-script: the standalone PowerShell collector is not part of this build yet');
}
