// Both Ed25519/X25519 paths of protocol/curve25519.ts (node:crypto and @noble/curves) against
// the RFC 8032 and RFC 7748 vectors and against each other: same keys, same signatures, same
// shared secrets, and the same verdict on signatures a key's holder crafted with torsion.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { curve25519, nativeCurve25519, nobleCurve25519, passesKnownAnswers, type Curve25519 } from '../../../protocol/curve25519';

const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

// RFC 8032 §7.1, tests 1–3.
const RFC8032 = [
  {
    secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    public: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    public: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    secret: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    public: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    message: 'af82',
    signature: '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
];

// RFC 7748 §6.1.
const RFC7748 = {
  alice: '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a',
  alicePublic: '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a',
  bob: '5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb',
  bobPublic: 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f',
  shared: '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742',
};

it('uses node:crypto on this runtime (Node 22 has Ed25519 and X25519)', () => {
  expect(nativeCurve25519).toBeDefined();
  expect(curve25519).toBe(nativeCurve25519);
  expect(passesKnownAnswers(nobleCurve25519)).toBe(true);
});

const paths: [string, Curve25519][] = [['node:crypto', nativeCurve25519!], ['@noble/curves', nobleCurve25519]];

describe.each(paths)('%s', (_name, curves) => {
  it.each(RFC8032.map((v, i) => [i + 1, v] as const))('reproduces RFC 8032 test %i', (_n, v) => {
    expect(toHex(curves.ed25519PublicKey(hex(v.secret)))).toBe(v.public);
    expect(toHex(curves.ed25519Sign(hex(v.secret), hex(v.message)))).toBe(v.signature);
    expect(curves.ed25519Verify(hex(v.public), hex(v.message), hex(v.signature))).toBe(true);
    expect(curves.ed25519Verify(hex(v.public), hex(`${v.message}00`), hex(v.signature))).toBe(false);
    const bent = hex(v.signature);
    bent[10]! ^= 1;
    expect(curves.ed25519Verify(hex(v.public), hex(v.message), bent)).toBe(false);
  });

  it('reproduces RFC 7748 §6.1 in both directions', () => {
    expect(toHex(curves.x25519PublicKey(hex(RFC7748.alice)))).toBe(RFC7748.alicePublic);
    expect(toHex(curves.x25519PublicKey(hex(RFC7748.bob)))).toBe(RFC7748.bobPublic);
    expect(toHex(curves.x25519SharedSecret(hex(RFC7748.alice), hex(RFC7748.bobPublic)))).toBe(RFC7748.shared);
    expect(toHex(curves.x25519SharedSecret(hex(RFC7748.bob), hex(RFC7748.alicePublic)))).toBe(RFC7748.shared);
  });

  it('answers false, never throws, for malformed keys and signatures', () => {
    const { publicKey, secretKey } = curves.ed25519Keygen();
    const message = new Uint8Array(randomBytes(40));
    const signature = curves.ed25519Sign(secretKey, message);
    expect(curves.ed25519Verify(publicKey.subarray(1), message, signature)).toBe(false);
    expect(curves.ed25519Verify(publicKey, message, signature.subarray(1))).toBe(false);
    expect(curves.ed25519Verify(new Uint8Array(32).fill(0xff), message, signature)).toBe(false);
    // S + L: the same signature with a non-canonical S.
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    const s = Buffer.from(signature.subarray(32)).reverse();
    const sPlusL = Buffer.from((BigInt(`0x${s.toString('hex')}`) + L).toString(16).padStart(64, '0'), 'hex').reverse();
    expect(curves.ed25519Verify(publicKey, message, new Uint8Array([...signature.subarray(0, 32), ...sPlusL]))).toBe(false);
  });

  it('refuses a low-order X25519 public key instead of agreeing on zero', () => {
    const { secretKey } = curves.x25519Keygen();
    for (const lowOrder of [new Uint8Array(32), hex(`01${'00'.repeat(31)}`)]) {
      expect(() => curves.x25519SharedSecret(secretKey, lowOrder)).toThrow();
      expect(() => curves.x25519Ephemeral(lowOrder)).toThrow();
    }
  });
});

describe('both paths agree', () => {
  const [native, noble] = [nativeCurve25519!, nobleCurve25519];

  it('on keys, signatures and verdicts for fresh keys, either way round', () => {
    for (let i = 0; i < 8; i++) {
      const message = new Uint8Array(randomBytes(i * 37));
      for (const [signer, checker] of [[native, noble], [noble, native]] as const) {
        const { secretKey, publicKey } = signer.ed25519Keygen();
        expect(toHex(checker.ed25519PublicKey(secretKey))).toBe(toHex(publicKey));
        const signature = signer.ed25519Sign(secretKey, message);
        // Ed25519 is deterministic: both paths sign alike.
        expect(toHex(checker.ed25519Sign(secretKey, message))).toBe(toHex(signature));
        expect(checker.ed25519Verify(publicKey, message, signature)).toBe(true);
      }
    }
  });

  it('on X25519: public keys, shared secrets, and an ephemeral agreement the other side opens', () => {
    for (const [from, to] of [[native, noble], [noble, native]] as const) {
      const recipient = to.x25519Keygen();
      expect(toHex(from.x25519PublicKey(recipient.secretKey))).toBe(toHex(recipient.publicKey));
      const { publicKey, sharedSecret } = from.x25519Ephemeral(recipient.publicKey);
      expect(toHex(to.x25519SharedSecret(recipient.secretKey, publicKey))).toBe(toHex(sharedSecret));
      expect(toHex(from.x25519SharedSecret(recipient.secretKey, publicKey))).toBe(toHex(sharedSecret));
    }
  });

  // A signer who knows their secret scalar can add a torsion point T (order 8) to R or to
  // their public key: noble's cofactored check alone accepts such signatures, OpenSSL's
  // cofactorless one does not. Both paths here refuse them.
  describe('on signatures crafted with torsion', () => {
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    const Point = ed25519.Point;
    const le = (n: bigint) => new Uint8Array(Buffer.from(n.toString(16).padStart(64, '0'), 'hex').reverse());
    const fromLe = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).reverse().toString('hex')}`);
    const torsion = (() => {
      // [L]P of a random curve point P is in the torsion subgroup; retry until it is not the identity.
      for (;;) {
        try {
          const p = Point.fromBytes(new Uint8Array(randomBytes(32)));
          const t = p.multiplyUnsafe(L - 1n).add(p);
          if (!t.is0()) return t;
        } catch {
          // Not a point: draw again.
        }
      }
    })();
    const signer = ed25519.utils.getExtendedPublicKey(new Uint8Array(randomBytes(32)));
    const a = signer.scalar;
    const message = new Uint8Array(randomBytes(32));
    /** (R, S) signed with the scalar `a` for the public key bytes `A`, with R = [r]B + extra. */
    const craft = (A: Uint8Array, extra: typeof Point.ZERO) => {
      const r = fromLe(new Uint8Array(randomBytes(64))) % L;
      const R = Point.BASE.multiply(r).add(extra).toBytes();
      const k = fromLe(new Uint8Array(createHash('sha512').update(R).update(A).update(message).digest())) % L;
      return new Uint8Array([...R, ...le((r + k * a) % L)]);
    };

    it('R with a torsion component', () => {
      const signature = craft(signer.pointBytes, torsion);
      expect(ed25519.verify(signature, message, signer.pointBytes, { zip215: false })).toBe(true);
      expect(native.ed25519Verify(signer.pointBytes, message, signature)).toBe(false);
      expect(noble.ed25519Verify(signer.pointBytes, message, signature)).toBe(false);
    });

    it('a public key with a torsion component', () => {
      const mixed = signer.point.add(torsion).toBytes();
      // Signed with `a`: [8]([S]B) = [8]R + [8][k](aB + T) holds whatever k is.
      const signature = craft(mixed, Point.ZERO);
      expect(ed25519.verify(signature, message, mixed, { zip215: false })).toBe(true);
      expect(native.ed25519Verify(mixed, message, signature)).toBe(false);
      expect(noble.ed25519Verify(mixed, message, signature)).toBe(false);
    });

    it('a small-order public key', () => {
      const identity = Point.ZERO.toBytes();
      // R = identity, S = 0 satisfies the equation for every message under the identity key.
      const signature = new Uint8Array([...identity, ...new Uint8Array(32)]);
      expect(native.ed25519Verify(identity, message, signature)).toBe(false);
      expect(noble.ed25519Verify(identity, message, signature)).toBe(false);
    });
  });
});

it('answers a secret key buffer changed in place with the new key, not a cached one', () => {
  const secret = new Uint8Array(hex(RFC8032[0]!.secret));
  expect(toHex(curve25519.ed25519PublicKey(secret))).toBe(RFC8032[0]!.public);
  secret.set(hex(RFC8032[1]!.secret));
  expect(toHex(curve25519.ed25519PublicKey(secret))).toBe(RFC8032[1]!.public);
  expect(toHex(curve25519.ed25519Sign(secret, hex(RFC8032[1]!.message)))).toBe(RFC8032[1]!.signature);
});
