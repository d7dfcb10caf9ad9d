// The app:// protocol: serves the built renderer with a strict CSP header. Registered as a
// standard, secure scheme so the renderer gets a real origin (app://tessera) the IPC guard
// can check, instead of file:// which every local page shares.
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { contentSecurityPolicy } from './content-security-policy';
import { mimeTypeOf, resolveAppAsset } from './app-asset-path';

export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRendererOverAppProtocol(rendererRoot: string): void {
  const csp = contentSecurityPolicy();
  protocol.handle('app', async (request) => {
    const file = resolveAppAsset(rendererRoot, request.url);
    if (file === null) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'Content-Type': mimeTypeOf(file),
          'Content-Security-Policy': csp,
          'X-Content-Type-Options': 'nosniff',
          'Cross-Origin-Opener-Policy': 'same-origin',
          'Cross-Origin-Resource-Policy': 'same-origin',
          'Referrer-Policy': 'no-referrer',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
