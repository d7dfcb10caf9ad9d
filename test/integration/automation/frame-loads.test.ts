// followFrameLoads against the cross-origin iframe fixture whose error page waits for a script: the
// form's frame counts as unsettled until its new document is parsed, is settled again once it
// is gone, and frames that never held the form do not hold the evidence back.
import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { type FrameLoads, followFrameLoads } from '../../../automation/outcome/frame-loads';
import { start as iframeLogin } from '../../fixtures/sites/iframe-login/server';
import { useFixtureSites, useSharedBrowser } from './browser-fixture';

const browser = useSharedBrowser();
const started = useFixtureSites();

/** A script answer the test lets go of: until then the frame's error page cannot be parsed. */
function gate(): { wait: () => Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait: () => opened, open };
}

/**
 * Opens the fixture and submits a wrong password in its frame, following that frame's loads;
 * returns once the frame's error page asked for its held script.
 */
async function submitWrongPassword(script: ReturnType<typeof gate>): Promise<{ page: Page; frame: Frame; loads: FrameLoads }> {
  const site = await started(iframeLogin({ slowErrorScript: script.wait }));
  const page = await browser.newPage();
  await page.goto(site.url, { waitUntil: 'load' });
  const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
  if (!frame) throw new Error('the fixture shows no frame');
  await frame.fill('#user', 'ada@example.test');
  await frame.fill('#pass', 'not the password');
  const loads = followFrameLoads(page, frame);
  const widgetRequested = page.waitForRequest((request) => request.url().endsWith('/frame/widget.js'));
  await frame.click('button');
  await widgetRequested;
  return { page, frame, loads };
}

describe('followFrameLoads', () => {
  it('holds the form frame unsettled until its new document is parsed', async () => {
    const script = gate();
    const { frame, loads } = await submitWrongPassword(script);
    // The answer is in, but the parser waits for the held script: no form, no error yet.
    expect(await frame.locator('form').count()).toBe(0);
    expect(loads.settled()).toBe(false);
    const generation = loads.generation();
    script.open();
    await expect.poll(() => loads.settled()).toBe(true);
    expect(loads.generation()).toBeGreaterThan(generation);
    expect(await frame.locator('.error').innerText()).toBe('Invalid email or password.');
    loads.stop();
  });

  it('counts a form frame that was removed while loading as settled (it is gone)', async () => {
    const script = gate();
    const { page, loads } = await submitWrongPassword(script);
    expect(loads.settled()).toBe(false);
    await page.evaluate(() => document.querySelector('iframe')?.remove());
    await expect.poll(() => loads.settled()).toBe(true);
    loads.stop();
    script.open();
  });

  it('ignores frames that never held the form', async () => {
    const script = gate();
    const site = await started(iframeLogin({ slowErrorScript: script.wait }));
    const page = await browser.newPage();
    await page.goto(site.url, { waitUntil: 'load' });
    const loads = followFrameLoads(page);
    const widgetRequested = page.waitForRequest((request) => request.url().endsWith('/frame/widget.js'));
    // An advert-like frame next to the form loads for seconds; the main frame holds the form here.
    await page.evaluate((url) => {
      const frame = document.createElement('iframe');
      frame.src = url;
      document.body.append(frame);
    }, `${site.state.frameOrigin}/frame/widget.js`);
    await widgetRequested;
    expect(loads.settled()).toBe(true);
    loads.stop();
    script.open();
  });
});
