// Okta Universal Logout on the relay: the app side of the Global Token Revocation profile
// (IETF draft-parecki-oauth-global-token-revocation) at
//   POST /universal-logout/{workspaceId}/global-token-revocation
// Okta sends a bearer JWT it signed; the relay verifies it against the JWKS an Owner/Admin
// configured for the workspace (inline, or a jwks_uri the relay fetches and caches), checks
// `iss`, `aud`, `exp`, `iat` and that its `jti` was never seen (by any node, with PostgreSQL), and reads `sub_id` in `email` or
// `iss_sub` format (`sub` matched to the SCIM user whose externalId it is). It answers 204 once
// the logout is queued, 400 for a malformed request, 401 for a missing or invalid token, 404 for
// an unknown user or a workspace without Okta settings, 422 when the user cannot be logged out.
// Every device of the workspace reads the queued logouts (signed requests, scim-routes.ts): the
// member's own devices lock, Owner devices queue Universal Logout and rotation of the accounts
// that member can use (main/sharing/universal-logout-listener.ts).
import { createPublicKey, verify as verifySignature, type JsonWebKey } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { header, parseJson, readBody, SECURITY_HEADERS } from './http-helpers';
import { BucketsPerKey } from './relay-limits';
import type { OktaSettings } from '../protocol/scim';
import type { ScimStore } from './scim-store';

const MAX_BODY = 8 * 1024;
const LEEWAY_S = 60;
const JWKS_CACHE_MS = 10 * 60_000;
const ALGORITHMS: Record<string, { hash: string; kty: string }> = { RS256: { hash: 'sha256', kty: 'RSA' }, RS384: { hash: 'sha384', kty: 'RSA' }, RS512: { hash: 'sha512', kty: 'RSA' }, ES256: { hash: 'sha256', kty: 'EC' } };

export interface UniversalLogoutOptions {
  store: ScimStore;
  log?(entry: { at: number; method: string; route: string; status: number }): void;
  /** Fetches a jwks_uri (tests give their local stand-in issuer's). */
  fetchJwks?(uri: string): Promise<unknown>;
}

type Verdict = { status: 204 } | { status: 400 | 401 | 404 | 422 | 429; error: string; description: string };

