// RGBA pixel frames for QR scanning: decoding a PNG or JPEG (size-checked before allocating,
// alpha flattened onto white), cropping a region given as fractions of the frame, shrinking
// by block averages, enlarging by nearest neighbour, and encoding a frame back to PNG.

import { createRequire } from 'node:module';
import type * as JpegJs from 'jpeg-js';
import type * as PngJs from 'pngjs';
import { TesseraError } from '../errors';

// The image codecs load on the first image, not with every start of the app or the CLI.
const load = createRequire(import.meta.url);
const png = () => (load('pngjs') as typeof PngJs).PNG;
const jpeg = () => load('jpeg-js') as typeof JpegJs;

export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** A rectangle as fractions (0–1) of a frame's width and height, so it survives any preview scaling. */
export interface FractionRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

// Decoded size ceiling: a 40-megapixel RGBA frame is 160 MB, beyond any real screenshot.
const MAX_PIXELS = 40_000_000;

export function decodeImage(image: Uint8Array): RgbaImage {
  const bytes = Buffer.from(image.buffer, image.byteOffset, image.byteLength);
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    // Width and height sit in the IHDR chunk; check them before pngjs allocates the frame.
    if (bytes.length >= 24) checkSize(bytes.readUInt32BE(16), bytes.readUInt32BE(20));
    return flattenAlpha(tryDecode('PNG', () => png().sync.read(bytes)));
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return tryDecode('JPEG', () =>
      jpeg().decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: 512 }),
    );
  }
  throw new TesseraError('IMAGE_INVALID', 'The file is not a PNG or JPEG image. Save the QR code as PNG or JPEG and try again.');
}

export function encodePng(image: RgbaImage): Buffer {
  const PNG = png();
  const frame = new PNG({ width: image.width, height: image.height });
  frame.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return PNG.sync.write(frame);
}

/** The pixels inside `region`; a region outside the frame or under 8×8 pixels is INVALID_INPUT. */
export function cropImage(image: RgbaImage, region: FractionRegion): RgbaImage {
  const left = Math.max(0, Math.floor(region.x * image.width));
  const top = Math.max(0, Math.floor(region.y * image.height));
  const right = Math.min(image.width, Math.ceil((region.x + region.width) * image.width));
  const bottom = Math.min(image.height, Math.ceil((region.y + region.height) * image.height));
  const width = right - left;
  const height = bottom - top;
  if (width < 8 || height < 8) throw new TesseraError('INVALID_INPUT', 'The selected region is too small. Drag a rectangle around the whole QR code.');
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * image.width + left) * 4;
    data.set(image.data.subarray(from, from + width * 4), y * width * 4);
  }
  return { width, height, data };
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

/** Averages factor×factor blocks, so thin modules blur into grey instead of vanishing. */
export function shrink(image: RgbaImage, factor: number): RgbaImage {
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
export function enlarge(image: RgbaImage, factor: number): RgbaImage {
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
