// Which workspaces this device saved in the vault (sync-state.ts keeps the list): readable
// without loading the sync engine, so a command on a vault that shares nothing loads none of it.
import type { SyncRecords } from '../vault';

export const WORKSPACES_RECORD = 'workspaces';

export function workspaceIds(records: SyncRecords): string[] {
  const ids = records.read(WORKSPACES_RECORD);
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}
