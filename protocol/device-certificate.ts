// Device certificates as the relay and every client check them: the fields an identity key
// signs to bind a device's signing and exchange keys (and its id, derived from the signing
// key) to a member, and the check that a certificate is well formed and really signed.
// The secret halves and their storage stay with the client (main/sync/device-keys.ts).
import { z } from 'zod';
import { digest, encodeFields, fromBase64Url, toBase64Url } from './canonical-encoding';
import { verify } from './identity';

export const deviceCertificateSchema = z.object({
  deviceId: z.string().min(1).max(64),
  memberId: z.string().min(1).max(64),
  identityKey: z.string().min(1).max(64),
  signingKey: z.string().min(1).max(64),
  exchangeKey: z.string().min(1).max(64),
  name: z.string().max(200),
  issuedAt: z.number().int().nonnegative(),
  signature: z.string().min(1).max(128),
});
export type DeviceCertificate = z.infer<typeof deviceCertificateSchema>;

export interface DeviceKeys {
  certificate: DeviceCertificate;
  signingSecretKey: Uint8Array;
  exchangeSecretKey: Uint8Array;
}

/** A device id is derived from its signing key, so two devices can never share one. */
export function deviceIdFor(signingPublicKey: Uint8Array): string {
  return toBase64Url(digest(signingPublicKey).subarray(0, 16));
}

/** The bytes an identity key signs to certify a device. */
export function certificateBytes(cert: Omit<DeviceCertificate, 'signature'>): Uint8Array {
  return encodeFields('tessera.sync.device-certificate.v1', [
    cert.deviceId, cert.memberId, cert.identityKey, cert.signingKey, cert.exchangeKey, cert.name, cert.issuedAt,
  ]);
}

const checkedCertificates = new Map<string, string | null>();

/** Why a certificate is not acceptable, or null when it is signed by its identity and self-consistent. */
export function certificateProblem(cert: DeviceCertificate): string | null {
  const key = JSON.stringify(cert);
  if (checkedCertificates.has(key)) return checkedCertificates.get(key)!;
  const problem = findCertificateProblem(cert);
  if (checkedCertificates.size > 10_000) checkedCertificates.clear();
  checkedCertificates.set(key, problem);
  return problem;
}

function findCertificateProblem(cert: DeviceCertificate): string | null {
  const parsed = deviceCertificateSchema.safeParse(cert);
  if (!parsed.success) return 'the device certificate is malformed';
  try {
    const signingKey = fromBase64Url(cert.signingKey, 'signing key');
    if (deviceIdFor(signingKey) !== cert.deviceId) return 'the device id does not match its signing key';
    if (fromBase64Url(cert.exchangeKey, 'exchange key').length !== 32) return 'the device exchange key is malformed';
    const { signature, ...unsigned } = cert;
    if (!verify(fromBase64Url(cert.identityKey, 'identity key'), certificateBytes(unsigned), fromBase64Url(signature, 'signature'))) {
      return 'the device certificate is not signed by its identity key';
    }
    return null;
  } catch {
    return 'the device certificate is malformed';
  }
}
