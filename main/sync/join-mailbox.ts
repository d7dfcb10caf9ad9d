// The join mailbox on a relay, with a commitment exchange (as in Bluetooth numeric comparison
// or ZRTP) so that someone who holds the invitation code cannot grind keys until the six
// digits match: (1) the joiner posts a commitment H(its keys ‖ its nonce); (2) the inviter's
// device answers each commitment with its own nonce, signed by its identity key; (3) the
// joiner reveals its join request and nonce, which must match the commitment. The six digits
// depend on both nonces, and the inviter's nonce is derived from its identity secret, so no
// one can know it before the inviter answers: a joiner's key is fixed before the nonce its
// code depends on exists for it, and each attempt matches a given code with chance 10^-6.
// Every record is sealed under a key from the invitation secret and carries a version, so a
// device that meets a newer exchange says "update Tessera" instead of waiting in silence.
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { TesseraError } from '../errors';
import { open, seal } from '../crypto/aead';
import { bytesEqual, encodeFields, fromBase64Url, toBase64Url, utf8 } from '../../protocol/canonical-encoding';
import { joinLogId } from '../../protocol/doc-ids';
import { deviceCertificateSchema, type DeviceKeys } from './device-keys';
import { fingerprintId, sign, verify, type Identity } from '../../protocol/identity';
import { createJoinRequest, invitationKey, shortAuthenticationString, verifyJoinRequest, type Invitation, type JoinRequest } from './invitation';
import type { SyncedLog } from './synced-log';
import { OutgoingRecords } from './outgoing-records';

/** The exchange's wire version; records of a higher one come from a newer Tessera. */
export const JOIN_PROTOCOL_VERSION = 2;

const b64 = z.string().min(1).max(128);
const recordSchema = z.discriminatedUnion('t', [
  z.object({ v: z.literal(JOIN_PROTOCOL_VERSION), t: z.literal('commit'), c: b64 }),
  z.object({ v: z.literal(JOIN_PROTOCOL_VERSION), t: z.literal('nonce'), c: b64, n: b64, k: b64, s: b64 }),
  z.object({
    v: z.literal(JOIN_PROTOCOL_VERSION),
    t: z.literal('reveal'),
    n: b64,
    request: z.object({ member: z.object({ memberId: z.string().min(1).max(64), identityKey: z.string().min(1).max(64), device: deviceCertificateSchema }), proof: z.string().max(128) }),
  }),
  // Device links only (device-link.ts): after the six digits matched, what the new device
  // needs, sealed to the exchange key of the device that revealed commitment `c`.
  z.object({ v: z.literal(JOIN_PROTOCOL_VERSION), t: z.literal('link'), c: b64, box: z.string().min(1).max(64_000) }),
]);
type MailboxRecord = z.infer<typeof recordSchema>;

/** What the joiner commits to: its identity, its device and its nonce. */
export function joinCommitment(invitation: Invitation, request: JoinRequest, nonce: Uint8Array): Uint8Array {
  const { memberId, identityKey, device } = request.member;
  return sha256(encodeFields('tessera.sync.join-commit.v2', [invitation.workspaceId, memberId, identityKey, device.deviceId, device.signingKey, nonce]));
}

/** The inviter's nonce for one commitment: unknowable without the inviter's identity secret, the same on every device run. */
export function inviterNonce(invitation: Invitation, inviter: Identity, commitment: Uint8Array): Uint8Array {
  const key = hkdf(sha256, inviter.secretKey, invitation.secret, utf8('tessera.sync.invitation.inviter-nonce'), 32);
  return hmac(sha256, key, commitment);
}

const nonceSigned = (docId: string, commitment: string, nonce: string) => encodeFields('tessera.sync.join-nonce.v2', [docId, commitment, nonce]);

/** The relay log of one invitation: sealed, versioned records of the commitment exchange. */
abstract class MailboxLog implements SyncedLog {
  readonly docId: string;
  readonly #outgoing = new OutgoingRecords();

  constructor(protected readonly invitation: Invitation) {
    this.docId = joinLogId(invitation.workspaceId, toBase64Url(invitationKey(invitation, 'rendezvous', 16)));
  }

