// Signed HTTP requests from this device to a workspace's relay (protocol/signed-requests.ts):
// share links (signed with the workspace's current relay-access key), SCIM and Universal Logout
// settings and events (signed with this device's key; the admin channel for Owners and Admins).
// One place turns the relay's answers into TesseraErrors with stable codes, and `ws://` relay
// addresses into the `http://` base of the same server.
import { TesseraError, type ErrorCode } from '../errors';
import { signRequest, type RequestSigner } from '../../protocol/signed-requests';
import { SCIM_ADMIN_PURPOSE, SCIM_AUTH_HEADER } from '../../protocol/scim';
import type { LiveWorkspace } from './sync-controller';

const REQUEST_TIMEOUT_MS = 15_000;
/** Relay answers passed on as they are; anything else is RELAY_UNAVAILABLE. */
const PASSED_ON: readonly ErrorCode[] = ['LINK_EMAIL_UNAVAILABLE', 'RELAY_AUTH_REFUSED', 'RELAY_QUOTA_EXCEEDED', 'INVALID_INPUT'];

/** ws://host:port → http://host:port (wss → https): the same server answers both. */
export function httpBase(relayUrl: string): string {
  const url = new URL(relayUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  return url.origin;
}

export interface SignedRelayRequest {
  relayUrl: string;
  workspaceId: string;
  method: string;
  /** The route, without a query string (it is signed as it is). */
  path: string;
  /** What the request is for (the signature's context) and which header carries it. */
  purpose: string;
  header: string;
  signer: RequestSigner;
  body?: unknown;
  /** Appended after signing: the relay checks the route, not the query. */
  query?: string;
}

export async function signedRelayRequest<T>(request: SignedRelayRequest): Promise<T> {
  const bytes = new TextEncoder().encode(request.body === undefined ? '' : JSON.stringify(request.body));
  let response: Response;
  try {
    response = await fetch(`${httpBase(request.relayUrl)}${request.path}${request.query ?? ''}`, {
      method: request.method,
      headers: { 'content-type': 'application/json', [request.header]: signRequest(request.purpose, request.method, request.path, request.workspaceId, bytes, request.signer) },
      ...(request.body === undefined ? {} : { body: bytes }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    throw new TesseraError('RELAY_UNAVAILABLE', "The workspace's relay did not answer. Check the connection and try again.");
  }
  if (response.status === 204) return undefined as T;
  const answer = await response.json().catch(() => ({})) as { ok?: boolean; code?: string; message?: string } & T;
  if (!response.ok || answer.ok === false) {
    const code = PASSED_ON.find((c) => c === answer.code) ?? (response.status === 429 ? 'RELAY_RATE_LIMITED' : 'RELAY_UNAVAILABLE');
    throw new TesseraError(code, answer.message ?? `The relay answered ${response.status}.`);
  }
  return answer;
}

/** A request to the workspace's relay signed with this device's key (SCIM and Universal Logout). */
export function deviceRelayRequest<T>(live: LiveWorkspace, method: string, path: string, body?: unknown, query?: string): Promise<T> {
  if (!live.relayUrl) throw new TesseraError('RELAY_UNAVAILABLE', 'This workspace has no relay.');
  return signedRelayRequest<T>({
    relayUrl: live.relayUrl, workspaceId: live.workspaceId, method, path, purpose: SCIM_ADMIN_PURPOSE, header: SCIM_AUTH_HEADER,
    signer: { id: live.device.certificate.deviceId, secretKey: live.device.signingSecretKey },
    ...(body === undefined ? {} : { body }), ...(query ? { query } : {}),
  });
}

/**
 * The admin channel: a device request that only an Owner or Admin may make (`what` names it in
 * the refusal). Checked here, before anything is sent, and again by the relay against its chain.
 */
export function adminRelayRequest<T>(live: LiveWorkspace, what: string, method: string, path: string, body?: unknown): Promise<T> {
  const role = live.peer.workspace.state.members.get(live.identity.memberId)?.role;
  if (role !== 'owner' && role !== 'admin') throw new TesseraError('NOT_PERMITTED', `Only Owners and Admins of the workspace can ${what}. Ask one of them.`);
  return deviceRelayRequest<T>(live, method, path, body);
}
