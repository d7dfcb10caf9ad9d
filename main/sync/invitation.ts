// Invitations: a code carrying a one-time secret and the inviter's identity fingerprint.
// The invitee proves knowledge of the secret (HMAC over its keys) in a join request it
// posts, encrypted under a key derived from the secret, to a relay mailbox only invitation
// holders can name, through the commitment exchange of join-mailbox.ts. Both sides then show
// a short authentication string derived from the secret, both identity keys and both nonces,
// which the two people compare before the member is added.
// An invitation expires (24 h unless the inviter chooses otherwise) and admits one person:
// the inviter's device keeps the codes it issued until one is used or expires, and refuses
// join requests for any other. A device link code (`tessera-link:`) is the same exchange
// between two devices of one person (device-link.ts); each kind refuses the other's code.
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { TesseraError } from '../errors';
import { bytesEqual, encodeFields, fromBase64Url, toBase64Url, utf8 } from '../../protocol/canonical-encoding';
import { certificateProblem, type DeviceKeys } from './device-keys';
import { fingerprintId, samePublicKey, type Identity } from '../../protocol/identity';
import type { MemberRequest } from './workspace';

/** An invitation admits a person; a link adds a device to the person who issued it. */
export type CodeKind = 'invite' | 'link';
const CODE_PREFIXES: Record<CodeKind, string> = { invite: 'tessera-invite:', link: 'tessera-link:' };

export interface Invitation {
  workspaceId: string;
  inviterMemberId: string;
  /** fingerprintId() of the inviter's identity key. */
  inviterFingerprint: string;
  secret: Uint8Array;
  relayUrl?: string;
  /** When the invitation stops admitting anyone (ms since epoch). */
  expiresAt: number;
}

export const DEFAULT_INVITATION_LIFETIME_MS = 24 * 3_600_000;
/** The longest an invitation may stay open: a code is a bearer secret. */
export const MAX_INVITATION_LIFETIME_MS = 7 * 24 * 3_600_000;

export interface JoinRequest {
  member: MemberRequest;
  proof: string;
}

/** Version 2: joins go through the commitment exchange; a version-1 code came from a Tessera without it. */
const CODE_VERSION = 2;

const codeSchema = z.object({
  v: z.literal(CODE_VERSION),
  w: z.string().min(1).max(64),
  m: z.string().min(1).max(64),
  f: z.string().length(43),
  s: z.string().length(43),
  r: z.string().url().max(500).optional(),
  /** Expiry, seconds since epoch. Codes issued before expiry existed have none and count as expired. */
  x: z.number().int().positive().optional(),
});

export function createInvitation(args: { workspaceId: string; inviter: Identity; relayUrl?: string; lifetimeMs?: number; now?: number; kind?: CodeKind }): { invitation: Invitation; code: string } {
  const lifetimeMs = args.lifetimeMs ?? DEFAULT_INVITATION_LIFETIME_MS;
  if (!Number.isFinite(lifetimeMs) || lifetimeMs < 60_000 || lifetimeMs > MAX_INVITATION_LIFETIME_MS) {
    throw new TesseraError('INVALID_INPUT', 'An invitation can stay open from 1 minute to 7 days.');
  }
  const invitation: Invitation = {
    workspaceId: args.workspaceId,
    inviterMemberId: args.inviter.memberId,
    inviterFingerprint: fingerprintId(args.inviter.publicKey),
    secret: new Uint8Array(randomBytes(32)),
    ...(args.relayUrl ? { relayUrl: args.relayUrl } : {}),
    // Whole seconds, as the code carries it.
    expiresAt: Math.floor(((args.now ?? Date.now()) + lifetimeMs) / 1000) * 1000,
  };
  const payload = { v: CODE_VERSION, w: invitation.workspaceId, m: invitation.inviterMemberId, f: invitation.inviterFingerprint, s: toBase64Url(invitation.secret), r: invitation.relayUrl, x: invitation.expiresAt / 1000 };
  return { invitation, code: CODE_PREFIXES[args.kind ?? 'invite'] + toBase64Url(utf8(JSON.stringify(payload))) };
}

