// Reads a QR code out of a PNG or JPEG (a screenshot, a saved setup page, a photo of a screen)
// with jsQR. Screenshots come huge or tiny and sometimes light-on-dark, so the decoder tries
// both inversions at several scales before giving up.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type JsQR from 'jsqr';
import { TesseraError } from '../errors';
import { importOtpText, isOtpText, type OtpTextImport } from './otp-text-import';
import { decodeImage, enlarge, shrink, type RgbaImage } from './rgba-image';

export interface QrImport {
  text: string;
  /** The parsed secrets when the QR holds an otpauth:// or otpauth-migration:// link. */
  otp: OtpTextImport | null;
}

// jsQR loads on the first image, not with every start of the app or the CLI.
const load = createRequire(import.meta.url);
const jsQR = (...args: Parameters<typeof JsQR>) => (load('jsqr') as typeof JsQR)(...args);

// jsQR finds codes reliably when the image's long side is a few hundred to ~1600 pixels.
const DOWNSCALE_TARGETS = [1600, 800, 400];
const UPSCALE_TARGET = 400;

export async function importQrImageFile(path: string): Promise<QrImport> {
  return importQrImage(await readFile(path));
}

export function importQrImage(image: Uint8Array): QrImport {
  return importQrPixels(decodeImage(image));
}

/** Like importQrImage, for a frame already decoded (a region of a screen capture). */
export function importQrPixels(pixels: RgbaImage): QrImport {
  const text = readQrCodeInPixels(pixels);
  return { text, otp: isOtpText(text) ? importOtpText(text) : null };
}

/** The text of the first QR code found, or QR_NOT_FOUND / IMAGE_INVALID. */
export function readQrCode(image: Uint8Array): string {
  return readQrCodeInPixels(decodeImage(image));
}

function readQrCodeInPixels(pixels: RgbaImage): string {
  for (const scaled of scaledVersions(pixels)) {
    const found = jsQR(scaled.data, scaled.width, scaled.height, { inversionAttempts: 'attemptBoth' });
    if (found) return found.data;
  }
  throw new TesseraError(
    'QR_NOT_FOUND',
    'No QR code was found in the image. Crop it closer to the code, or copy the setup key as text instead.',
  );
}

/** Images to try, in order: large ones shrunk first (cheaper, less noise), tiny ones enlarged last. */
function* scaledVersions(image: RgbaImage): Generator<RgbaImage> {
  const longest = Math.max(image.width, image.height);
  const factors = [...new Set(DOWNSCALE_TARGETS.filter((t) => longest > t).map((t) => Math.ceil(longest / t)))];
  for (const factor of factors) yield shrink(image, factor);
  yield image;
  for (let factor = 2; longest * factor <= UPSCALE_TARGET * 2; factor *= 2) yield enlarge(image, factor);
}
