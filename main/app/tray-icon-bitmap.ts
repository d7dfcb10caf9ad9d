// The tray icon drawn in code (no image file to ship or load): Tessera's mark, a rounded
// square with a diagonal blue-to-teal gradient, as raw BGRA pixels for
// nativeImage.createFromBitmap. Pure, so it is tested without Electron.

const FROM = [0x3d, 0x5a, 0xfe] as const; // accent blue (R, G, B)
const TO = [0x00, 0xbf, 0xa5] as const; // teal

export function trayIconBitmap(size: number): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const radius = size * 0.22;
  const inset = Math.max(1, Math.round(size / 16));
  const lo = inset;
  const hi = size - inset;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const coverage = roundedSquareCoverage(x + 0.5, y + 0.5, lo, hi, radius);
      if (coverage === 0) continue;
      const t = (x + y) / (2 * (size - 1));
      const at = (y * size + x) * 4;
      pixels[at] = Math.round(FROM[2] + (TO[2] - FROM[2]) * t); // B
      pixels[at + 1] = Math.round(FROM[1] + (TO[1] - FROM[1]) * t); // G
      pixels[at + 2] = Math.round(FROM[0] + (TO[0] - FROM[0]) * t); // R
      pixels[at + 3] = Math.round(255 * coverage); // A
    }
  }
  return pixels;
}

/** 1 inside, 0 outside, a linear ramp over one pixel at the rounded corners' edge. */
function roundedSquareCoverage(px: number, py: number, lo: number, hi: number, r: number): number {
  if (px < lo || px > hi || py < lo || py > hi) return 0;
  const cx = Math.min(Math.max(px, lo + r), hi - r);
  const cy = Math.min(Math.max(py, lo + r), hi - r);
  const distance = Math.hypot(px - cx, py - cy);
  return Math.max(0, Math.min(1, r - distance + 0.5));
}
