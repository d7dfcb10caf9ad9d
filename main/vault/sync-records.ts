// Storage for this device's sync state (main/sync and main/sharing give it meaning): its
// identity and device secrets (as the sync KeyStore), and per workspace the chain entries,
// saved docs, pins and relay sequence numbers. Each value is one row: the name is stored
// only as an HMAC under the 'sync-index' sub-key; the value is serialized (structured
// clone: Uint8Array, Map and Set survive) and sealed under the 'sync' sub-key, bound by AAD
// to the vault and the name, so rows cannot be swapped unnoticed.
import { deserialize, serialize } from 'node:v8';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { TesseraError } from '../errors';
import { encodeAad, open, seal } from '../crypto/aead';
import type { VaultSession } from './vault-session';

/** The shape of main/sync's KeyStore (kept structural: the vault does not import main/sync). */
export interface SyncKeyStore {
  get(name: string): Promise<Uint8Array | undefined>;
  put(name: string, secret: Uint8Array): Promise<void>;
  delete(name: string): Promise<void>;
}

function buf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class SyncRecords {
  constructor(private readonly session: () => VaultSession) {}

  #nameHmac(session: VaultSession, name: string): Buffer {
    return buf(hmac(sha256, session.keys.subKey('sync-index'), new TextEncoder().encode(`sync-state\n${name}`)));
  }

  #aad(session: VaultSession, name: string): Uint8Array {
    return encodeAad('sync.state', session.vaultId, name);
  }

  /** Reads a named value, or undefined when none is stored. */
  read(name: string): unknown {
    const session = this.session();
    return session.read(() => {
      const row = session.store.db.prepare('SELECT data FROM sync_state WHERE name_hmac = ?').get(this.#nameHmac(session, name)) as { data: Uint8Array } | undefined;
      if (!row) return undefined;
      const plain = open(session.keys.subKey('sync'), row.data, this.#aad(session, name));
      if (plain === null) throw new TesseraError('ITEM_CORRUPT', 'The stored sync state is damaged or was moved between rows. Join the workspace again from another device.');
      // Not zeroed: typed arrays in the result may be views of these bytes.
      return deserialize(buf(plain));
    });
  }

  /** Writes (or with `undefined`, deletes) a named value in one transaction. */
  write(name: string, value: unknown): void {
    const session = this.session();
    const key = this.#nameHmac(session, name);
    session.write((tx) => {
      const db = tx.store.db;
      if (value === undefined) {
        db.prepare('DELETE FROM sync_state WHERE name_hmac = ?').run(key);
        return;
      }
      const plain = new Uint8Array(serialize(value));
      try {
        const data = seal(session.keys.subKey('sync'), plain, this.#aad(session, name));
        db.prepare('INSERT OR REPLACE INTO sync_state (name_hmac, updated_at, data) VALUES (?, ?, ?)').run(key, tx.now, buf(data));
      } finally {
        plain.fill(0);
      }
    });
  }

  /** The sync layer's KeyStore on this vault: identity and device secrets sealed under the 'sync' sub-key. */
  keyStore(): SyncKeyStore {
    return {
      get: async (name) => {
        const value = this.read(`key:${name}`);
        return value instanceof Uint8Array ? new Uint8Array(value) : undefined;
      },
      put: async (name, secret) => this.write(`key:${name}`, new Uint8Array(secret)),
      delete: async (name) => this.write(`key:${name}`, undefined),
    };
  }
}
