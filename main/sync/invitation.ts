// Invitations: a code carrying a one-time secret and the inviter's identity fingerprint.
// The invitee proves knowledge of the secret (HMAC over its keys) in a join request it
// posts, encrypted under a key derived from the secret, to a relay mailbox only invitation
// holders can name. Both sides then show a short authentication string derived from the
// secret and both identity keys, which the two people compare before the member is added.
// An invitation expires (24 h unless the inviter chooses otherwise) and admits one person:
// the inviter's device keeps the codes it issued until one is used or expires, and refuses
// join requests for any other.
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { TesseraError } from '../errors';
import { open, seal } from '../crypto/aead';
import { bytesEqual, encodeFields, fromBase64Url, toBase64Url, utf8 } from '../../protocol/canonical-encoding';
import { certificateProblem, deviceCertificateSchema, type DeviceKeys } from './device-keys';
import { joinLogId } from '../../protocol/doc-ids';
import type { SyncedLog } from './synced-log';
import { fingerprintId, samePublicKey, type Identity } from './identity';
import type { MemberRequest } from './workspace';

const CODE_PREFIX = 'tessera-invite:';

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

const codeSchema = z.object({
  v: z.literal(1),
  w: z.string().min(1).max(64),
  m: z.string().min(1).max(64),
  f: z.string().length(43),
  s: z.string().length(43),
  r: z.string().url().max(500).optional(),
  /** Expiry, seconds since epoch. Codes issued before expiry existed have none and count as expired. */
  x: z.number().int().positive().optional(),
});

export function createInvitation(args: { workspaceId: string; inviter: Identity; relayUrl?: string; lifetimeMs?: number; now?: number }): { invitation: Invitation; code: string } {
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
  const payload = { v: 1, w: invitation.workspaceId, m: invitation.inviterMemberId, f: invitation.inviterFingerprint, s: toBase64Url(invitation.secret), r: invitation.relayUrl, x: invitation.expiresAt / 1000 };
  return { invitation, code: CODE_PREFIX + toBase64Url(utf8(JSON.stringify(payload))) };
}

export function parseInvitation(code: string): Invitation {
  const invalid = () => new TesseraError('INVITATION_INVALID', 'This invitation code is incomplete or damaged; ask for a new one.');
  const trimmed = code.trim();
  if (!trimmed.startsWith(CODE_PREFIX)) throw invalid();
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder().decode(fromBase64Url(trimmed.slice(CODE_PREFIX.length))));
  } catch {
    throw invalid();
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

/** Six digits both people read to each other; equal only when neither key was substituted. */
export function shortAuthenticationString(invitation: Invitation, inviterIdentityKey: string, inviteeIdentityKey: string): string {
  const mac = hmac(sha256, invitation.secret, encodeFields('tessera.sync.sas.v1', [invitation.workspaceId, inviterIdentityKey, inviteeIdentityKey]));
  const value = new DataView(mac.buffer, mac.byteOffset).getUint32(0) % 1_000_000;
  const digits = String(value).padStart(6, '0');
  return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}

// --- the join mailbox on a relay ---------------------------------------------------------

const joinRequestSchema = z.object({
  member: z.object({ memberId: z.string().min(1).max(64), identityKey: z.string().min(1).max(64), device: deviceCertificateSchema }),
  proof: z.string().max(128),
});

function derived(invitation: Invitation, purpose: string, length: number): Uint8Array {
  return hkdf(sha256, invitation.secret, utf8(invitation.workspaceId), utf8(`tessera.sync.invitation.${purpose}`), length);
}

/**
 * The relay log an invitee posts its join request to. Invalid or undecryptable records
 * (anyone may publish there) are ignored; each valid request reaches `onRequest` once.
 */
export class JoinMailbox implements SyncedLog {
  readonly docId: string;
  readonly #outgoing = new Set<(record: Uint8Array) => void>();
  readonly #requests = new Set<(request: JoinRequest) => void>();
  readonly #seen = new Set<string>();
  #unsent: Uint8Array[] = [];

  constructor(private readonly invitation: Invitation) {
    this.docId = joinLogId(invitation.workspaceId, toBase64Url(derived(invitation, 'rendezvous', 16)));
  }

  /** Invitee side: posts the request. */
  send(request: JoinRequest): void {
    const box = seal(derived(this.invitation, 'mailbox', 32), utf8(JSON.stringify(request)), encodeFields('tessera.sync.join-request.v1', [this.docId]));
    if (!this.#outgoing.size) this.#unsent.push(box);
    for (const listener of this.#outgoing) listener(box);
  }

  /** Inviter side: verified requests. */
  onRequest(listener: (request: JoinRequest) => void): () => void {
    this.#requests.add(listener);
    return () => this.#requests.delete(listener);
  }

  receive(record: Uint8Array): void {
    const plain = open(derived(this.invitation, 'mailbox', 32), record, encodeFields('tessera.sync.join-request.v1', [this.docId]));
    if (!plain) return;
    let request: JoinRequest;
    try {
      request = joinRequestSchema.parse(JSON.parse(new TextDecoder().decode(plain)));
      verifyJoinRequest(this.invitation, request);
    } catch {
      return;
    }
    if (this.#seen.has(request.member.device.deviceId)) return;
    this.#seen.add(request.member.device.deviceId);
    for (const listener of this.#requests) listener(request);
  }

  onOutgoing(listener: (record: Uint8Array) => void): () => void {
    this.#outgoing.add(listener);
    const unsent = this.#unsent;
    this.#unsent = [];
    for (const box of unsent) listener(box);
    return () => this.#outgoing.delete(listener);
  }
}
