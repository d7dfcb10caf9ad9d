// The pairing the extension keeps: its own ECDH private key (a non-extractable CryptoKey,
// stored as the key object itself in IndexedDB, so its bytes never exist in script), its
// public key, the app's pinned public key and the browserId the app gave. One record.

import type { PairingStore, StoredPairing } from './channel-client';

const DB_NAME = 'tessera';
const STORE = 'pairing';
const KEY = 'current';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB did not open.'));
  });
}

async function run<T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = action(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB failed.'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB aborted.'));
    });
  } finally {
    db.close();
  }
}

function isStoredPairing(value: unknown): value is StoredPairing {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.browserId === 'string' && typeof v.publicKey === 'string' && typeof v.appKey === 'string' && typeof v.privateKey === 'object' && v.privateKey !== null;
}

export const indexedDbPairingStore: PairingStore = {
  async load() {
    const value: unknown = await run('readonly', (store) => store.get(KEY));
    return isStoredPairing(value) ? value : null;
  },
  async save(pairing) {
    await run('readwrite', (store) => store.put(pairing, KEY));
  },
  async clear() {
    await run('readwrite', (store) => store.delete(KEY));
  },
};
