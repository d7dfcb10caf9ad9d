// Keeps every web contents on the app's own origin: navigation and redirects elsewhere are
// stopped, window.open is denied (vetted https links go to the OS browser instead),
// <webview> cannot be attached, and permission requests and checks are denied.
import { app, session, shell, type WebContents } from 'electron';
import { isSafeExternalUrl } from '../platform/external-links';
import { isAppUrl as isAllowed, schemeForLog as safeScheme } from './navigation-policy';
import type { Logger } from '../logger';

export function installNavigationGuards(allowedOrigins: ReadonlySet<string>, log: Logger): void {
  const isAppUrl = (url: string) => isAllowed(url, allowedOrigins);

  app.on('web-contents-created', (_event, contents: WebContents) => {
    const stopOffOrigin = (event: { preventDefault(): void }, url: string) => {
      if (!isAppUrl(url)) {
        event.preventDefault();
        log.warn('navigation.blocked', { scheme: safeScheme(url) });
      }
    };
    contents.on('will-navigate', stopOffOrigin);
    contents.on('will-redirect', stopOffOrigin);
    contents.on('will-frame-navigate', (event) => {
      if (!isAppUrl(event.url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      /*! eng-disable OPEN_EXTERNAL_JS_CHECK: only URLs that pass isSafeExternalUrl (https, no credentials) reach the OS */
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
      else log.warn('window_open.blocked', { scheme: safeScheme(url) });
      return { action: 'deny' };
    });
  });

  app.on('session-created', denyPermissions);
  app.whenReady().then(() => denyPermissions(session.defaultSession));
}

function denyPermissions(ses: Electron.Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}
