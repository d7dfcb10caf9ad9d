// The browser extension's bridge to the desktop app (issue 22): the socket the native host
// forwards to, the sealed per-connection sessions, what the extension may ask, the paired
// browsers kept in the vault, and installing the native host for the person's browsers.
export { BrowserBridgeService, BROWSER_EVENTS, PAIRING_TIMEOUT_MS } from './browser-bridge-service';
export type { BrowserBridgeOptions, PairedBrowser, PairingOutcome, PendingPairing } from './browser-bridge-service';
export { BrowserPairings, type BrowserPairing, type BrowserPairingSummary } from './browser-pairings';
export { BridgeOperations, accountAllowsOrigin, type BridgeOperationsOptions } from './bridge-operations';
export { BridgeSession } from './bridge-session';
export { startBridgeSocket, type BridgeSocket, type FrameConnection } from './bridge-socket';
export { bridgeSocketPath } from './socket-path';
export { installNativeHost, nativeHostStatus, uninstallNativeHost } from './native-host-install';
export { BROWSER_HOST_FLAG, runNativeHost } from './native-host-relay';
export type { HostCommand, NativeHostInstallOptions, NativeHostPlaceOptions, NativeHostLocation, NativeHostStatus } from './native-host-install';
