// The browser's native-messaging port as the channel client's NativePort, and the name the
// app shows for this browser while pairing ("Chromium on Linux").

import { NATIVE_HOST_NAME } from '../../protocol/browser-channel';
import { browserApi } from '../common/browser-api';
import type { NativePort } from './channel-client';

export function connectNativeHost(): NativePort {
  const api = browserApi();
  const port = api.runtime.connectNative(NATIVE_HOST_NAME);
  let closed = false;
  const closeHandlers: Array<(reason: string | null) => void> = [];
  port.onDisconnect.addListener((p) => {
    closed = true;
    // Chromium reports why in runtime.lastError (reading it also keeps it from being logged as unchecked).
    const reason = p.error?.message ?? api.runtime.lastError?.message ?? null;
    for (const handler of closeHandlers) handler(reason);
  });
  return {
    post(frame) {
      if (!closed) port.postMessage(frame);
    },
    close() {
      if (closed) return;
      closed = true;
      port.disconnect();
    },
    onFrame(handler) {
      port.onMessage.addListener(handler);
    },
    onClose(handler) {
      closeHandlers.push(handler);
    },
  };
}

export function browserName(): string {
  const nav = globalThis.navigator as Navigator & { userAgentData?: { brands?: Array<{ brand: string }>; platform?: string } };
  const ua = nav.userAgent;
  let browser = 'Chromium';
  if (/Firefox\//.test(ua)) browser = 'Firefox';
  else {
    const brands = (nav.userAgentData?.brands ?? []).map((b) => b.brand);
    for (const name of ['Microsoft Edge', 'Brave', 'Opera', 'Vivaldi', 'Google Chrome']) {
      if (brands.includes(name)) {
        browser = name === 'Google Chrome' ? 'Chrome' : name;
        break;
      }
    }
  }
  const os = /Windows/.test(ua) ? 'Windows' : /Mac OS X|Macintosh/.test(ua) ? 'macOS' : /Linux|X11/.test(ua) ? 'Linux' : 'this computer';
  return `${browser} on ${os}`;
}
