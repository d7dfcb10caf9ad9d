// Handlers for mfa.*: thin calls into the MfaService. A QR image arrives as base64 (a data:
// URL prefix is dropped); its size was already limited by the contract.
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';
import { TesseraError } from '../../errors';

type MfaChannel =
  | 'mfa.status' | 'mfa.importText' | 'mfa.importQr' | 'mfa.backupCodes' | 'mfa.usePending' | 'mfa.discardPending'
  | 'mfa.enable' | 'mfa.cancel' | 'mfa.screenshot' | 'mfa.screenCapture' | 'mfa.screenScan' | 'mfa.screenImport' | 'mfa.screenDiscard';

function imageBytes(base64: string): Buffer {
  const bare = base64.replace(/^data:image\/[a-z+.-]+;base64,/i, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+=*$/.test(bare)) throw new TesseraError('IMAGE_INVALID', 'The image could not be read (it is not base64). Choose a PNG or JPEG file.');
  return Buffer.from(bare, 'base64');
}

export function mfaHandlers({ mfa }: Services): HandlerSlice<MfaChannel> {
  return {
    'mfa.status': ({ id }) => mfa.status(id),
    'mfa.importText': ({ id, text, index }) => mfa.importText(id, text, index),
    'mfa.importQr': ({ id, imageBase64, index }) => mfa.importQr(id, imageBytes(imageBase64), index),
    'mfa.backupCodes': ({ id }) => ({ codes: mfa.backupCodes(id) }),
    'mfa.usePending': ({ id }) => mfa.usePending(id),
    'mfa.discardPending': ({ id }) => mfa.discardPending(id),
    'mfa.enable': ({ id }) => mfa.enable(id),
    'mfa.cancel': ({ id }) => ({ cancelled: mfa.cancel(id) }),
    'mfa.screenshot': ({ id, runId, index }) => ({ dataUrl: mfa.screenshot(id, runId, index) }),
    'mfa.screenCapture': () => mfa.captureScreen(),
    'mfa.screenScan': ({ captureId, region }) => ({ entries: mfa.scanScreen(captureId, region) }),
    'mfa.screenImport': ({ id, captureId, index }) => mfa.importScreenQr(id, captureId, index),
    'mfa.screenDiscard': ({ captureId }) => {
      mfa.discardScreenCapture(captureId);
      return { discarded: true as const };
    },
  };
}
