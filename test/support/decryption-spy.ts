// Watches the AccountService calls that decrypt an account (get, getWithHistory,
// passwordHistory): what the level and secret-check tests count to show an account was read
// once, or not at all.
import { vi } from 'vitest';
import type { AccountService } from '../../main/vault/accounts';

export interface DecryptionSpy {
  /** The ids decrypted since the spy started (or since clear), one per call. */
  ids(): string[];
  clear(): void;
}

export function spyDecryptions(accounts: AccountService): DecryptionSpy {
  const spies = [vi.spyOn(accounts, 'get'), vi.spyOn(accounts, 'getWithHistory'), vi.spyOn(accounts, 'passwordHistory')];
  return {
    ids: () => spies.flatMap((spy) => spy.mock.calls.map(([id]) => id)),
    clear: () => {
      for (const spy of spies) spy.mockClear();
    },
  };
}
