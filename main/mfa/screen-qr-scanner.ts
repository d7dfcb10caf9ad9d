// "Scan QR from screen": holds one screen capture in the main process while the person picks
// the region with the QR code. The renderer only ever gets a downscaled preview; the scan
// reads the full-resolution region, and the parsed secret stays here until the person
// confirms it into an account (after that, on discard, on a new capture, or after two minutes the
// pixels are zeroed and dropped). The capture itself comes from a ScreenCapture the platform
// supplies (Electron's desktopCapturer in main/app; a fixture in the web test host).
import { randomUUID } from 'node:crypto';
import { TesseraError } from '../errors';
import { cropImage, decodeImage, encodePng, shrink, type FractionRegion, type RgbaImage } from './rgba-image';
import { importQrPixels } from './qr-import';
import type { OtpTextImport } from './otp-text-import';

/** Takes one picture of the screen, as PNG bytes at the screen's full resolution. */
export interface ScreenCapture {
  captureScreen(): Promise<Uint8Array>;
}

export type ScreenCapturePreview = {
  captureId: string;
  /** The capture's size in pixels (regions are given as fractions of it). */
  width: number;
  height: number;
  /** A downscaled PNG for the region picker. */
  previewDataUrl: string;
};

/** What the QR in the region holds, without its secret: for the person to confirm. */
export type ScannedOtpEntry = { type: string; issuer: string; label: string; algorithm: string; digits: number; period: number | null };

const PREVIEW_MAX_SIDE = 1280;
const CAPTURE_LIFETIME_MS = 2 * 60_000;

type HeldCapture = { id: string; image: RgbaImage; parsed: OtpTextImport | null; timer: NodeJS.Timeout };

export class ScreenQrScanner {
  private held: HeldCapture | undefined;

  constructor(private readonly screen: ScreenCapture | undefined) {}

  async capture(): Promise<ScreenCapturePreview> {
    if (!this.screen) throw new TesseraError('SCREEN_CAPTURE_FAILED', 'This Tessera cannot capture the screen. Save a screenshot of the QR code and import the file instead.');
    this.discard();
    const image = decodeImage(await this.screen.captureScreen());
    const id = randomUUID();
    const timer = setTimeout(() => this.discard(id), CAPTURE_LIFETIME_MS);
    timer.unref();
    this.held = { id, image, parsed: null, timer };
    const factor = Math.ceil(Math.max(image.width, image.height) / PREVIEW_MAX_SIDE);
    const preview = factor > 1 ? shrink(image, factor) : image;
    return { captureId: id, width: image.width, height: image.height, previewDataUrl: `data:image/png;base64,${encodePng(preview).toString('base64')}` };
  }

  /** Reads the QR code in `region` of the capture (the whole capture without one). */
  scan(captureId: string, region?: FractionRegion): ScannedOtpEntry[] {
    const held = this.require(captureId);
    const pixels = region ? cropImage(held.image, region) : held.image;
    let found: ReturnType<typeof importQrPixels>;
    try {
      found = importQrPixels(pixels);
    } catch (error) {
      if (error instanceof TesseraError && error.code === 'QR_NOT_FOUND') {
        throw new TesseraError('QR_NOT_FOUND', region
          ? 'No QR code was found in the selected region. Drag a rectangle around the whole QR code, or scan the whole screen.'
          : 'No QR code was found on the screen. Show the site\'s setup QR code on screen, then capture again.');
      }
      throw error;
    }
    if (!found.otp) throw new TesseraError('OTPAUTH_INVALID', 'That QR code does not hold an authenticator link (otpauth://). Is it the site\'s two-factor setup code?');
    held.parsed = found.otp;
    const entries = found.otp.kind === 'otpauth' ? [found.otp.params] : found.otp.accounts;
    return entries.map((params) => ({
      type: params.type,
      issuer: params.issuer ?? '',
      label: params.accountName ?? '',
      algorithm: params.algorithm,
      digits: params.digits,
      period: params.type === 'hotp' ? null : params.period,
    }));
  }

  /** The parsed QR of the capture's last successful scan (stays in the main process). */
  scanned(captureId: string): OtpTextImport {
    const parsed = this.require(captureId).parsed;
    if (!parsed) throw new TesseraError('INVALID_INPUT', 'Scan a region with the QR code first.');
    return parsed;
  }

  /** Zeroes and drops the held capture (only that one when `captureId` is given). */
  discard(captureId?: string): void {
    const held = this.held;
    if (!held || (captureId !== undefined && held.id !== captureId)) return;
    clearTimeout(held.timer);
    held.image.data.fill(0);
    this.held = undefined;
  }

  private require(captureId: string): HeldCapture {
    if (this.held?.id !== captureId) throw new TesseraError('ITEM_NOT_FOUND', 'That screen capture is gone (it is kept for two minutes). Capture the screen again.');
    return this.held;
  }
}
