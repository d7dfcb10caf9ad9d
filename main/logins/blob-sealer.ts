// How run files are encrypted: the vault seals them under its 'automation' sub-key, bound
// to their place (account, run, part). The run store only ever holds ciphertext.
import type { Vault } from '../vault';

export interface BlobSealer {
  seal(context: string, plaintext: Uint8Array): Uint8Array;
  /** Null when the blob was altered, moved, or sealed by another vault. */
  open(context: string, box: Uint8Array): Uint8Array | null;
}

/** Seals with whichever vault is unlocked when called (VAULT_LOCKED otherwise). */
export function vaultSealer(vault: () => Vault): BlobSealer {
  return {
    seal: (context, plaintext) => vault().sealAutomationBlob(context, plaintext),
    open: (context, box) => vault().openAutomationBlob(context, box),
  };
}