  protected post(record: MailboxRecord): void {
    const box = seal(invitationKey(this.invitation, 'mailbox', 32), utf8(JSON.stringify(record)), encodeFields('tessera.sync.join-mailbox.v2', [this.docId]));
    this.#outgoing.send(box);
  }

  /** Anyone holding the code may publish here: what does not open, parse or verify is ignored. */
  receive(box: Uint8Array): void {
    const plain = open(invitationKey(this.invitation, 'mailbox', 32), box, encodeFields('tessera.sync.join-mailbox.v2', [this.docId]));
    if (!plain) return;
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder().decode(plain));
    } catch {
      return;
    }
    const version = (value as { v?: unknown } | null)?.v;
    if (typeof version === 'number' && version > JOIN_PROTOCOL_VERSION) {
      this.newerVersion();
      return;
    }
    const parsed = recordSchema.safeParse(value);
    if (parsed.success) this.handle(parsed.data);
  }

  onOutgoing(listener: (record: Uint8Array) => void): () => void {
    return this.#outgoing.listen(listener);
  }

  protected abstract handle(record: MailboxRecord): void;
  protected newerVersion(): void {}
}

export interface VerifiedJoin {
  request: JoinRequest;
  /** The six digits this join shows on the inviter's screen. */
  sas: string;
  /** The joiner's commitment: names this joiner in a later 'link' record. */
  commitment: string;
}

/**
 * The inviter's side: answers each commitment with its nonce (once the backlog is read, so a
 * restart does not answer twice), and reports each reveal that matches a commitment it saw
 * before, with its six digits. A reveal with no earlier commitment, or one that does not match
 * it, is refused: that is what stops a key chosen after the inviter's nonce was seen.
 */
export class InviterMailbox extends MailboxLog {
  readonly #committed = new Set<string>();
  readonly #answered = new Set<string>();
  readonly #revealed = new Set<string>();
  readonly #listeners = new Set<(join: VerifiedJoin) => void>();
  readonly #refusals = new Set<(reason: string) => void>();
  #live = false;

  /** `isOpen`: whether the invitation may still admit someone; a used or expired one answers no commitment. */
  constructor(invitation: Invitation, private readonly inviter: Identity, private readonly isOpen: () => boolean = () => true) {
    super(invitation);
  }

