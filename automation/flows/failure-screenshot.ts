// One screenshot of the page a flow stopped on, for the run record: the viewport with every
// password and code field painted over (the same masks as a login run's screenshots).
import type { Page } from 'playwright-core';
import { secretFieldMasks } from '../login/secret-fields';
import { MASK_COLOR } from './run-capture';

export async function maskedFailureScreenshot(page: Page): Promise<Buffer | null> {
  if (page.isClosed()) return null;
  try {
    return await page.screenshot({ type: 'png', mask: secretFieldMasks(page), maskColor: MASK_COLOR, timeout: 5_000, animations: 'disabled' });
  } catch {
    // A page that crashed or closed has nothing to show; the report says why.
    return null;
  }
}
