// Reads a QR code out of a PNG or JPEG (a screenshot, a saved setup page, a photo of a screen)
// with jsQR. Screenshots come huge or tiny and sometimes light-on-dark, so the decoder tries
// both inversions at several scales before giving up.

import { readFile } from 'node:fs/promises';
import jpeg from 'jpeg-js';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { TesseraError } from '../errors';
import { importOtpText, isOtpText, type OtpTextImport } from './otp-text-import';

export interface QrImport {
  text: string;
  /** The parsed secrets when the QR holds an otpauth:// or otpauth-migration:// link. */
  otp: OtpTextImport | null;
}

interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

// Decoded size ceiling: a 40-megapixel RGBA frame is 160 MB, beyond any real screenshot.
const MAX_PIXELS = 40_000_000;
// jsQR finds codes reliably when the image's long side is a few hundred to ~1600 pixels.
const DOWNSCALE_TARGETS = [1600, 800, 400];
const UPSCALE_TARGET = 400;

export async function importQrImageFile(path: string): Promise<QrImport> {
  return importQrImage(await readFile(path));
}

export function importQrImage(image: Uint8Array): QrImport {
  const text = readQrCode(image);
  return { text, otp: isOtpText(text) ? importOtpText(text) : null };
}

/** The text of the first QR code found, or QR_NOT_FOUND / IMAGE_INVALID. */
export function readQrCode(image: Uint8Array): string {
  const pixels = decodeImage(image);
  for (const scaled of scaledVersions(pixels)) {
    const found = jsQR(scaled.data, scaled.width, scaled.height, { inversionAttempts: 'attemptBoth' });
    if (found) return found.data;
  }
  throw new TesseraError(
    'QR_NOT_FOUND',
    'No QR code was found in the image. Crop it closer to the code, or copy the setup key as text instead.',
  );
}

function decodeImage(image: Uint8Array): RgbaImage {
  const bytes = Buffer.from(image.buffer, image.byteOffset, image.byteLength);
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    // Width and height sit in the IHDR chunk; check them before pngjs allocates the frame.
    if (bytes.length >= 24) checkSize(bytes.readUInt32BE(16), bytes.readUInt32BE(20));
    return flattenAlpha(tryDecode('PNG', () => PNG.sync.read(bytes)));
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return tryDecode('JPEG', () =>
      jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: 512 }),
    );
  }
  throw new TesseraError('IMAGE_INVALID', 'The file is not a PNG or JPEG image. Save the QR code as PNG or JPEG and try again.');
}

function tryDecode(format: string, decode: () => { width: number; height: number; data: Uint8Array }): RgbaImage {
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = decode();
  } catch (error) {
    if (error instanceof TesseraError) throw error;
    throw new TesseraError('IMAGE_INVALID', `The ${format} image cannot be read: it is damaged or too large. Take a new screenshot of just the QR code and try again.`);
  }
  checkSize(decoded.width, decoded.height);
  // A fresh copy: aligned for the Uint32 view in enlarge(), and ours to modify in flattenAlpha().
  return { width: decoded.width, height: decoded.height, data: new Uint8ClampedArray(decoded.data) };
}

function checkSize(width: number, height: number): void {
  if (width === 0 || height === 0 || width * height > MAX_PIXELS) {
    throw new TesseraError('IMAGE_INVALID', `The image is ${width}×${height} pixels, too large to scan. Crop it to the QR code and try again.`);
  }
}

// jsQR ignores alpha, so a transparent background would read as black: composite onto white.
function flattenAlpha(image: RgbaImage): RgbaImage {
  const { data } = image;
  for (let i = 0; i < data.length; i += 4) {
    const alpha = data[i + 3]! / 255;
    if (alpha === 1) continue;
    for (let c = 0; c < 3; c++) data[i + c] = data[i + c]! * alpha + 255 * (1 - alpha);
    data[i + 3] = 255;
  }
  return image;
}

/** Images to try, in order: large ones shrunk first (cheaper, less noise), tiny ones enlarged last. */
function* scaledVersions(image: RgbaImage): Generator<RgbaImage> {
  const longest = Math.max(image.width, image.height);
  const factors = [...new Set(DOWNSCALE_TARGETS.filter((t) => longest > t).map((t) => Math.ceil(longest / t)))];
  for (const factor of factors) yield shrink(image, factor);
  yield image;
  for (let factor = 2; longest * factor <= UPSCALE_TARGET * 2; factor *= 2) yield enlarge(image, factor);
}

/** Averages factor×factor blocks, so thin modules blur into grey instead of vanishing. */
function shrink(image: RgbaImage, factor: number): RgbaImage {
  const width = Math.ceil(image.width / factor);
  const height = Math.ceil(image.height / factor);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sums = [0, 0, 0];
      let count = 0;
      for (let sy = y * factor; sy < Math.min((y + 1) * factor, image.height); sy++) {
        for (let sx = x * factor; sx < Math.min((x + 1) * factor, image.width); sx++) {
          const i = (sy * image.width + sx) * 4;
          for (let c = 0; c < 3; c++) sums[c]! += image.data[i + c]!;
          count++;
        }
      }
      const o = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) data[o + c] = sums[c]! / count;
      data[o + 3] = 255;
    }
  }
  return { width, height, data };
}

/** Nearest-neighbour, so one-pixel modules stay sharp squares. */
function enlarge(image: RgbaImage, factor: number): RgbaImage {
  const width = image.width * factor;
  const height = image.height * factor;
  const data = new Uint8ClampedArray(width * height * 4);
  const source = new Uint32Array(image.data.buffer, image.data.byteOffset, image.width * image.height);
  const target = new Uint32Array(data.buffer);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / factor) * image.width;
    for (let x = 0; x < width; x++) target[y * width + x] = source[row + Math.floor(x / factor)]!;
  }
  return { width, height, data };
}