  onRequest(listener: (join: VerifiedJoin) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Why a reveal was refused (for tests and diagnostics; no secret in it). */
  onRefused(listener: (reason: string) => void): () => void {
    this.#refusals.add(listener);
    return () => this.#refusals.delete(listener);
  }

  caughtUp(): void {
    this.#live = true;
    for (const c of this.#committed) this.#answer(c);
  }

  protected handle(record: MailboxRecord): void {
    if (record.t === 'commit') {
      this.#committed.add(record.c);
      if (this.#live) this.#answer(record.c);
    } else if (record.t === 'nonce') {
      // Our own answer, read back from the relay: not to be posted again.
      if (bytesEqual(fromBase64Url(record.k), this.inviter.publicKey)) this.#answered.add(record.c);
    } else if (record.t === 'reveal') {
      this.#reveal(record);
    }
  }

  /** Device links: posts what the new device needs, already sealed to its exchange key, for the joiner of `commitment`. */
  postLink(commitment: string, sealedBox: Uint8Array): void {
    this.post({ v: JOIN_PROTOCOL_VERSION, t: 'link', c: commitment, box: toBase64Url(sealedBox) });
  }

  #answer(commitment: string): void {
    if (this.#answered.has(commitment) || !this.isOpen()) return;
    this.#answered.add(commitment);
    const n = toBase64Url(inviterNonce(this.invitation, this.inviter, fromBase64Url(commitment)));
    const s = toBase64Url(sign(this.inviter.secretKey, nonceSigned(this.docId, commitment, n)));
    this.post({ v: JOIN_PROTOCOL_VERSION, t: 'nonce', c: commitment, n, k: toBase64Url(this.inviter.publicKey), s });
  }

  #reveal(record: Extract<MailboxRecord, { t: 'reveal' }>): void {
    const refuse = (reason: string) => {
      for (const listener of this.#refusals) listener(reason);
    };
    let nonce: Uint8Array;
    try {
      nonce = fromBase64Url(record.n);
      verifyJoinRequest(this.invitation, record.request);
    } catch {
      return refuse('invalid_request');
    }
    const commitment = toBase64Url(joinCommitment(this.invitation, record.request, nonce));
    if (!this.#committed.has(commitment)) return refuse('no_matching_commitment');
    if (this.#revealed.has(commitment)) return;
    this.#revealed.add(commitment);
    const sas = shortAuthenticationString(
      this.invitation,
      { inviter: toBase64Url(this.inviter.publicKey), invitee: record.request.member.identityKey },
      { inviter: inviterNonce(this.invitation, this.inviter, fromBase64Url(commitment)), invitee: nonce },
    );
    for (const listener of this.#listeners) listener({ request: record.request, sas, commitment });
  }
}

/**
 * The joiner's side: posts its commitment at once, waits for the inviter's signed nonce for
 * it (the key must match the fingerprint in the code), then reveals and knows its six digits.
 */
export class JoinerMailbox extends MailboxLog {
  readonly request: JoinRequest;
  readonly #nonce = new Uint8Array(randomBytes(32));
  readonly #commitment: string;
  readonly #sas: Promise<string>;
  #settle!: { resolve: (sas: string) => void; reject: (error: Error) => void };
  #revealed = false;
  readonly #linked: Promise<Uint8Array>;
  #settleLink!: (box: Uint8Array) => void;

  constructor(invitation: Invitation, identity: Identity, device: DeviceKeys) {
    super(invitation);
    this.request = createJoinRequest(invitation, identity, device);
    this.#commitment = toBase64Url(joinCommitment(invitation, this.request, this.#nonce));
    this.#sas = new Promise((resolve, reject) => (this.#settle = { resolve, reject }));
    this.#sas.catch(() => undefined);
    this.#linked = new Promise((resolve) => (this.#settleLink = resolve));
    this.post({ v: JOIN_PROTOCOL_VERSION, t: 'commit', c: this.#commitment });
  }

  /** The six digits, once the inviter's device answered the commitment. */
  sas(): Promise<string> {
    return this.#sas;
  }

  /** Device links: the sealed box the other device posted once its person confirmed the six digits. */
  linked(): Promise<Uint8Array> {
    return this.#linked;
  }

  protected handle(record: MailboxRecord): void {
    if (record.t === 'link') {
      if (record.c !== this.#commitment || !this.#revealed) return;
      try {
        this.#settleLink(fromBase64Url(record.box));
      } catch {
        // A malformed box is ignored like any record that does not open.
      }
      return;
    }
    if (record.t !== 'nonce' || record.c !== this.#commitment || this.#revealed) return;
    let inviterKey: Uint8Array;
    let nonce: Uint8Array;
    try {
      inviterKey = fromBase64Url(record.k);
      nonce = fromBase64Url(record.n);
    } catch {
      return;
    }
    // Only the inviter named by the code may answer; anyone else's nonce is ignored.
    if (fingerprintId(inviterKey) !== this.invitation.inviterFingerprint) return;
    if (!verify(inviterKey, nonceSigned(this.docId, record.c, record.n), fromBase64Url(record.s))) return;
    this.#revealed = true;
    this.post({ v: JOIN_PROTOCOL_VERSION, t: 'reveal', n: toBase64Url(this.#nonce), request: this.request });
    this.#settle.resolve(shortAuthenticationString(
      this.invitation,
      { inviter: record.k, invitee: this.request.member.identityKey },
      { inviter: nonce, invitee: this.#nonce },
    ));
  }

  protected override newerVersion(): void {
    this.#settle.reject(new TesseraError('INVITATION_INVALID', "The inviter's Tessera uses a newer join exchange. Update Tessera, then join with the same code."));
  }
}

/** RELAY_UNAVAILABLE when the inviter's device did not answer in time (it must be online while someone joins). */
export function inviterDidNotAnswer(): TesseraError {
  return new TesseraError('RELAY_UNAVAILABLE', "The inviter's device did not answer. Ask the inviter to keep Tessera open (or run tessera workspace invite --answer) while you join, then try again.");
}
