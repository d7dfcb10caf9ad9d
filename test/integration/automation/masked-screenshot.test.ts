// maskedScreenshot in real Chromium: every secret field is painted over, in the page, inside
// an open shadow root and inside an iframe, whether or not the engine typed into it; the
// boxes are gone from the page afterwards; and a closed page gives no screenshot at all.
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { MASK_COLOR, maskedScreenshot } from '../../../automation/flows/masked-screenshot';
import { markSecretField } from '../../../automation/login/secret-fields';
import { useSharedBrowser } from './browser-fixture';

const browser = useSharedBrowser();

const FIELD = 'style="display:block;width:240px;height:40px;margin:16px;font-size:20px"';
const PAGE = `<!doctype html><html><body>
<input id="user" value="ada@example.test" ${FIELD}>
<input id="password" type="password" ${FIELD}>
<input id="code" autocomplete="one-time-code" ${FIELD}>
<div id="host"></div>
<iframe id="frame" style="width:320px;height:120px;border:0" srcdoc='<input id="inner" type="password" value="in the frame" ${FIELD}>'></iframe>
<script>
document.getElementById('host').attachShadow({ mode: 'open' }).innerHTML = '<input id="shadowed" type="password" value="in the shadow" ${FIELD}>';
</script>
</body></html>`;

function colorAt(png: Buffer, x: number, y: number): string {
  const image = PNG.sync.read(png);
  const i = (Math.round(y) * image.width + Math.round(x)) * 4;
  return `#${[0, 1, 2].map((k) => image.data[i + k]!.toString(16).padStart(2, '0')).join('')}`;
}

describe('maskedScreenshot', () => {
  it('paints over every secret field in the page, its shadow roots and its frames, and leaves the page as it was', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 800, height: 600 });
    await page.setContent(PAGE);
    await page.locator('#password').fill('correct horse battery staple');
    await page.locator('#code').fill('123456');
    await markSecretField(page.locator('#code'));
    await page.frameLocator('#frame').locator('#inner').waitFor();

    const png = await maskedScreenshot(page);
    expect(png).not.toBeNull();
    const centre = async (box: { x: number; y: number; width: number; height: number } | null): Promise<string> =>
      colorAt(png!, box!.x + box!.width / 2, box!.y + box!.height / 2);
    expect(await centre(await page.locator('#password').boundingBox())).toBe(MASK_COLOR);
    expect(await centre(await page.locator('#code').boundingBox())).toBe(MASK_COLOR);
    expect(await centre(await page.locator('#shadowed').boundingBox())).toBe(MASK_COLOR);
    expect(await centre(await page.frameLocator('#frame').locator('#inner').boundingBox())).toBe(MASK_COLOR);
    // The username is not a secret.
    expect(await centre(await page.locator('#user').boundingBox())).not.toBe(MASK_COLOR);

    const leftOver = await Promise.all(page.frames().map((frame) => frame.locator('[data-tessera-mask]').count()));
    expect(leftOver.every((count) => count === 0)).toBe(true);
  });

  it('gives no screenshot of a page that closed', async () => {
    const page = await browser.newPage();
    await page.setContent(PAGE);
    await page.close();
    expect(await maskedScreenshot(page)).toBeNull();
  });
});
