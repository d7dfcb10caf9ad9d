// The IPC channels as the renderer reaches them, for tests: real services over a real vault
// file in a temporary folder, behind the real handler table and dispatcher (payload guard,
// errors). `value()` unwraps a result or throws with its code; `close()` removes the folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVaultServices, type Services } from '../../main/services';
import { createDispatcher, type Dispatch } from '../../main/ipc/dispatcher';
import { createHandlerTable } from '../../main/ipc/handler-table';
import { createMemoryClipboard } from '../../main/platform/clipboard-guard';
import { xdgAutostart } from '../../main/platform/xdg-autostart';
import { silentLogger } from '../../main/logger';
import { TEST_KDF_COST, type CreateVaultOptions } from '../../main/vault';

export const MASTER_PASSWORD = 'master-password-1';

const ctx = { transport: 'test' as const };

export interface ChannelHarness {
  dir: string;
  services: Services;
  dispatch: Dispatch;
  clipboard: ReturnType<typeof createMemoryClipboard>;
  /** Every event the services emitted, in order. */
  emitted: Array<[string, unknown]>;
  /** Every result `call`/`value` got, as JSON: a test can check that no answer held a secret. */
  results: string[];
  call: (channel: string, input?: unknown) => ReturnType<Dispatch>;
  value: <T = unknown>(channel: string, input?: unknown) => Promise<T>;
  close: () => Promise<void>;
}

export function openChannelHarness(options: {
  vaultOptions?: Partial<CreateVaultOptions>;
  /** Where the embedded relay would listen (sharing tests: 127.0.0.1). */
  relayHost?: string;
  /** How often Owner/Admin devices read SCIM deprovisioning events (services.ts: 60 s). */
  scimPollMs?: number;
  /** Names this app in its folder and in errors, when a test runs several. */
  name?: string;
  /** false: a host that cannot start at login (as the CLI). */
  startAtLogin?: false;
  /** What the stand-in of the open dialog picks for an import (a function: per call); absent: the person cancels. */
  importFile?: () => string | null;
  /** What the stand-in of the open dialog picks as a backup to restore; absent: the person cancels. */
  backupFile?: () => string | null;
} = {}): ChannelHarness {
  const dir = mkdtempSync(join(tmpdir(), `tessera-channels-${options.name ? `${options.name}-` : ''}`));
  const clipboard = createMemoryClipboard();
  const services = createVaultServices({
    dataDir: dir,
    platform: {
      host: 'web-test-host', version: 't', openInOs: async () => {}, clipboard,
      chooseFile: async (purpose) => (purpose === 'import' ? options.importFile?.() : options.backupFile?.()) ?? null,
      // Stands in for the save dialog: the file goes to <dir>/downloads under the suggested name.
      saveFile: async ({ suggestedName, bytes }) => {
        mkdirSync(join(dir, 'downloads'), { recursive: true });
        writeFileSync(join(dir, 'downloads', suggestedName), bytes, { mode: 0o600 });
        return { fileName: suggestedName };
      },
      // Real autostart files, in the test's own folder instead of ~/.config.
      ...(options.startAtLogin === false ? {} : { startAtLogin: xdgAutostart({ configHome: join(dir, 'xdg-config'), command: ['/usr/bin/tessera'] }) }),
    },
    log: silentLogger,
    vaultOptions: { kdf: TEST_KDF_COST, allowWeakKdf: true, ...options.vaultOptions },
    ...(options.relayHost ? { relayHost: options.relayHost } : {}),
    ...(options.scimPollMs ? { scimPollMs: options.scimPollMs } : {}),
  });
  const emitted: Array<[string, unknown]> = [];
  services.events.subscribe((event, payload) => emitted.push([event, payload]));
  const dispatch = createDispatcher(createHandlerTable(services), silentLogger);
  const results: string[] = [];
  const call = async (channel: string, input: unknown = {}) => {
    const result = await dispatch(channel, input, ctx);
    results.push(JSON.stringify(result));
    return result;
  };
  const value = async <T>(channel: string, input: unknown = {}): Promise<T> => {
    const result = await call(channel, input);
    if (!result.ok) throw new Error(`${options.name ? `${options.name} ` : ''}${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  };
  return {
    dir, services, dispatch, clipboard, emitted, results, call, value,
    close: async () => {
      await services.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
