import { describe, expect, it } from 'vitest';
import { toBase64Url } from '../../../protocol/canonical-encoding';
import { createIdentity } from '../../../protocol/identity';
import {
  assertInviterKey,
  assertOpen,
  createInvitation,
  isExpired,
  createJoinRequest,
  parseInvitation,
  shortAuthenticationString,
  verifyJoinRequest,
} from '../../../main/sync/invitation';
import { PeerPins } from '../../../main/sync/peer-pins';
import { person } from './chain-helpers';

const alice = person('alice');
const bob = person('bob');
const mallory = person('mallory');

describe('invitations', () => {
  const { invitation, code } = createInvitation({ workspaceId: 'ws-1', inviter: alice.identity, relayUrl: 'ws://127.0.0.1:9000' });

  it('round-trips through the code, and the code does not contain the inviter key in the clear', () => {
    expect(parseInvitation(` ${code}\n`)).toEqual(invitation);
    expect(code).not.toContain(alice.request.identityKey);
  });

  it.each([
    ['another scheme', 'https://example.com'],
    ['a truncated code', code.slice(0, 40)],
    ['a code with garbage', `${code}!!`],
  ])('refuses %s', (_name, bad) => {
    expect(() => parseInvitation(bad)).toThrow(expect.objectContaining({ code: 'INVITATION_INVALID' }));
  });

  it('expires after 24 hours unless the inviter chooses another time, from 1 minute to 7 days', () => {
    const now = Date.UTC(2026, 11, 5, 12, 0, 0);
    const { code: daily } = createInvitation({ workspaceId: 'ws-1', inviter: alice.identity, now });
    const parsed = parseInvitation(daily);
    expect(parsed.expiresAt).toBe(now + 24 * 3_600_000);
    expect(isExpired(parsed, now + 24 * 3_600_000 - 1)).toBe(false);
    expect(() => assertOpen(parsed, now + 24 * 3_600_000)).toThrow(expect.objectContaining({ code: 'INVITATION_EXPIRED', message: expect.stringMatching(/expired on 2026-12-06 12:00 UTC\. Ask .* for a new code/) }));
    expect(parseInvitation(createInvitation({ workspaceId: 'ws-1', inviter: alice.identity, now, lifetimeMs: 30 * 60_000 }).code).expiresAt).toBe(now + 30 * 60_000);
    for (const lifetimeMs of [0, 59_000, 8 * 86_400_000, Number.NaN]) {
      expect(() => createInvitation({ workspaceId: 'ws-1', inviter: alice.identity, lifetimeMs })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });

  it('counts a code from before invitations expired (no expiry in it) as expired', () => {
    const payload = JSON.parse(Buffer.from(code.slice('tessera-invite:'.length), 'base64url').toString('utf8')) as Record<string, unknown>;
    delete payload['x'];
    const old = parseInvitation(`tessera-invite:${Buffer.from(JSON.stringify(payload)).toString('base64url')}`);
    expect(isExpired(old)).toBe(true);
    expect(() => assertOpen(old)).toThrow(expect.objectContaining({ code: 'INVITATION_EXPIRED', message: 'This invitation expired. Ask the person who invited you for a new code.' }));
  });

  it('lets the invitee detect a substituted inviter key', () => {
    expect(() => assertInviterKey(invitation, alice.identity.publicKey)).not.toThrow();
    expect(() => assertInviterKey(invitation, mallory.identity.publicKey)).toThrow(expect.objectContaining({ code: 'SYNC_KEY_CHANGED' }));
  });

  const nonces = { inviter: new Uint8Array(32).fill(1), invitee: new Uint8Array(32).fill(2) };

  it('accepts a join request that knows the secret, and both sides compute the same six digits', () => {
    const joined = parseInvitation(code);
    const request = createJoinRequest(joined, bob.identity, bob.device);
    expect(() => verifyJoinRequest(invitation, request)).not.toThrow();
    const onBobsSide = shortAuthenticationString(joined, { inviter: alice.request.identityKey, invitee: request.member.identityKey }, nonces);
    expect(onBobsSide).toMatch(/^\d{3} \d{3}$/);
    expect(shortAuthenticationString(invitation, { inviter: alice.request.identityKey, invitee: request.member.identityKey }, nonces)).toBe(onBobsSide);
  });

  it('shows different digits when someone in the middle substitutes a key', () => {
    const honest = shortAuthenticationString(invitation, { inviter: alice.request.identityKey, invitee: bob.request.identityKey }, nonces);
    const swapped = shortAuthenticationString(invitation, { inviter: mallory.request.identityKey, invitee: bob.request.identityKey }, nonces);
    expect(swapped).not.toBe(honest);
  });

  it.each([
    ['a guessed secret', () => createJoinRequest({ ...invitation, secret: new Uint8Array(32) }, bob.identity, bob.device)],
    ['a device of someone else', () => {
      const request = createJoinRequest(invitation, bob.identity, bob.device);
      return { ...request, member: { ...request.member, device: mallory.device.certificate } };
    }],
    ['a swapped identity key', () => {
      const request = createJoinRequest(invitation, bob.identity, bob.device);
      return { ...request, member: { ...request.member, identityKey: toBase64Url(createIdentity().publicKey) } };
    }],
  ])('refuses a join request with %s', (_name, make) => {
    expect(() => verifyJoinRequest(invitation, make())).toThrow(expect.objectContaining({ code: 'INVITATION_INVALID' }));
  });
});

describe('peer pins', () => {
  it('pins the first key, blocks on a changed key until the person confirms it', () => {
    const pins = new PeerPins();
    pins.check('bob', 'KEY1');
    pins.check('bob', 'KEY1');
    expect(() => pins.check('bob', toBase64Url(new Uint8Array(32)))).toThrow(expect.objectContaining({ code: 'SYNC_KEY_CHANGED' }));
    expect(pins.isBlocked('bob')).toBe(true);
    expect(() => pins.check('bob', 'KEY1')).toThrow(/paused/);
    expect(() => pins.confirmKeyChange('bob', 'OTHER')).toThrow(/no pending key change/);
    pins.confirmKeyChange('bob', toBase64Url(new Uint8Array(32)));
    expect(pins.isBlocked('bob')).toBe(false);
    expect(() => pins.check('bob', toBase64Url(new Uint8Array(32)))).not.toThrow();
  });

  it('keeps a pending change across a restart', () => {
    const pins = new PeerPins();
    pins.check('bob', 'KEY1');
    expect(() => pins.check('bob', toBase64Url(new Uint8Array(32)))).toThrow();
    const restored = new PeerPins(JSON.parse(JSON.stringify(pins.toJSON())));
    expect(restored.isBlocked('bob')).toBe(true);
    expect(restored.pendingChange('bob')).toEqual({ pinned: 'KEY1', offered: toBase64Url(new Uint8Array(32)) });
  });
});
