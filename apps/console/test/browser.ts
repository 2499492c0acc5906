/**
 * One Debian Chromium for a test file (playwright-core, never a downloaded browser), pages at phone
 * or desktop size, screenshots under apps/console/test-results/ (gitignored), and axe-core's check.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const SHOTS = new URL('../test-results/', import.meta.url);
export const PHONE = { width: 360, height: 640 };
export const DESKTOP = { width: 1280, height: 800 };

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export function launchChromium(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export interface ConsolePage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far (a page under test shows none). */
  problems: string[];
}

export async function openConsole(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number },
  locale = 'es-MX',
): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport, locale, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    // A refused call is the page's expected answer to show, and the plan preview's frame is meant
    // to run no script (Chromium says it blocked them); anything else is a problem.
    const expected = /status of (401|403|404|422)/.test(m.text()) || m.location().url.includes('/portal-preview');
    if (m.type() === 'error' && !expected) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${url}/panel/`);
  return { page, problems };
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: new URL(`${name}.png`, SHOTS).pathname, fullPage: true });
}

/** axe-core on the page as it is now: no serious or critical violation. Injected through the debugger, so the page's CSP stays on. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await (globalThis as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => `${v.id} (${v.impact}): ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
  expect(violations, where).toEqual([]);
}

/** The page is no wider than its viewport (nothing to scroll sideways on a phone). */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const width = page.viewportSize()!.width;
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
}
