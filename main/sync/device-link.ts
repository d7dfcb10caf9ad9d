// Linking a second device to a person's identity. The devices meet in the join mailbox of one
// workspace (join-mailbox.ts) with a `tessera-link:` code, so the same commitment exchange and
// six digits protect it: the new device takes part under a throwaway identity, the person
// compares the digits on both screens, and the linking device then
//  - certifies the new device's own keys with the person's identity key (same device id),
//  - adds it to every workspace the person is in (add_device, which seals the team keys to it;
//    Owner devices then seal the account keys it may use), and
//  - posts the identity secret, that certificate and the workspaces to the new device, sealed
//    to the exchange key the new device revealed (so only the device whose digits matched can
//    open it, even if the code leaked).
// The new device checks that the identity is the one the code names and that the certificate
// is for its own keys before it keeps anything.
import { z } from 'zod';
import { TesseraError } from '../errors';
import { fromBase64Url, toBase64Url, utf8 } from '../../protocol/canonical-encoding';
import { curve25519 } from '../../protocol/curve25519';
import { certificateBytes, certificateProblem, deviceCertificateSchema, type DeviceCertificate, type DeviceKeys } from '../../protocol/device-certificate';
import { fingerprintId, sign, type Identity } from '../../protocol/identity';
import { openSealed, sealToDevice } from './key-sealing';
import type { Invitation } from './invitation';

export interface LinkedWorkspace {
  workspaceId: string;
  relayUrl: string;
}

export interface DeviceLink {
  identity: Identity;
  /** The new device's own keys, certified by `identity`. */
  certificate: DeviceCertificate;
  workspaces: LinkedWorkspace[];
  /** The person's name and email, so the new device shows them too. */
  profile?: { name: string; email: string };
}

const payloadSchema = z.object({
  v: z.literal(1),
  memberId: z.string().min(1).max(64),
  identitySecret: z.string().min(1).max(128),
  certificate: deviceCertificateSchema,
  workspaces: z.array(z.object({ workspaceId: z.string().min(1).max(64), relayUrl: z.string().min(1).max(2048) })).min(1).max(200),
  profile: z.object({ name: z.string().min(1).max(200), email: z.string().max(320) }).optional(),
});

const sealContext = (invitation: Invitation, deviceId: string) => ['tessera.sync.device-link.v1', invitation.workspaceId, deviceId];

/** The certificate that makes `device` (keys the new device made) one of `identity`'s devices. */
export function certifyLinkedDevice(identity: Identity, device: DeviceCertificate, now = Date.now()): DeviceCertificate {
  const unsigned = {
    deviceId: device.deviceId,
    memberId: identity.memberId,
    identityKey: toBase64Url(identity.publicKey),
    signingKey: device.signingKey,
    exchangeKey: device.exchangeKey,
    name: '',
    issuedAt: now,
  };
  return { ...unsigned, signature: toBase64Url(sign(identity.secretKey, certificateBytes(unsigned))) };
}

/** What the linking device posts: the link, sealed to the new device's exchange key. */
export function sealDeviceLink(invitation: Invitation, link: DeviceLink): Uint8Array {
  const payload = {
    v: 1,
    memberId: link.identity.memberId,
    identitySecret: toBase64Url(link.identity.secretKey),
    certificate: link.certificate,
    workspaces: link.workspaces,
    ...(link.profile ? { profile: link.profile } : {}),
  };
  return sealToDevice(link.certificate.exchangeKey, utf8(JSON.stringify(payload)), sealContext(invitation, link.certificate.deviceId));
}

/**
 * The new device opens the link with its own keys and checks it: the identity must be the one
 * the code names, and the certificate must be for this device's keys and signed by it.
 */
export function openDeviceLink(invitation: Invitation, device: DeviceKeys, box: Uint8Array): DeviceLink {
  const refused = (why: string) => new TesseraError('INVITATION_INVALID', `The link from your other device was refused: ${why}. Make a new link code there and try again.`);
  const plain = openSealed(device.exchangeSecretKey, box, sealContext(invitation, device.certificate.deviceId));
  if (!plain) throw refused('it is not sealed to this device');
  let parsed: z.infer<typeof payloadSchema>;
  try {
    parsed = payloadSchema.parse(JSON.parse(new TextDecoder().decode(plain)));
  } catch {
    throw refused('it is malformed');
  }
  const secretKey = fromBase64Url(parsed.identitySecret, 'identity secret key');
  const identity: Identity = { memberId: parsed.memberId, secretKey, publicKey: curve25519.ed25519PublicKey(secretKey) };
  if (fingerprintId(identity.publicKey) !== invitation.inviterFingerprint || identity.memberId !== invitation.inviterMemberId) {
    throw refused('it carries an identity other than the one the code names');
  }
  const { certificate } = parsed;
  if (certificateProblem(certificate) || certificate.memberId !== identity.memberId || certificate.identityKey !== toBase64Url(identity.publicKey)
    || certificate.deviceId !== device.certificate.deviceId || certificate.signingKey !== device.certificate.signingKey || certificate.exchangeKey !== device.certificate.exchangeKey) {
    throw refused('its certificate is not for this device');
  }
  return { identity, certificate, workspaces: parsed.workspaces, ...(parsed.profile ? { profile: parsed.profile } : {}) };
}
