/**
 * The mock's own login page in a real browser (Debian's Chromium through playwright-core): CHAP
 * computed by its md5.js in the page, as on a router's stock page.
 */
import { launchChromium } from '@hotspot/fake-gateways/chromium';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggedInClient, routerForTest } from './helpers/router.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('the built-in login page in Chromium', () => {
  it('logs the browser in with CHAP (the password never leaves the page) and lands on dst', async () => {
    const router = await routerForTest({ hotspotHttp: true });
    const client = await loggedInClient(router);
    await client.command(['/ip/hotspot/user/add', '=name=visitor', '=password=s3cret']);
    router.state.add('/file', {
      name: 'hotspot/landed.html',
      contents: '<link rel="icon" href="data:,"><p id="landed">landed, logged-in=$(logged-in)</p>',
    });
    const base = router.hotspotUrl!;
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    const posted: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posted.push(request.postData() ?? '');
    });

    await page.goto(`${base}/login?dst=${encodeURIComponent(`${base}/landed.html`)}`);
    await page.fill('input[name=username]:visible', 'visitor');
    await page.fill('input[name=password]:visible', 'wrong');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('#error').catch(() => null)).toBe('invalid username or password');

    await page.fill('input[name=username]:visible', 'visitor');
    await page.fill('input[name=password]:visible', 's3cret');
    await Promise.all([page.waitForURL(`${base}/landed.html`), page.click('button[type=submit]')]);
    expect(await page.textContent('#landed')).toBe('landed, logged-in=yes');
    expect(router.state.items('/ip/hotspot/active')).toMatchObject([
      { user: 'visitor', 'login-by': 'http-chap', address: '127.0.0.1', 'mac-address': '02:00:7F:00:00:01' },
    ]);
    expect(posted).toHaveLength(2);
    for (const body of posted) {
      expect(body).not.toContain('s3cret');
      expect(new URLSearchParams(body).get('password')).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(problems).toEqual([]);
    await page.close();
  });
});
