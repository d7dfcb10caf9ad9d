// The browsers paired with this device's vault (the browser extension, issue 22), kept sealed
// in the vault's device records like the chosen browser program (logins/browser-choice.ts):
// each pairing holds the extension's pinned public key and the app's own key pair for that
// browser. A record that does not read back as pairings counts as none (the browsers pair
// again) and is logged, never a crash. Pairing and revoking are audited.
import { z } from 'zod';
import { TesseraError } from '../errors';
import type { Logger } from '../logger';
import type { Vault } from '../vault';

const RECORD = 'device.browser-pairings';
export const MAX_PAIRINGS = 50;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const PairingSchema = z.strictObject({
  browserId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  name: z.string().min(1).max(100),
  /** The extension's public key (raw P-256 point, base64url), pinned at pairing. */
  extensionKey: z.string().max(200).regex(BASE64URL),
  /** The app's public key for this browser (what the extension pinned). */
  appKey: z.string().max(200).regex(BASE64URL),
  /** The app's private key for this browser: PKCS#8, base64url. */
  appPrivateKey: z.string().max(2000).regex(BASE64URL),
  createdAt: z.number(),
  /** The last session opened (null: none since pairing). */
  lastUsedAt: z.number().nullable(),
});
const PairingsSchema = z.array(PairingSchema).max(MAX_PAIRINGS);

export type BrowserPairing = z.output<typeof PairingSchema>;
/** A pairing as lists show it: no key. */
export type BrowserPairingSummary = Pick<BrowserPairing, 'browserId' | 'name' | 'createdAt' | 'lastUsedAt'>;

export function summaryOf(pairing: BrowserPairing): BrowserPairingSummary {
  return { browserId: pairing.browserId, name: pairing.name, createdAt: pairing.createdAt, lastUsedAt: pairing.lastUsedAt };
}

export class BrowserPairings {
  constructor(
    private readonly vault: () => Vault,
    private readonly log: Logger,
  ) {}

  /** Every pairing (VAULT_LOCKED when locked); a damaged record reads as none. */
  all(): BrowserPairing[] {
    const vault = this.vault();
    let value: unknown;
    try {
      value = vault.sync.read(RECORD);
    } catch (error) {
      if (!(error instanceof TesseraError) || error.code !== 'ITEM_CORRUPT') throw error;
      this.log.warn('browser-bridge: the paired browsers record does not decrypt; treating it as empty (browsers must pair again)', { code: error.code });
      return [];
    }
    if (value === undefined || value === null) return [];
    const parsed = PairingsSchema.safeParse(value);
    if (!parsed.success) {
      this.log.warn('browser-bridge: the paired browsers record is damaged; treating it as empty (browsers must pair again)', { issue: parsed.error.issues[0]?.code ?? 'unknown' });
      return [];
    }
    return parsed.data;
  }

  get(browserId: string): BrowserPairing | undefined {
    return this.all().find((p) => p.browserId === browserId);
  }

  list(): BrowserPairingSummary[] {
    return this.all().map(summaryOf);
  }

  add(pairing: BrowserPairing): void {
    const checked = PairingSchema.parse(pairing);
    const all = this.all().filter((p) => p.browserId !== checked.browserId);
    if (all.length >= MAX_PAIRINGS) throw new TesseraError('INVALID_INPUT', `${MAX_PAIRINGS} browsers are paired already. Revoke one you no longer use first.`);
    this.write([...all, checked]);
    this.vault().audit.append('browser.paired', null, { browserId: checked.browserId, name: checked.name });
  }

  /** Deletes the pairing; false when there was none. */
  remove(browserId: string): boolean {
    const all = this.all();
    const kept = all.filter((p) => p.browserId !== browserId);
    if (kept.length === all.length) return false;
    this.write(kept);
    this.vault().audit.append('browser.revoked', null, { browserId });
    return true;
  }

  /** Records a session opened now; written at most once a minute per browser. */
  touch(browserId: string, at = Date.now()): void {
    const all = this.all();
    const pairing = all.find((p) => p.browserId === browserId);
    if (!pairing || (pairing.lastUsedAt !== null && at - pairing.lastUsedAt < 60_000)) return;
    pairing.lastUsedAt = at;
    this.write(all);
  }

  private write(pairings: BrowserPairing[]): void {
    this.vault().sync.write(RECORD, pairings.length === 0 ? undefined : pairings);
  }
}
