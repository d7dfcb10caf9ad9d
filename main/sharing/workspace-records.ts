// What the vault keeps for a workspace besides its docs (sync-state.ts): the address of its
// relay, the invitations this device issued and has not seen used or expire, and the device
// link codes it issued (sealed: each holds a one-time secret).
import type { SyncRecords } from '../vault';
import { createInvitation, isExpired, parseInvitation } from '../sync';

const relayName = (workspaceId: string) => `relay:${workspaceId}`;
const invitationsName = (workspaceId: string) => `invitations:${workspaceId}`;
const DEVICE_LINKS = 'device-links';

export function relayOf(records: SyncRecords, workspaceId: string): string | undefined {
  const url = records.read(relayName(workspaceId));
  return typeof url === 'string' ? url : undefined;
}

export function setRelay(records: SyncRecords, workspaceId: string, url: string | undefined): void {
  records.write(relayName(workspaceId), url);
}

/** Invitation codes this device issued and has not yet admitted (they hold one-time secrets: sealed). */
export function pendingInvitations(records: SyncRecords, workspaceId: string): string[] {
  const codes = records.read(invitationsName(workspaceId));
  return Array.isArray(codes) ? codes.filter((c): c is string => typeof c === 'string') : [];
}

export function setPendingInvitations(records: SyncRecords, workspaceId: string, codes: string[]): void {
  records.write(invitationsName(workspaceId), codes.length ? codes : undefined);
}

/**
 * The pending invitations that are still open; expired ones are forgotten here (their
 * secrets need not be kept), so a join request for them is never listened for again.
 */
export function openInvitations(records: SyncRecords, workspaceId: string, now = Date.now()): string[] {
  const codes = pendingInvitations(records, workspaceId);
  const open = codes.filter((code) => {
    try {
      return !isExpired(parseInvitation(code), now);
    } catch {
      return false;
    }
  });
  if (open.length !== codes.length) setPendingInvitations(records, workspaceId, open);
  return open;
}

/** Issues an invitation and keeps its code until it is used or expires. */
export function issueInvitation(records: SyncRecords, args: Parameters<typeof createInvitation>[0]): { code: string; expiresAt: number } {
  const { code, invitation } = createInvitation(args);
  setPendingInvitations(records, args.workspaceId, [...openInvitations(records, args.workspaceId, args.now), code]);
  return { code, expiresAt: invitation.expiresAt };
}

/**
 * Device link codes this device issued and has not seen used; expired ones are forgotten here.
 * Kept like invitations so the CLI can answer and confirm in separate runs.
 */
export function openDeviceLinks(records: SyncRecords, now = Date.now()): string[] {
  const stored = records.read(DEVICE_LINKS);
  const codes = Array.isArray(stored) ? stored.filter((c): c is string => typeof c === 'string') : [];
  const open = codes.filter((code) => {
    try {
      return !isExpired(parseInvitation(code, 'link'), now);
    } catch {
      return false;
    }
  });
  if (open.length !== codes.length) setDeviceLinks(records, open);
  return open;
}

export function setDeviceLinks(records: SyncRecords, codes: string[]): void {
  records.write(DEVICE_LINKS, codes.length ? codes : undefined);
}
