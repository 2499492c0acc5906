/**
 * The API's documentation as a person opens it, in Debian's Chromium at phone size: /docs (Swagger UI,
 * served from the npm package) lists the routes of /openapi.json; /redoc loads the bundle REDOC_JS_URL
 * names and hands it /openapi.json, under the page's Content-Security-Policy. The machine has no
 * internet, so REDOC_JS_URL points at a stand-in served here that does what ReDoc's standalone bundle
 * does first: read <redoc spec-url>, fetch that document, and render its paths. Screenshots go to
 * apps/api/test-results/ (gitignored).
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchChromium } from '@hotspot/fake-gateways/chromium';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';

const SHOTS = new URL('../test-results/', import.meta.url);

/** ReDoc's first steps, in the page: the document named by <redoc spec-url>, its paths listed. */
const REDOC_STAND_IN = `
(async () => {
  const element = document.querySelector('redoc');
  const spec = await (await fetch(element.getAttribute('spec-url'))).json();
  const list = document.createElement('ul');
  list.setAttribute('data-redoc-stand-in', spec.info.title);
  for (const [path, operations] of Object.entries(spec.paths)) {
    for (const method of Object.keys(operations)) {
      const item = document.createElement('li');
      item.textContent = method.toUpperCase() + ' ' + path;
      list.append(item);
    }
  }
  element.append(list);
})();
`;

let browser: Browser;
let app: TestApp;
let redocHost: Server;
let redocJsUrl: string;

beforeAll(async () => {
  redocHost = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/javascript' }).end(REDOC_STAND_IN);
  });
  await new Promise<void>((resolve) => redocHost.listen(0, '127.0.0.1', resolve));
  redocJsUrl = `http://127.0.0.1:${(redocHost.address() as AddressInfo).port}/redoc.standalone.js`;
  [browser, app] = await Promise.all([launchChromium(), startTestApp({ config: { redocJsUrl } })]);
  mkdirSync(SHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await new Promise((resolve) => redocHost?.close(resolve));
});

/** A phone-size page that records the console's errors and the page's own failures. */
async function phonePage(): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 1 });
  await context.addInitScript(
    "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))",
  );
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return { page, problems };
}

/** Every "METHOD /path" of /openapi.json. */
async function documentedOperations(): Promise<string[]> {
  const spec = (await app.request('GET', '/openapi.json')).body;
  return Object.entries<Record<string, unknown>>(spec.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

describe('API documentation pages', () => {
  it('/openapi.json is OpenAPI 3.1 with the legacy routes and no documentation route', async () => {
    const res = await app.request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const operations = await documentedOperations();
    expect(operations).toEqual(
      expect.arrayContaining(['POST /api/v1/auth/login', 'GET /admin/usuarios', 'GET /api/v1/catalogo_perfiles_venta']),
    );
    expect(operations.filter((o) => /\/(docs|redoc|openapi\.json)\b/.test(o) || o.startsWith('OPTIONS'))).toEqual([]);
  });

  it('/docs renders every documented route in Swagger UI, with nothing loaded from elsewhere', async () => {
    const { page, problems } = await phonePage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(`${app.url}/docs`);
    await page.locator('.opblock').first().waitFor();
    const shown = await page
      .locator('.opblock')
      .evaluateAll((blocks) =>
        blocks.map(
          (b) =>
            `${b.querySelector('.opblock-summary-method')?.textContent} ${b.querySelector('.opblock-summary-path')?.getAttribute('data-path')}`,
        ),
      );
    expect(shown.sort()).toEqual((await documentedOperations()).sort());
    expect(await page.locator('.info .title').textContent()).toContain('3.1');
    await page.screenshot({ path: new URL('docs-swagger-ui.png', SHOTS).pathname });
    expect(requested.filter((url) => !url.startsWith(app.url))).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('/redoc loads the REDOC_JS_URL bundle, which reads /openapi.json under the page policy', async () => {
    const { page, problems } = await phonePage();
    const res = await page.goto(`${app.url}/redoc`);
    expect(res?.headers()['content-security-policy']).toContain(`script-src 'self' ${new URL(redocJsUrl).origin}`);
    const list = page.locator('redoc [data-redoc-stand-in]');
    await list.waitFor();
    expect(await list.getAttribute('data-redoc-stand-in')).toBe((await app.request('GET', '/openapi.json')).body.info.title);
    expect(await list.locator('li').allTextContents()).toEqual(await documentedOperations());
    await page.screenshot({ path: new URL('docs-redoc.png', SHOTS).pathname });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
