// The ScreenCapture of the desktop app: one picture of the display under the pointer, at its
// full pixel resolution, through Electron's desktopCapturer. Tessera's own window is hidden
// for the moment of the capture, so the site's setup page behind it is what gets captured.
import { desktopCapturer, screen, type BrowserWindow } from 'electron';
import { TesseraError } from '../errors';
import type { ScreenCapture } from '../mfa';

// Long enough for the window manager to take the hidden window off the screen.
const HIDE_SETTLE_MS = 250;

export function electronScreenCapture(window: () => BrowserWindow | null): ScreenCapture {
  return {
    async captureScreen() {
      const display = screen.getDisplayNearestPoint(screen.getCursorScreenPoint());
      const thumbnailSize = { width: Math.round(display.size.width * display.scaleFactor), height: Math.round(display.size.height * display.scaleFactor) };
      const shown = window();
      const hide = shown !== null && !shown.isDestroyed() && shown.isVisible();
      if (hide) {
        shown.hide();
        await new Promise((done) => setTimeout(done, HIDE_SETTLE_MS));
      }
      try {
        const sources = await desktopCapturer.getSources({ types: ['screen'], thumbnailSize });
        const source = sources.find((candidate) => candidate.display_id === String(display.id)) ?? sources[0];
        if (!source || source.thumbnail.isEmpty()) {
          throw new TesseraError('SCREEN_CAPTURE_FAILED', 'The screen could not be captured. On macOS, allow Tessera under System Settings → Privacy & Security → Screen Recording, then try again.');
        }
        return source.thumbnail.toPNG();
      } finally {
        if (hide) shown.show();
      }
    },
  };
}
