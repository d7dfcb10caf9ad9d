// "Scan QR from screen" in the main process, on a fixture screen capture (desktopCapturer
// cannot run here): only a downscaled preview goes out, a region around the QR code reads it
// without handing out the secret, a region beside it says so, and the confirmed entry becomes
// the account's TOTP, after which the capture is gone.
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { localOwnerAccess } from '../../../main/access/account-access';
import { MfaService } from '../../../main/mfa/mfa-service';
import { ScreenQrScanner } from '../../../main/mfa/screen-qr-scanner';
import { FIXTURE_QR_BOX, FIXTURE_QR_SECRET, FIXTURE_SCREEN, fixtureScreenCapture } from '../../fixtures/screen-capture/fixture-screen';
import { createTestVault, errorCode, tempDir } from '../vault/helpers';

const { width: W, height: H } = FIXTURE_SCREEN;
const aroundQr = { x: (FIXTURE_QR_BOX.x - 20) / W, y: (FIXTURE_QR_BOX.y - 20) / H, width: (FIXTURE_QR_BOX.size + 40) / W, height: (FIXTURE_QR_BOX.size + 40) / H };
const besideQr = { x: 300 / W, y: 100 / H, width: 500 / W, height: 500 / H };

describe('scan QR from screen (fixture screen capture)', () => {
  it('returns a downscaled preview and reads the QR code in the chosen region only', async () => {
    const scanner = new ScreenQrScanner(fixtureScreenCapture);
    const preview = await scanner.capture();
    expect(preview).toMatchObject({ width: W, height: H });
    const previewPng = PNG.sync.read(Buffer.from(preview.previewDataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
    expect(Math.max(previewPng.width, previewPng.height)).toBeLessThanOrEqual(1280);
    expect(previewPng.width).toBeLessThan(W);

    expect(await errorCode(async () => scanner.scan(preview.captureId, besideQr))).toBe('QR_NOT_FOUND');
    const entries = scanner.scan(preview.captureId, aroundQr);
    expect(entries).toEqual([{ type: 'totp', issuer: 'Quokka Cloud', label: 'ops@quokka.example', algorithm: 'SHA256', digits: 8, period: 30 }]);
    expect(JSON.stringify(entries)).not.toContain(FIXTURE_QR_SECRET);
    expect(scanner.scan(preview.captureId)).toEqual(entries);
    expect(await errorCode(async () => scanner.scan(preview.captureId, { x: 0.5, y: 0.5, width: 0.001, height: 0.001 }))).toBe('INVALID_INPUT');
  });

  it('saves the confirmed entry as the account\'s TOTP and discards the capture; without a screen capture it says so', async () => {
    const { vault } = await createTestVault();
    const id = vault.accounts.create({ name: 'Quokka', urls: ['quokka.example'], password: 'pw' }).id;
    const mfa = new MfaService({ dataDir: tempDir(), vault: () => vault, access: localOwnerAccess, screenCapture: fixtureScreenCapture });
    const { captureId } = await mfa.captureScreen();
    expect(await errorCode(async () => mfa.importScreenQr(id, captureId))).toBe('INVALID_INPUT');
    mfa.scanScreen(captureId, aroundQr);
    expect(mfa.importScreenQr(id, captureId)).toMatchObject({ issuer: 'Quokka Cloud', label: 'ops@quokka.example', type: 'totp' });
    expect(vault.accounts.get(id).totp).toMatchObject({ secret: FIXTURE_QR_SECRET, algorithm: 'SHA256', digits: 8 });
    expect(await errorCode(async () => mfa.scanScreen(captureId))).toBe('ITEM_NOT_FOUND');

    const second = await mfa.captureScreen();
    mfa.discardScreenCapture(second.captureId);
    expect(await errorCode(async () => mfa.scanScreen(second.captureId))).toBe('ITEM_NOT_FOUND');
    const withoutScreen = new MfaService({ dataDir: tempDir(), vault: () => vault, access: localOwnerAccess });
    expect(await errorCode(() => withoutScreen.captureScreen())).toBe('SCREEN_CAPTURE_FAILED');
  });
});
