// The receiving side of an envelope, in the order that keeps a doc safe: verify the
// signature → check the author may write this doc → refuse replays → decrypt → apply.
// A refusal carries a reason code and leaves the doc untouched; an exact duplicate of an
// envelope already applied is ignored quietly, since relays and reconnects resend. Such a
// duplicate is recognised before the signature is checked: its id is the SHA-256 of every
// byte, recorded only for envelopes that passed every step here or that this device sealed
// itself, so it can change nothing (the relay echoes each device's own records back to it).
import * as Y from 'yjs';
import { isTesseraError, type ErrorCode } from '../errors';
import { decodeEnvelope, envelopeId, envelopeSignatureValid, openEnvelope, type Envelope } from './envelope';

/** Origin of updates applied from the network, so local-update listeners can skip them. */
export const REMOTE_ORIGIN = Symbol('tessera.sync.remote');

export interface Refusal {
  code: ErrorCode;
  reason: string;
  /** The refusal may only reflect a team chain this device has not fully received yet (unknown device, epoch or role). */
  retryable?: boolean;
}

export interface EnvelopeContext {
  /** Any device the team chain ever certified, removed ones included, so their writes verify and are then refused for the right reason. */
  signingKey(deviceId: string): Uint8Array | undefined;
  /** Null when the device may write the doc now. */
  authorize(docId: string, deviceId: string): Refusal | null;
  epochKey(epochId: string): Uint8Array | undefined;
}

export type ReceiveResult =
  | { status: 'applied'; envelope: Envelope }
  | { status: 'duplicate'; envelope: Envelope }
  | ({ status: 'rejected'; envelope?: Envelope } & Refusal);

/**
 * Remembers, per doc and device, the highest clock applied and the id of every envelope
 * applied, so a resent copy is recognised as a duplicate and anything else at an old clock
 * as a replay. Its state is plain JSON for the caller to persist beside the doc.
 */
export class ReplayGuard {
  readonly #streams: Map<string, { last: number; applied: Map<number, string> }>;

  constructor(state: ReplayGuardState = {}) {
    this.#streams = new Map(Object.entries(state).map(([key, s]) => [key, { last: s.last, applied: new Map(s.applied) }]));
  }

  classify(docId: string, deviceId: string, clock: number, id: string): 'fresh' | 'duplicate' | 'replay' {
    const stream = this.#streams.get(streamKey(docId, deviceId));
    if (!stream || clock > stream.last) return 'fresh';
    return stream.applied.get(clock) === id ? 'duplicate' : 'replay';
  }

  record(docId: string, deviceId: string, clock: number, id: string): void {
    const key = streamKey(docId, deviceId);
    const stream = this.#streams.get(key) ?? { last: 0, applied: new Map() };
    stream.last = Math.max(stream.last, clock);
    stream.applied.set(clock, id);
    this.#streams.set(key, stream);
  }

  lastClock(docId: string, deviceId: string): number {
    return this.#streams.get(streamKey(docId, deviceId))?.last ?? 0;
  }

  toJSON(): ReplayGuardState {
    return Object.fromEntries([...this.#streams].map(([key, s]) => [key, { last: s.last, applied: [...s.applied] }]));
  }
}

export type ReplayGuardState = Record<string, { last: number; applied: [number, string][] }>;

function streamKey(docId: string, deviceId: string): string {
  return `${docId}\n${deviceId}`;
}

export function receiveEnvelope(doc: Y.Doc, docId: string, encoded: Uint8Array, context: EnvelopeContext, guard: ReplayGuard): ReceiveResult {
  let envelope: Envelope;
  try {
    envelope = decodeEnvelope(encoded, docId);
  } catch (error) {
    return { status: 'rejected', code: 'SYNC_MALFORMED', reason: messageOf(error) };
  }
  const refuse = (code: ErrorCode, reason: string, retryable = false): ReceiveResult => ({ status: 'rejected', envelope, code, reason, ...(retryable ? { retryable } : {}) });
  if (envelope.docId !== docId) return refuse('SYNC_NOT_AUTHORIZED', `The envelope names doc ${envelope.docId}, not ${docId}.`);
  const id = envelopeId(encoded);
  if (guard.classify(docId, envelope.deviceId, envelope.clock, id) === 'duplicate') return { status: 'duplicate', envelope };

  const signingKey = context.signingKey(envelope.deviceId);
  if (!signingKey) return refuse('SYNC_NOT_AUTHORIZED', `Device ${envelope.deviceId} is not a device of this workspace.`, true);
  if (!envelopeSignatureValid(envelope, signingKey)) return refuse('SYNC_BAD_SIGNATURE', `The signature of device ${envelope.deviceId} does not verify.`);

  const refusal = context.authorize(docId, envelope.deviceId);
  if (refusal) return { status: 'rejected', envelope, ...refusal };

  // Not a duplicate (above): a clock already applied with other bytes is a replay.
  if (guard.classify(docId, envelope.deviceId, envelope.clock, id) === 'replay') {
    return refuse('SYNC_REPLAY', `Clock ${envelope.clock} of device ${envelope.deviceId} is not newer than ${guard.lastClock(docId, envelope.deviceId)} already applied.`);
  }

  const key = context.epochKey(envelope.epoch);
  if (!key) return refuse('SYNC_UNKNOWN_EPOCH', `This device holds no key for epoch ${envelope.epoch}.`, true);
  let update: Uint8Array;
  try {
    update = openEnvelope(envelope, key);
  } catch (error) {
    return refuse(isTesseraError(error) ? error.code : 'SYNC_TAMPERED', messageOf(error));
  }
  try {
    Y.applyUpdate(doc, update, REMOTE_ORIGIN);
  } catch {
    return refuse('SYNC_MALFORMED', 'The decrypted update is not a Yjs update.');
  }
  guard.record(docId, envelope.deviceId, envelope.clock, id);
  return { status: 'applied', envelope };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
