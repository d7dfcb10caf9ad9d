// Handlers for the conflicts.* channels: an Owner sees which secrets of a shared account hold
// two concurrent values, reveals one on request (audited as a reveal) and chooses the one
// that works (audited as an edit; the choice is saved with the workspace and syncs from there).
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';
import { saveWorkspace } from '../../sharing/sync-state';

const short = (value: string) => value.slice(0, 6);

export function conflictsHandlers({ vault, sharing, conflicts }: Services): HandlerSlice<'conflicts.list' | 'conflicts.reveal' | 'conflicts.resolve'> {
  return {
    'conflicts.list': ({ id }) => {
      sharing.access.requireOwner(id);
      return conflicts.list(id).map(({ field, candidates }) => ({
        field,
        candidates: candidates.map((c) => ({ id: c.id, device: c.thisDevice ? 'this device' : c.deviceName ? `"${c.deviceName}" (device ${short(c.deviceId)})` : `device ${short(c.deviceId)}`, member: short(c.memberId), at: c.at, thisDevice: c.thisDevice })),
      }));
    },
    'conflicts.reveal': ({ id, field, candidateId }) => {
      sharing.access.requireOwner(id);
      const value = conflicts.reveal(id, field, candidateId);
      vault.unlocked().audit.append('account.reveal', id, { field, conflictCandidate: candidateId });
      return { value };
    },
    'conflicts.resolve': ({ id, field, candidateId }) => {
      sharing.access.requireOwner(id);
      const v = vault.unlocked();
      const peer = conflicts.resolve(id, field, candidateId);
      saveWorkspace(v.sync, peer);
      v.audit.append('account.edit', id, { field, resolvedConflictWith: candidateId });
      return { resolved: true as const };
    },
  };
}
