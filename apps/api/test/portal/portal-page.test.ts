/**
 * The hosted portal page in Debian's Chromium (one browser for the file), against the real service,
 * the mock router's hotspot login servlet and the fake gateways' SDK stand-ins (Conekta.js, Mercado
 * Pago's card form): from the router's login.html (the generated kit) to an active session, paid by
 * card or in cash, under the empresa's name, logo and colours and its Content-Security-Policy (a
 * violation is a console error here, so every test's `problems` covers it), with screenshots of
 * every step under apps/api/test-results/ (gitignored).
 */
import { mkdirSync } from 'node:fs';
import { startFakeGateways, TEST_CARDS, type FakeGateways } from '@hotspot/fake-gateways';
import { launchChromium } from '@hotspot/fake-gateways/chromium';
import { startMockRouter, type MockRouter } from '@hotspot/mock-routeros';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RECONCILE_OPTIONS, reconcileOnce } from '../../src/payments/reconcile.js';
import { reconcileDepsFor } from '../../src/payments/reconcile-deps.js';
import { startTestApp, testConfig, type TestApp } from '../helpers/app.js';
import { superAdminToken } from '../helpers/seed.js';
import { replaceLogo } from '../../src/db/company-logos.js';
import { updateCompany } from '../../src/db/companies.js';
import { chargesOf, PLAN_PROFILES } from '../payments/env.js';
import { ringPng } from '../helpers/png.js';
import { CONEKTA_KEY, MP_TOKEN, seedShop, type Shop } from '../payments/shop.js';

/** The browser's device as the mock hotspot sees it (a browser on the machine is 127.0.0.1). */
const DEVICE_MAC = '02:00:7F:00:00:01';
const SHOTS = new URL('../../test-results/', import.meta.url);
const PAGE_BUDGET_BYTES = 60 * 1024;
/** The empresa's colours: white text on the purple, dark text on the amber badge. */
const BRAND = { primary: '#6a1b9a', secondary: '#ffc107' };

let browser: Browser;
let mock: MockRouter;
let fakes: FakeGateways;
let app: TestApp;
let shop: Shop;
let token: string;
let page: Page;
let hotspotUrl: string;
let problems: string[];

beforeAll(async () => {
  [mock, fakes, browser] = await Promise.all([
    startMockRouter({ profiles: PLAN_PROFILES, hotspotHttp: { loginBy: 'http-chap,http-pap' } }),
    startFakeGateways({ conekta: { privateKey: CONEKTA_KEY }, mercadoPago: { accessToken: MP_TOKEN } }),
    launchChromium(),
  ]);
  app = await startTestApp({
    config: {
      gateways: { conektaUrl: fakes.conekta.url, mercadoPagoUrl: fakes.mercadoPago.url, timeoutMs: 1500 },
      portal: { conektaJsUrl: fakes.conekta.sdkUrl, mercadoPagoJsUrl: fakes.mercadoPago.sdkUrl },
      routerTimeoutMs: 1000,
      // One browser is one device buying over and over here; the card-testing limits have their own tests.
      purchase: { ...testConfig().purchase, perMac: { maxAttempts: 100, windowSeconds: 600 } },
    },
  });
  if (!mock.hotspotUrl) throw new Error('the mock router runs no hotspot servlet');
  hotspotUrl = mock.hotspotUrl;
  shop = await seedShop(app.db, app.secrets, { port: mock.port });
  await updateCompany(app.db, shop.company.id, { primary_color: BRAND.primary, secondary_color: BRAND.secondary, sells_cash: true });
  const logo = { file_name: `logo_${shop.company.id}_0a1b2c.png`, company_id: shop.company.id, content_type: 'image/png' };
  await replaceLogo(app.db, { ...logo, image: ringPng(88, [106, 27, 154]) }, new Date());
  await app.db
    .updateTable('productos')
    .set({ time_limit: '1h', validity: '7d', validity_start: 'purchase', destacado: true })
    .where('id', '=', shop.plan.id)
    .execute();
  token = await superAdminToken(app);
  const kit = await app.request('GET', `/api/v1/admin/routers/${shop.router.id}/portal-kit`, { token });
  expect(kit.status).toBe(200);
  mock.state.add('/file', { name: 'hotspot/login.html', contents: kit.body.files['login.html'] });
  mkdirSync(SHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await Promise.all([fakes?.close(), mock?.close()]);
});

async function openPortal(locale = 'es-MX'): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, locale, deviceScaleFactor: 1 });
  // A CSP violation is reported as an event only: say it where the test listens.
  await context.addInitScript(
    "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))",
  );
  page = await context.newPage();
  problems = [];
  // The portal's own problems; the mock router's pages (its favicon 404s) are not under test.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.location().url.startsWith(hotspotUrl)) problems.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(e.message));
  // The device asks for a site; the hotspot shows login.html, which sends it to the hosted page.
  await page.goto(`${hotspotUrl}/login?dst=${encodeURIComponent(`${hotspotUrl}/status`)}`);
  await page.waitForURL(/\/portal\//);
  await page.locator('.plan').first().waitFor();
}

