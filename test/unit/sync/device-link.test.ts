// What the new device accepts from the device that links it: only a box sealed to its own
// exchange key, carrying the identity the code names and a certificate for its own keys.
import { describe, expect, it } from 'vitest';
import { createDevice } from '../../../main/sync/device-keys';
import { certifyLinkedDevice, openDeviceLink, sealDeviceLink } from '../../../main/sync/device-link';
import { createInvitation } from '../../../main/sync/invitation';
import { createIdentity } from '../../../protocol/identity';

const bob = createIdentity();
const { invitation } = createInvitation({ workspaceId: 'ws-1', inviter: bob, relayUrl: 'ws://127.0.0.1:1', kind: 'link' });
const laptop = createDevice(createIdentity(), '');
const workspaces = [{ workspaceId: 'ws-1', relayUrl: 'ws://127.0.0.1:1' }];

describe('device link boxes', () => {
  it('opens on the new device with the identity the code names and a certificate for its own keys', () => {
    const certificate = certifyLinkedDevice(bob, laptop.certificate);
    const link = openDeviceLink(invitation, laptop, sealDeviceLink(invitation, { identity: bob, certificate, workspaces, profile: { name: 'Bob', email: 'bob@acme.test' } }));
    expect(link.identity.memberId).toBe(bob.memberId);
    expect(link.identity.publicKey).toEqual(bob.publicKey);
    expect(link.certificate).toMatchObject({ deviceId: laptop.certificate.deviceId, memberId: bob.memberId, signingKey: laptop.certificate.signingKey });
    expect(link.workspaces).toEqual(workspaces);
    expect(link.profile).toEqual({ name: 'Bob', email: 'bob@acme.test' });
  });

  it('refuses a box sealed to another device', () => {
    const other = createDevice(createIdentity(), '');
    const box = sealDeviceLink(invitation, { identity: bob, certificate: certifyLinkedDevice(bob, other.certificate), workspaces });
    expect(() => openDeviceLink(invitation, laptop, box)).toThrow(/not sealed to this device/);
  });

  it('refuses an identity other than the one the code names', () => {
    const mallory = createIdentity();
    const box = sealDeviceLink(invitation, { identity: mallory, certificate: certifyLinkedDevice(mallory, laptop.certificate), workspaces });
    expect(() => openDeviceLink(invitation, laptop, box)).toThrow(/identity other than the one the code names/);
  });

  it('refuses a certificate that is not for this device\'s keys, or not signed by the identity', () => {
    const other = createDevice(createIdentity(), '');
    const forOther = { ...certifyLinkedDevice(bob, laptop.certificate), signingKey: other.certificate.signingKey };
    expect(() => openDeviceLink(invitation, laptop, sealDeviceLink(invitation, { identity: bob, certificate: forOther, workspaces }))).toThrow(/not for this device/);
    const unsigned = { ...certifyLinkedDevice(bob, laptop.certificate), issuedAt: 1 };
    expect(() => openDeviceLink(invitation, laptop, sealDeviceLink(invitation, { identity: bob, certificate: unsigned, workspaces }))).toThrow(/not for this device/);
  });

  it('refuses a box from another link (its context names the meeting workspace)', () => {
    const { invitation: elsewhere } = createInvitation({ workspaceId: 'ws-2', inviter: bob, relayUrl: 'ws://127.0.0.1:1', kind: 'link' });
    const box = sealDeviceLink(elsewhere, { identity: bob, certificate: certifyLinkedDevice(bob, laptop.certificate), workspaces });
    expect(() => openDeviceLink(invitation, laptop, box)).toThrow(/not sealed to this device/);
  });
});
