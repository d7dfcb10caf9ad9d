// The CLI never overwrites: a vault, a backup or an export is only ever written to a path
// that does not exist yet, so a typo cannot replace the vault or an older backup.
import { existsSync } from 'node:fs';
import { TesseraError } from '../errors';

export function refuseExistingVault(path: string): void {
  if (existsSync(path)) {
    throw new TesseraError('VAULT_EXISTS', `A file already exists at ${path}. Choose another path, or use the vault that is there.`);
  }
}

export function refuseExistingFile(path: string): void {
  if (existsSync(path)) {
    throw new TesseraError('INVALID_INPUT', `${path} already exists. Choose a new file name; Tessera does not overwrite files.`);
  }
}
