// Channels for the password generator in the account form (issue 21): a random password or a
// passphrase, shaped by the site's known password rules when its address is given. Needs an
// unlocked vault: a generated password is a secret like any other.
import { z } from 'zod';
import { channel } from './define';

export type GeneratedPasswordView = {
  value: string;
  /** A lower bound on its randomness, for the strength line. */
  entropyBits: number;
  /** True when the site's own rules (known quirks) shaped it. */
  siteRules: boolean;
};

export const passwordsChannels = {
  'passwords.generate': channel<GeneratedPasswordView>()(
    z.strictObject({
      kind: z.enum(['password', 'passphrase']),
      /** The account's website; its known rules (length, character sets) are applied. */
      site: z.string().trim().max(2048).optional(),
      length: z.number().int().min(8).max(128).optional(),
      words: z.number().int().min(3).max(12).optional(),
      /** False: letters and digits only (for sites that refuse symbols). */
      symbols: z.boolean().optional(),
    }),
  ),
};
