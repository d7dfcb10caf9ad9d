// Handlers for browsers.*: the paired browsers and the pending pairing of the browser bridge
// (services.browserBridge); confirming names the code the person saw, so only that pairing is
// confirmed. Keys never leave the main process.
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';

export function browsersHandlers({ browserBridge }: Services): HandlerSlice<'browsers.list' | 'browsers.pending' | 'browsers.confirmPairing' | 'browsers.refusePairing' | 'browsers.revoke'> {
  return {
    'browsers.list': () => ({ browsers: browserBridge.list() }),
    'browsers.pending': () => ({ pending: browserBridge.pendingPairing() }),
    'browsers.confirmPairing': async ({ code }) => ({ browser: await browserBridge.confirmPairing(code) }),
    'browsers.refusePairing': ({ code }) => {
      browserBridge.refusePairing(code);
      return { refused: true as const };
    },
    'browsers.revoke': async ({ browserId }) => {
      await browserBridge.revoke(browserId);
      return { revoked: true as const };
    },
  };
}
