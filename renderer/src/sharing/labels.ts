// Words the sharing screens show for roles, sync states and times.
import type { AccountGrant, SyncState, WorkspaceRole } from '../../../main/ipc/contract/sharing';
import { formatTime } from '../format';

export const ROLE_LABELS: Record<WorkspaceRole, string> = {
  owner: 'Owner',
  admin: 'Admin',
  member: 'Member',
  'login-only': 'Login-Only',
  guest: 'Guest',
};

export const ROLES = Object.keys(ROLE_LABELS) as WorkspaceRole[];

/** A role on one account. */
export const ACCOUNT_ROLE_LABELS: Record<AccountGrant['role'], string> = { owner: 'Owner', collaborator: 'Collaborator' };

export const STATE_LABELS: Record<SyncState, string> = {
  connecting: 'Connecting…',
  online: 'Online',
  offline: 'Offline',
  error: 'Error',
};

export function lastSyncText(at: number | null): string {
  return at === null ? 'Not synced yet' : `Last synced ${formatTime(at)}`;
}

/** A member id as people read it: the first eight characters. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** A person as people read them: the display name they signed into the chain (with the email), else the short id. */
export function personName(member: { memberId: string; name?: string | null; email?: string | null }): string {
  if (!member.name) return shortId(member.memberId);
  return member.email ? `${member.name} <${member.email}>` : member.name;
}
