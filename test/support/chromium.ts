// Launches the machine's real Chromium through playwright-core (never a downloaded browser).
// TESSERA_CHROMIUM overrides the path; HEADED=1 shows the window (under xvfb-run in CI).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export function chromiumPath(): string {
  const candidates = [process.env['TESSERA_CHROMIUM'], '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((path): path is string => !!path && existsSync(path));
  if (!found) throw new Error('No Chromium found: install Debian\'s chromium package or set TESSERA_CHROMIUM.');
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: process.env['HEADED'] !== '1',
    args: CHROMIUM_ARGS,
  });
}
