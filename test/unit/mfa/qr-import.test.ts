import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importQrImage, importQrImageFile, readQrCode } from '../../../main/mfa/qr-import';
import { encodePayload, migrationUri } from './helpers/migration-payload-encoder';

const otpauth = 'otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co';

function qrPng(text: string, options: QRCode.QRCodeToBufferOptions = {}): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', ...options });
}

function pngToJpeg(png: Buffer, quality = 85): Buffer {
  const { width, height, data } = PNG.sync.read(png);
  return jpeg.encode({ width, height, data }, quality).data;
}

/** A PNG drawn pixel by pixel: `paint` returns [r, g, b, a]. */
function drawPng(width: number, height: number, paint: (x: number, y: number) => [number, number, number, number]): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) png.data.set(paint(x, y), (y * width + x) * 4);
  }
  return PNG.sync.write(png);
}

/** Places a QR PNG at (left, top) on a larger canvas of the given colour. */
function onCanvas(qr: Buffer, width: number, height: number, left: number, top: number, background: [number, number, number]): Buffer {
  const code = PNG.sync.read(qr);
  return drawPng(width, height, (x, y) => {
    const cx = x - left;
    const cy = y - top;
    if (cx >= 0 && cy >= 0 && cx < code.width && cy < code.height) {
      const i = (cy * code.width + cx) * 4;
      return [code.data[i]!, code.data[i + 1]!, code.data[i + 2]!, 255];
    }
    return [...background, 255];
  });
}

describe('readQrCode', () => {
  it('reads a plain black-on-white QR PNG', async () => {
    expect(readQrCode(await qrPng(otpauth))).toBe(otpauth);
  });

  it('reads an inverted (white on black) QR, as dark-mode setup pages show it', async () => {
    const inverted = await qrPng(otpauth, { color: { dark: '#ffffffff', light: '#000000ff' } });
    expect(readQrCode(inverted)).toBe(otpauth);
  });

  it('reads a QR drawn on a transparent background', async () => {
    const transparent = await qrPng(otpauth, { color: { dark: '#000000ff', light: '#00000000' } });
    expect(readQrCode(transparent)).toBe(otpauth);
  });

  it('reads a large screenshot with the QR small in a corner', async () => {
    const screenshot = onCanvas(await qrPng(otpauth, { scale: 4, margin: 2 }), 2600, 1800, 1900, 1200, [240, 240, 245]);
    expect(PNG.sync.read(screenshot).width).toBe(2600);
    expect(readQrCode(screenshot)).toBe(otpauth);
  });

  it('reads a huge QR with a wide margin', async () => {
    const huge = await qrPng(otpauth, { scale: 40, margin: 20 });
    expect(PNG.sync.read(huge).width).toBeGreaterThan(2000);
    expect(readQrCode(huge)).toBe(otpauth);
  });

  it('reads a tiny QR of one pixel per module', async () => {
    const tiny = await qrPng('otpauth://totp/x?secret=JBSWY3DPEHPK3PXP', { scale: 1, margin: 1, errorCorrectionLevel: 'L' });
    expect(PNG.sync.read(tiny).width).toBeLessThan(40);
    expect(readQrCode(tiny)).toBe('otpauth://totp/x?secret=JBSWY3DPEHPK3PXP');
  });

  it('reads a JPEG', async () => {
    expect(readQrCode(pngToJpeg(await qrPng(otpauth, { scale: 6 })))).toBe(otpauth);
  });

  it('reports QR_NOT_FOUND for an image without a QR code', () => {
    const gradient = drawPng(300, 200, (x, y) => [x % 256, y % 256, (x * y) % 256, 255]);
    expect(() => readQrCode(gradient)).toThrow(expect.objectContaining({ code: 'QR_NOT_FOUND', message: expect.stringMatching(/No QR code was found/) }));
  });

  it.each([
    ['a text file', Buffer.from('otpauth://totp/x?secret=JBSWY3DPEHPK3PXP')],
    ['an empty file', Buffer.alloc(0)],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')],
  ])('reports IMAGE_INVALID for %s', (_name, bytes) => {
    expect(() => readQrCode(bytes)).toThrow(expect.objectContaining({ code: 'IMAGE_INVALID', message: expect.stringMatching(/not a PNG or JPEG/) }));
  });

  it('reports IMAGE_INVALID for a damaged PNG', async () => {
    const png = await qrPng(otpauth);
    expect(() => readQrCode(png.subarray(0, 60))).toThrow(expect.objectContaining({ code: 'IMAGE_INVALID', message: expect.stringMatching(/cannot be read/) }));
  });

  it('reports IMAGE_INVALID before decoding a PNG that claims absurd dimensions', async () => {
    const png = Buffer.from(await qrPng(otpauth));
    png.writeUInt32BE(100_000, 16);
    png.writeUInt32BE(100_000, 20);
    expect(() => readQrCode(png)).toThrow(expect.objectContaining({ code: 'IMAGE_INVALID', message: expect.stringMatching(/too large/) }));
  });
});

describe('importQrImage', () => {
  it('parses an otpauth QR into an entry', async () => {
    const result = importQrImage(await qrPng(otpauth));
    expect(result.text).toBe(otpauth);
    expect(result.otp).toMatchObject({ kind: 'otpauth', params: { type: 'totp', issuer: 'ACME Co', accountName: 'alice@example.com' } });
  });

  it('parses a Google Authenticator export QR with its batch', async () => {
    const uri = migrationUri(encodePayload({ entries: [{ secret: new Uint8Array(10).fill(1), name: 'bob', type: 2 }], batchSize: 2, batchIndex: 1, batchId: 9 }));
    const result = importQrImage(await qrPng(uri));
    expect(result.otp).toMatchObject({ kind: 'migration', batch: { index: 1, size: 2, id: 9 }, accounts: [{ accountName: 'bob' }] });
  });

  it('returns other QR text without parsing it', async () => {
    expect(importQrImage(await qrPng('https://example.com/setup'))).toEqual({ text: 'https://example.com/setup', otp: null });
  });

  it('reports OTPAUTH_INVALID for a QR holding a broken otpauth link', async () => {
    const broken = await qrPng('otpauth://totp/x?issuer=NoSecret');
    expect(() => importQrImage(broken)).toThrow(expect.objectContaining({ code: 'OTPAUTH_INVALID', message: expect.stringMatching(/secret parameter is missing/) }));
  });

  describe('from a file', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'tessera-qr-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('reads a PNG file', async () => {
      const path = join(dir, 'setup.png');
      await writeFile(path, await qrPng(otpauth));
      expect((await importQrImageFile(path)).text).toBe(otpauth);
    });

    it('reports IMAGE_INVALID for a non-image file', async () => {
      const path = join(dir, 'notes.txt');
      await writeFile(path, 'my secret notes');
      await expect(importQrImageFile(path)).rejects.toMatchObject({ code: 'IMAGE_INVALID' });
    });
  });
});