afterEach(async () => {
  await page?.context().close();
  // The device logs out so the next test starts at the login page again.
  await fetch(`${hotspotUrl}/logout`);
});

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: new URL(`portal-${name}.png`, SHOTS).pathname, fullPage: true });
}

async function noHorizontalScroll(): Promise<void> {
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
}

async function fillCheckout(card: string, planIndex = 0): Promise<void> {
  await page.locator('.plan').nth(planIndex).click();
  await page.fill('#name', 'Ana López');
  await page.fill('#email', 'ana@example.com');
  await page.fill('#phone', '5512345678');
  await page.fill('#card-name', 'ANA LOPEZ');
  await page.fill('#card-number', card);
  await page.fill('#exp-month', '12');
  await page.fill('#exp-year', '2030');
  await page.fill('#cvc', '123');
}

function activeSession(): Record<string, string> | undefined {
  return mock.state.items('/ip/hotspot/active').find((s) => s['mac-address'] === DEVICE_MAC);
}

async function loginBy(methods: string): Promise<void> {
  await app.payments.routerExec(shop.router)('/ip/hotspot/profile/set', { numbers: 'hsprof1', 'login-by': methods });
}

function settleNow(): Promise<unknown> {
  const deps = reconcileDepsFor({ db: app.db, secrets: app.secrets, now: () => new Date() }, app.payments);
  return reconcileOnce(deps, { ...DEFAULT_RECONCILE_OPTIONS, unresolvedAfterMs: 0, staleAfterMs: 0, retryAfterMs: 0, cashRetryAfterMs: 0 });
}

async function connectDevice(prefix: string): Promise<void> {
  await page.click('#connect');
  await page.waitForURL(`${hotspotUrl}/status`);
  await shot(`${prefix}-connected`);
}

async function purchaseAndConnect(prefix: string): Promise<{ username: string; receipt: string }> {
  await openPortal();
  await noHorizontalScroll();
  await shot(`${prefix}-1-plans`);
  await fillCheckout(TEST_CARDS.approveVisa);
  await shot(`${prefix}-2-checkout`);
  await page.click('#pay');
  await page.locator('#done').waitFor();
  await noHorizontalScroll();
  await shot(`${prefix}-3-credentials`);
  const username = (await page.textContent('#username'))!;
  const receipt = (await page.textContent('#receipt'))!;
  await connectDevice(`${prefix}-4`);
  return { username, receipt };
}