export function parseInvitation(code: string, kind: CodeKind = 'invite'): Invitation {
  const invalid = () => new TesseraError('INVITATION_INVALID', kind === 'invite'
    ? 'This invitation code is incomplete or damaged; ask for a new one.'
    : 'This device link code is incomplete or damaged; make a new one on your other device.');
  const trimmed = code.trim();
  const prefix = CODE_PREFIXES[kind];
  if (kind === 'invite' && trimmed.startsWith(CODE_PREFIXES.link)) {
    throw new TesseraError('INVITATION_INVALID', 'This is a device link code, not an invitation: use it under "Link this device" to add this device to your identity.');
  }
  if (kind === 'link' && trimmed.startsWith(CODE_PREFIXES.invite)) {
    throw new TesseraError('INVITATION_INVALID', 'This is an invitation to a workspace, not a device link code: use it under "Join with an invitation".');
  }
  if (!trimmed.startsWith(prefix)) throw invalid();
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder().decode(fromBase64Url(trimmed.slice(prefix.length))));
  } catch {
    throw invalid();
  }
  const version = (payload as { v?: unknown } | null)?.v;
  if (typeof version === 'number' && version !== CODE_VERSION) {
    throw new TesseraError('INVITATION_INVALID', version > CODE_VERSION
      ? 'This invitation comes from a newer Tessera. Update Tessera, then join with the same code.'
      : 'This invitation comes from an older Tessera that lacks the protected join. Ask the inviter to update Tessera and send a new code.');
  }
  const parsed = codeSchema.safeParse(payload);
  if (!parsed.success) throw invalid();
  const { w, m, f, s, r, x } = parsed.data;
  return { workspaceId: w, inviterMemberId: m, inviterFingerprint: f, secret: fromBase64Url(s), ...(r ? { relayUrl: r } : {}), expiresAt: (x ?? 0) * 1000 };
}

export function isExpired(invitation: Pick<Invitation, 'expiresAt'>, now = Date.now()): boolean {
  return now >= invitation.expiresAt;
}

/** INVITATION_EXPIRED unless the invitation is still open. */
export function assertOpen(invitation: Pick<Invitation, 'expiresAt'>, now = Date.now()): void {
  if (!isExpired(invitation, now)) return;
  const when = invitation.expiresAt > 0 ? ` on ${new Date(invitation.expiresAt).toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
  throw new TesseraError('INVITATION_EXPIRED', `This invitation expired${when}. Ask the person who invited you for a new code.`);
}

/** The invitee checks the key the inviter presents against the fingerprint in the code. */
export function assertInviterKey(invitation: Invitation, inviterIdentityKey: Uint8Array): void {
  if (fingerprintId(inviterIdentityKey) !== invitation.inviterFingerprint) {
    throw new TesseraError('SYNC_KEY_CHANGED', "The inviter's key does not match the invitation. Do not join; ask the inviter for a new code in person.");
  }
}

function proofFor(invitation: Invitation, member: MemberRequest): Uint8Array {
  return hmac(sha256, invitation.secret, encodeFields('tessera.sync.join.v1', [invitation.workspaceId, member.memberId, member.identityKey, member.device.deviceId]));
}

export function createJoinRequest(invitation: Invitation, identity: Identity, device: DeviceKeys): JoinRequest {
  const member = { memberId: identity.memberId, identityKey: toBase64Url(identity.publicKey), device: device.certificate };
  return { member, proof: toBase64Url(proofFor(invitation, member)) };
}

/** The inviter's check: the request knows the secret and carries a device certified by the joining identity. */
export function verifyJoinRequest(invitation: Invitation, request: JoinRequest): void {
  let proof: Uint8Array;
  try {
    proof = fromBase64Url(request.proof);
  } catch {
    proof = new Uint8Array();
  }
  if (!bytesEqual(proof, proofFor(invitation, request.member))) {
    throw new TesseraError('INVITATION_INVALID', 'This join request does not come from the invitation you sent; it was refused.');
  }
  const { device, memberId, identityKey } = request.member;
  if (certificateProblem(device) || device.memberId !== memberId || !samePublicKey(device.identityKey, identityKey)) {
    throw new TesseraError('INVITATION_INVALID', 'The joining device is not certified by the joining person; it was refused.');
  }
}

/**
 * Six digits both people read to each other. They depend on both identity keys and on both
 * nonces of the commitment exchange (join-mailbox.ts): the joiner fixed its key and nonce
 * before it could see the inviter's, so one attempt matches a given code with chance 10^-6.
 */
export function shortAuthenticationString(
  invitation: Invitation,
  keys: { inviter: string; invitee: string },
  nonces: { inviter: Uint8Array; invitee: Uint8Array },
): string {
  const mac = hmac(sha256, invitation.secret, encodeFields('tessera.sync.sas.v2', [invitation.workspaceId, keys.inviter, keys.invitee, nonces.inviter, nonces.invitee]));
  const value = new DataView(mac.buffer, mac.byteOffset).getUint32(0) % 1_000_000;
  const digits = String(value).padStart(6, '0');
  return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}

/** A key only invitation holders can derive (the mailbox's name and its encryption key). */
export function invitationKey(invitation: Invitation, purpose: string, length: number): Uint8Array {
  return hkdf(sha256, invitation.secret, utf8(invitation.workspaceId), utf8(`tessera.sync.invitation.${purpose}`), length);
}
