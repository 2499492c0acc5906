import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startServer } from '../../src/server.js';

/** Serves fixed HTML pages on their own origin (not the fakes'), as a merchant's site would. */
export function servePages(pages: Record<string, string>) {
  return startServer((request) => {
    const page = pages[request.url.pathname];
    return { status: page === undefined ? 404 : 200, contentType: 'text/html; charset=utf-8', body: page ?? 'not found' };
  });
}

/** Problems the page reported: console errors and uncaught exceptions. */
export function pageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

/** Saves a screenshot under the package's test-results/ (gitignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = new URL('../../test-results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, dir).pathname, fullPage: true });
}