export function universalLogoutRoutes(options: UniversalLogoutOptions): (request: IncomingMessage, response: ServerResponse) => boolean {
  const perAddress = new BucketsPerKey(2, 30);
  const jwksCache = new Map<string, { at: number; keys: JsonWebKey[] }>();
  const fetchJwks = options.fetchJwks ?? (async (uri: string) => (await fetch(uri, { signal: AbortSignal.timeout(10_000) })).json());

  async function keysFor(settings: OktaSettings): Promise<JsonWebKey[]> {
    if (settings.jwks) return ((JSON.parse(settings.jwks) as { keys?: JsonWebKey[] }).keys ?? []);
    const uri = settings.jwksUri!;
    const cached = jwksCache.get(uri);
    if (cached && Date.now() - cached.at < JWKS_CACHE_MS) return cached.keys;
    const keys = ((await fetchJwks(uri)) as { keys?: JsonWebKey[] }).keys ?? [];
    jwksCache.set(uri, { at: Date.now(), keys });
    return keys;
  }

  async function decide(workspaceId: string, request: IncomingMessage, body: Uint8Array): Promise<Verdict> {
    const settings = await options.store.oktaSettings(workspaceId);
    if (!settings) return { status: 404, error: 'not_found', description: 'This workspace has no Universal Logout settings.' };
    const token = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(header(request, 'authorization') ?? '')?.[1];
    if (!token) return { status: 401, error: 'invalid_token', description: 'A bearer JWT is required.' };
    const [head, payload, signature] = token.split('.') as [string, string, string];
    let jwtHeader: { alg?: string; kid?: string };
    let claims: { iss?: unknown; aud?: unknown; exp?: unknown; iat?: unknown; jti?: unknown };
    try {
      jwtHeader = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as typeof jwtHeader;
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      return { status: 401, error: 'invalid_token', description: 'The token is not a JWT.' };
    }
    const algorithm = ALGORITHMS[jwtHeader.alg ?? ''];
    if (!algorithm) return { status: 401, error: 'invalid_token', description: 'The token\'s algorithm is not accepted.' };
    const jwk = (await keysFor(settings).catch(() => [])).find((k) => (k as { kid?: string }).kid === jwtHeader.kid && k.kty === algorithm.kty);
    if (!jwk) return { status: 401, error: 'invalid_token', description: 'No key of the configured issuer signed this token.' };
    const signed = Buffer.from(`${head}.${payload}`);
    const valid = verifySignature(algorithm.hash, signed, { key: createPublicKey({ key: jwk, format: 'jwk' }), ...(algorithm.kty === 'EC' ? { dsaEncoding: 'ieee-p1363' as const } : {}) }, Buffer.from(signature, 'base64url'));
    if (!valid) return { status: 401, error: 'invalid_token', description: 'The token\'s signature does not verify.' };
    const now = Math.floor(Date.now() / 1000);
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (claims.iss !== settings.issuer || !audiences.includes(settings.audience)) return { status: 401, error: 'invalid_token', description: 'The token is for another issuer or audience.' };
    if (typeof claims.exp !== 'number' || claims.exp + LEEWAY_S < now || typeof claims.iat !== 'number' || claims.iat - LEEWAY_S > now) {
      return { status: 401, error: 'invalid_token', description: 'The token has expired or is not valid yet.' };
    }
    if (typeof claims.jti !== 'string' || !claims.jti || !(await options.store.useJti(workspaceId, claims.jti, claims.exp))) return { status: 401, error: 'invalid_token', description: 'The token was used before.' };

    const input = parseJson(body) as { sub_id?: { format?: unknown; email?: unknown; iss?: unknown; sub?: unknown } } | undefined;
    const subject = input?.sub_id;
    let email: string | undefined;
    if (subject?.format === 'email' && typeof subject.email === 'string') email = subject.email.trim().toLowerCase();
    else if (subject?.format === 'iss_sub' && typeof subject.sub === 'string' && subject.iss === settings.issuer) email = await options.store.emailOfExternalId(workspaceId, subject.sub);
    else if (subject?.format === 'iss_sub') return { status: 404, error: 'not_found', description: 'The subject is not a user of this issuer.' };
    else return { status: 400, error: 'invalid_request', description: 'sub_id in email or iss_sub format is required.' };
    if (!email) return { status: 404, error: 'not_found', description: 'No user with that identifier.' };
    if (!(await options.store.knowsEmail(workspaceId, email))) return { status: 404, error: 'not_found', description: 'No user with that identifier.' };
    await options.store.queueLogout(workspaceId, email);
    return { status: 204 };
  }

  return (request, response) => {
    const path = new URL(request.url ?? '/', 'http://relay').pathname;
    const match = /^\/universal-logout\/([A-Za-z0-9_-]{1,64})\/global-token-revocation$/.exec(path);
    if (!match) return false;
    const send = (verdict: Verdict) => {
      options.log?.({ at: Date.now(), method: request.method ?? 'POST', route: path, status: verdict.status });
      response.writeHead(verdict.status, { ...SECURITY_HEADERS, 'content-type': 'application/json' });
      response.end(verdict.status === 204 ? undefined : JSON.stringify({ error: verdict.error, error_description: verdict.description }));
    };
    if (request.method !== 'POST') {
      send({ status: 400, error: 'invalid_request', description: 'POST only.' });
      return true;
    }
    if (!perAddress.take(request.socket.remoteAddress ?? 'unknown')) {
      send({ status: 429, error: 'rate_limited', description: 'Too many requests; try again later.' });
      return true;
    }
    void (async () => {
      const body = await readBody(request, MAX_BODY);
      send(body ? await decide(match[1]!, request, body) : { status: 400, error: 'invalid_request', description: 'The request is too large.' });
    })().catch(() => send({ status: 422, error: 'server_error', description: 'The relay could not queue the logout.' }));
    return true;
  };
}