describe('the hosted portal page in Chromium', () => {
  it('buys a plan from the router login page and logs the device in with CHAP', async () => {
    await loginBy('http-chap');
    const { username } = await purchaseAndConnect('chap');
    expect(activeSession()).toMatchObject({ user: username, 'login-by': 'http-chap' });
    expect(problems).toEqual([]);
  }, 30_000);

  it('logs the device in with PAP when the hotspot asks for plain passwords', async () => {
    await loginBy('http-pap');
    const { username } = await purchaseAndConnect('pap');
    expect(activeSession()).toMatchObject({ user: username, 'login-by': 'http-pap' });
    expect(problems).toEqual([]);
    await loginBy('http-chap,http-pap');
  }, 30_000);

  it('stays under the page-weight budget before the SDK', async () => {
    const sizes: Array<{ url: string; bytes: number }> = [];
    const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
    const measured = await context.newPage();
    measured.on('response', async (response) => {
      const body = await response.body().catch(() => Buffer.alloc(0));
      sizes.push({ url: response.url(), bytes: body.length + JSON.stringify(response.headers()).length });
    });
    await measured.goto(`${app.url}/portal/${shop.router.id}`);
    await measured.locator('.plan').first().waitFor();
    await context.close();
    const own = sizes.filter((s) => s.url.startsWith(app.url)).reduce((sum, s) => sum + s.bytes, 0);
    process.stdout.write(`portal page weight before the SDK: ${own} bytes (budget ${PAGE_BUDGET_BYTES})\n`);
    expect(own).toBeGreaterThan(0);
    expect(own).toBeLessThan(PAGE_BUDGET_BYTES);
  });

  it('shows a decline in Spanish and lets the customer retry with another card', async () => {
    await openPortal();
    await fillCheckout(TEST_CARDS.decline);
    await page.click('#pay');
    const message = page.locator('#pay-msg');
    await message.waitFor();
    expect(await message.textContent()).toContain('Pago rechazado: Tarjeta declinada');
    await shot('decline-1-message');
    expect(await page.isEnabled('#pay')).toBe(true);
    await page.fill('#card-number', TEST_CARDS.approveMastercard);
    await page.click('#pay');
    await page.locator('#done').waitFor();
    await shot('decline-2-retry-paid');
    expect(problems).toEqual([]);
  }, 30_000);

  it('shows a pending payment and the credentials once it is paid', async () => {
    await openPortal();
    await fillCheckout(TEST_CARDS.pending);
    await page.click('#pay');
    await page.locator('#pending-text').waitFor();
    await shot('pending-1-waiting');
    const charge = fakes.conekta.charges.at(-1)!;
    fakes.conekta.setStatus(charge.id, 'approved');
    await settleNow();
    await page.locator('#done').waitFor({ timeout: 10_000 });
    await shot('pending-2-paid');
    expect(await page.textContent('#username')).toMatch(/^[a-z2-9]{10}$/);
    expect(problems).toEqual([]);
  }, 30_000);

  it('charges once when the pay button is double-clicked, and once when the same key is sent twice', async () => {
    await openPortal();
    await fillCheckout(TEST_CARDS.approveVisa);
    const before = fakes.conekta.charges.length;
    await page.dblclick('#pay');
    await page.locator('#done').waitFor();
    expect(fakes.conekta.charges.length).toBe(before + 1);
    // The same attempt sent twice at once (a retry racing the first): one charge, one answer.
    const answers = await page.evaluate(
      async ({ base, productoId }) => {
        const body = JSON.stringify({
          key: 'a'.repeat(32),
          producto_id: productoId,
          card_token: 'tok_test_visa_4242',
          name: 'Ana',
          email: 'ana@example.com',
        });
        const send = () => fetch(`${base}/purchases`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const [first, second] = await Promise.all([send(), send()]);
        const third = await send();
        const { transaction_id } = (await third.json()) as { transaction_id: string };
        return { statuses: [first.status, second.status], retry: third.status, transactionId: transaction_id };
      },
      { base: `/portal/${shop.router.id}`, productoId: shop.plan.id },
    );
    // The racing copy either waits its turn (409) or, if the first had finished, gets its answer again.
    expect(answers.statuses).toContain(200);
    for (const status of answers.statuses) expect([200, 409]).toContain(status);
    expect(answers.retry).toBe(200);
    expect(chargesOf(fakes, answers.transactionId)).toHaveLength(1);
  }, 30_000);

  it('recovers the credentials by receipt code and by e-mail and the card last four', async () => {
    await openPortal();
    await fillCheckout(TEST_CARDS.approveVisa);
    await page.click('#pay');
    await page.locator('#done').waitFor();
    const username = await page.textContent('#username');
    const receipt = (await page.textContent('#receipt'))!;
    await page.context().close();

    await openPortal();
    await page.click('#recover summary');
    await page.fill('#receipt-code', 'ZZZZ-ZZZZ');
    await page.click('#by-receipt button');
    await page.locator('#recover-msg').waitFor();
    expect(await page.textContent('#recover-msg')).toContain('No encontramos');
    await shot('recover-1-not-found');
    await page.fill('#receipt-code', receipt.toLowerCase());
    await page.click('#by-receipt button');
    await page.locator('#done').waitFor();
    expect(await page.textContent('#username')).toBe(username);
    await shot('recover-2-by-receipt');
    await page.context().close();

    await openPortal();
    await page.click('#recover summary');
    await page.fill('#rec-email', 'ANA@example.com');
    await page.fill('#rec-last4', '4242');
    await page.click('#by-card button');
    await page.locator('#done').waitFor();
    expect(await page.textContent('#username')).toMatch(/^[a-z2-9]{10}$/);
    expect(problems).toEqual([]);
  }, 30_000);

  it("shows the empresa's name, logo and colours, and each plan's limits in words", async () => {
    await openPortal();
    expect(await page.textContent('header h1')).toBe('WiFi Plaza');
    expect(await page.evaluate<string>("getComputedStyle(document.querySelector('header')).backgroundColor")).toBe('rgb(106, 27, 154)');
    expect(await page.evaluate<string>("getComputedStyle(document.querySelector('header')).color")).toBe('rgb(255, 255, 255)');
    expect(await page.evaluate<string>("getComputedStyle(document.querySelector('.badge')).backgroundColor")).toBe('rgb(255, 193, 7)');
    expect(await page.evaluate<string>("getComputedStyle(document.querySelector('.badge')).color")).toBe('rgb(17, 24, 39)');
    // The logo came from the database, through /static/logos/, within the page's policy.
    expect(await page.evaluate<number>("document.querySelector('header img.logo').naturalWidth")).toBe(88);
    expect(await page.locator('.plan').first().locator('.limits').textContent()).toBe('1 hora de uso, válido 7 días');
    await noHorizontalScroll();
    await shot('brand-1-plans');
    expect(problems).toEqual([]);
  });

  it('keeps a Content-Security-Policy that lets the flow run and stops an injected script', async () => {
    const res = await fetch(`${app.url}/portal/${shop.router.id}?link-login-only=${encodeURIComponent(`${hotspotUrl}/login`)}`);
    const policy = res.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    expect(await res.text()).toContain(`<script nonce="${nonce}">`);
    expect(policy).toContain(`script-src 'nonce-${nonce}' ${fakes.conekta.url}`);
    expect(policy).toContain(`form-action 'self' ${hotspotUrl}`);
    expect(policy).not.toContain('unsafe-inline');
    // The purchase tests run under it with no violation; here a script slipped into the page is refused.
    await openPortal();
    await page.evaluate("const s = document.createElement('script'); s.textContent = 'window.injected = 1'; document.body.append(s)");
    await expect.poll(() => problems.some((p) => p.startsWith('CSP violation: script-src'))).toBe(true);
    expect(await page.evaluate<unknown>('window.injected')).toBeUndefined();
  });

  it("buys through Mercado Pago's card form when that is the empresa's gateway", async () => {
    await app.db.updateTable('empresas').set({ conekta_public_key: null }).where('id', '=', shop.company.id).execute();
    try {
      const before = fakes.mercadoPago.charges.length;
      const { username } = await purchaseAndConnect('mp');
      expect(fakes.mercadoPago.charges.length).toBe(before + 1);
      const charge = fakes.mercadoPago.charges.at(-1)!;
      expect(charge.status).toBe('approved');
      expect(charge.request).toMatchObject({ payment_method_id: 'visa', installments: 1, issuer_id: '1', transaction_amount: 19.99 });
      expect(activeSession()).toMatchObject({ user: username });
      expect(problems).toEqual([]);
    } finally {
      await app.db
        .updateTable('empresas')
        .set({ conekta_public_key: shop.company.conekta_public_key })
        .where('id', '=', shop.company.id)
        .execute();
    }
  }, 30_000);

  it('sells for cash: the reference, amount, expiry and slip, then the credentials once paid, and the device logged in', async () => {
    await openPortal();
    await page.locator('.plan').first().click();
    await page.fill('#name', 'Ana López');
    await page.fill('#email', 'ana@example.com');
    await page.click('#pay-cash');
    await page.locator('#cash').waitFor();
    const charge = fakes.conekta.charges.at(-1)!;
    expect(charge.cash).toBeDefined();
    expect(await page.textContent('#cash-ref')).toBe(charge.cash!.reference);
    // The 20 digits stand on one line at phone size, inside their box.
    expect(charge.cash!.reference).toHaveLength(20);
    const ref = await page.locator('#cash-ref').evaluate((output) => {
      const box = output.getBoundingClientRect();
      return {
        height: box.height,
        lineHeight: parseFloat(output.ownerDocument.defaultView!.getComputedStyle(output).lineHeight),
        fits: output.scrollWidth <= output.clientWidth,
      };
    });
    expect(ref.height).toBeLessThan(ref.lineHeight * 1.5);
    expect(ref.fits).toBe(true);
    expect(await page.textContent('#cash-amount')).toBe('$19.99');
    expect(await page.textContent('#cash-expires')).toMatch(/\d{4}/);
    expect(await page.getAttribute('#cash-voucher', 'href')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    await noHorizontalScroll();
    await shot('cash-1-reference');
    fakes.conekta.payCash(charge.id);
    await settleNow();
    // The page polls its purchase every 5 s.
    await page.locator('#done').waitFor({ timeout: 15_000 });
    await shot('cash-2-paid');
    const username = await page.textContent('#username');
    await connectDevice('cash-3');
    expect(activeSession()).toMatchObject({ user: username });
    expect(problems).toEqual([]);
  }, 40_000);

  it('speaks English to an English browser', async () => {
    await openPortal('en-US');
    expect(await page.textContent('#plans h2')).toBe('Choose your plan');
    expect(await page.locator('.plan').first().locator('.limits').textContent()).toBe('1 hour of use, valid 7 days');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await noHorizontalScroll();
    await shot('en-1-plans');
    expect(problems).toEqual([]);
  });
});
