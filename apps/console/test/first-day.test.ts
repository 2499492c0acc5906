/**
 * An operator's first day in the console, in Debian's Chromium against the real service, the mock
 * router and the fake Conekta: the super admin creates the empresa, its admin and adds the router;
 * the admin tests it, sets the gateway, creates a plan from a live profile, previews it, a device
 * buys it on the hosted portal, the sale shows on the dashboard and is refunded from the sales page. In Spanish at phone size, then
 * every page in English at desktop size; axe-core on each; screenshots under test-results/.
 */
import { startFakeGateways, TEST_CARDS, type FakeGateways } from '@hotspot/fake-gateways';
import { startMockRouter, type MockRouter } from '@hotspot/mock-routeros';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSuperAdmin } from '../../api/src/bootstrap.js';
import { startTestApp, type TestApp } from '../../api/test/helpers/app.js';
import { ringPng } from '../../api/test/helpers/png.js';
import { clientAdminToken, createCompany, login, SUPER_ADMIN } from '../../api/test/helpers/seed.js';
import { DESKTOP, expectAccessible, expectNoHorizontalScroll, launchChromium, openConsole, PHONE, shot } from './browser.js';

const CONEKTA_PRIVATE = 'key_test_first_day';
const ROUTER_PASSWORD = 'router-secret';
const ADMIN = { email: 'ana@cafe.example', password: 'ana-password-1' };

let browser: Browser;
let mock: MockRouter;
let fakes: FakeGateways;
let app: TestApp;

beforeAll(async () => {
  [mock, fakes, browser] = await Promise.all([
    startMockRouter({
      profiles: [
        { name: '1h', 'session-timeout': '1h' },
        { name: '1d', 'session-timeout': '1d' },
      ],
      password: ROUTER_PASSWORD,
    }),
    startFakeGateways({ conekta: { privateKey: CONEKTA_PRIVATE } }),
    launchChromium(),
  ]);
  app = await startTestApp({
    config: {
      gateways: { conektaUrl: fakes.conekta.url, mercadoPagoUrl: fakes.mercadoPago.url, timeoutMs: 1500 },
      portal: { conektaJsUrl: fakes.conekta.sdkUrl, mercadoPagoJsUrl: fakes.mercadoPago.sdkUrl },
      routerTimeoutMs: 1000,
    },
  });
  await ensureSuperAdmin(app.db, SUPER_ADMIN);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await Promise.all([fakes?.close(), mock?.close()]);
});

async function signIn(
  page: Page,
  email: string,
  password: string,
  labels = { email: 'Correo electrónico', password: 'Contraseña', submit: 'Iniciar sesión' },
) {
  await page.getByLabel(labels.email).fill(email);
  await page.getByLabel(labels.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: labels.submit }).click();
}

async function go(page: Page, link: string): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: link }).waitFor();
}

describe('the operator console in Chromium', () => {
  it("walks an operator's first day, from sign-in to a sold plan on the dashboard (Spanish, phone)", async () => {
    const { page, problems } = await openConsole(browser, app.url, PHONE);
    await page.getByRole('heading', { name: 'Consola del operador' }).waitFor();
    await expectAccessible(page, 'sign-in');
    await shot(page, 'es-phone-01-sign-in');

    // The super admin: the empresa, its admin, the router.
    await signIn(page, SUPER_ADMIN.email, SUPER_ADMIN.password);
    await page.getByRole('heading', { level: 1, name: 'Plataforma' }).waitFor();
    await go(page, 'Empresas');
    await page.getByLabel('Nombre', { exact: true }).fill('Café Centro');
    await page.getByRole('button', { name: 'Crear empresa' }).click();
    await page.locator('tr[data-company="Café Centro"]').waitFor();
    await expectAccessible(page, 'companies');
    await shot(page, 'es-phone-02-companies');

    await go(page, 'Usuarios');
    await page.getByLabel('Nombre', { exact: true }).fill('Ana');
    await page.getByLabel('Correo electrónico').fill(ADMIN.email);
    await page.getByLabel('Contraseña', { exact: true }).fill(ADMIN.password);
    await page.getByLabel('Empresa').selectOption({ label: 'Café Centro' });
    await page.getByRole('button', { name: 'Crear usuario' }).click();
    await page.getByRole('cell', { name: ADMIN.email }).waitFor();

    await go(page, 'Routers');
    await page.getByLabel('Empresa').selectOption({ label: 'Café Centro' });
    await page.getByLabel('Nombre', { exact: true }).fill('Lobby');
    await page.getByLabel('Host o IP').fill('127.0.0.1');
    await page.getByLabel('Puerto').fill(String(mock.port));
    await page.getByLabel('Usuario de la API').fill('admin');
    await page.getByLabel('Contraseña', { exact: true }).fill(ROUTER_PASSWORD);
    await page.getByRole('button', { name: 'Agregar router' }).click();
    const newKey = page.locator('[data-new-api-key]');
    await newKey.waitFor();
    expect(await newKey.inputValue()).toMatch(/^\w+_[A-Za-z0-9_-]{20,}$/);
    await page.locator('details[data-router="Lobby"]').waitFor();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, 'routers (super admin)');
    await shot(page, 'es-phone-03-router-added');
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();

    // The empresa's admin: test the router, set the gateway, create and preview a plan.
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { level: 1, name: 'Panel' }).waitFor();
    await go(page, 'Routers');
    await page.locator('details[data-router="Lobby"] > summary').click();
    await page.getByRole('button', { name: 'Probar conexión' }).click();
    await expect.poll(() => page.locator('[data-test-result]').textContent()).toContain('Conectado');
    await page.getByRole('button', { name: 'Ver perfiles' }).click();
    await page.getByRole('table', { name: 'Perfiles de hotspot' }).getByRole('cell', { name: '1h', exact: true }).first().waitFor();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, 'routers');
    await shot(page, 'es-phone-04-router-tested');

    await go(page, 'Ajustes');
    await page.getByLabel('Public key').first().fill('key_public_first_day');
    await page.getByLabel('Private key').fill(CONEKTA_PRIVATE);
    await page.getByRole('region', { name: 'Pasarelas de pago' }).getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => page.locator('[data-configured="conekta"]').textContent()).toBe('Configurada');
    // The empresa's days: a zone with Mexico City's offset all year, so "today" is the same day either way.
    const companyData = page.getByRole('region', { name: 'Datos de la empresa' });
    await page.getByLabel('Zona horaria').selectOption('America/Costa_Rica');
    await companyData.getByRole('button', { name: 'Guardar' }).click();
    await companyData.getByText('Guardado').waitFor();
    // Branding: the logo (shown under the console's CSP), the portal's colour and cash sales.
    const branding = page.getByRole('region', { name: 'Marca del portal' });
    await page
      .getByLabel('Logo', { exact: true })
      .setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: ringPng(64, [170, 51, 0]) });
    await branding.getByRole('button', { name: 'Subir logo' }).click();
    await expect.poll(() => branding.locator('img[data-logo]').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(64);
    await page.getByLabel('Color principal').fill('#aa3300');
    await page.getByLabel('Vender en efectivo').check();
    await branding.getByRole('button', { name: 'Guardar' }).click();
    await branding.getByText('Guardado').waitFor();
    await page.reload();
    await expect.poll(() => page.getByLabel('Color principal').inputValue()).toBe('#aa3300');
    expect(await page.getByLabel('Zona horaria').inputValue()).toBe('America/Costa_Rica');
    expect(await page.getByLabel('Vender en efectivo').isChecked()).toBe(true);
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, 'settings');
    await shot(page, 'es-phone-05-settings');

    await go(page, 'Planes');
    await page.getByLabel('Perfil del router').selectOption('1d');
    await page.getByLabel('Nombre de venta').fill('Día completo');
    await page.getByLabel('Precio').fill('20');
    await page.getByLabel('Vigencia (ej. 7d)').fill('1d');
    await page.getByText('Se lee: 1 día').waitFor();
    await page.getByRole('button', { name: 'Crear plan' }).click();
    await page.locator('tr[data-plan="Día completo"]').waitFor();
    await page.getByRole('button', { name: 'Ver vista previa' }).click();
    const preview = page.frameLocator('iframe.preview');
    await expect.poll(() => preview.locator('.plan').first().textContent()).toContain('Día completo');
    expect(await preview.locator('.price').first().textContent()).toContain('20.00');
    await expectAccessible(page, 'plans');
    await shot(page, 'es-phone-06-plan-preview');

    // A device buys the plan on the router's hosted portal page.
    const routerId = await page.locator('iframe.preview').evaluate((f) => new URL((f as HTMLIFrameElement).src).pathname.split('/')[5]!);
    const device = await browser.newContext({ viewport: PHONE, locale: 'es-MX' });
    const portal = await device.newPage();
    await portal.goto(`${app.url}/portal/${routerId}`);
    // The settings reached the portal: its colour, and cash offered beside the card.
    expect(await portal.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--brand').trim())).toBe('#aa3300');
    await portal.locator('.plan').first().click();
    await portal.fill('#name', 'Luis Pérez');
    await portal.fill('#email', 'luis@example.com');
    await portal.fill('#card-name', 'LUIS PEREZ');
    await portal.fill('#card-number', TEST_CARDS.approveVisa);
    await portal.fill('#exp-month', '12');
    await portal.fill('#exp-year', '2030');
    await portal.fill('#cvc', '123');
    await portal.click('#pay');
    await portal.locator('#done').waitFor();
    expect(await portal.locator('#pay-cash').count()).toBe(1);
    await device.close();

    await go(page, 'Panel');
    await expect.poll(() => page.locator('[data-figure="sales-today"]').textContent()).toBe('1');
    await page.getByText('Días en la zona horaria America/Costa_Rica.').waitFor();
    await page.getByRole('table', { name: 'Últimas compras' }).getByRole('cell', { name: 'Día completo' }).waitFor();
    // The sale is today's card bar in the chart (the axis' last day is today in the empresa's zone).
    const chart = page.locator('[data-chart="MXN"]');
    const today = await chart.locator('[data-last-day]').textContent();
    expect(await chart.locator('rect[data-channel="card"]').getAttribute('data-day')).toBe(today);
    expect(await chart.locator('rect').count()).toBe(1);
    // The chart's numbers, for whoever cannot see the bars.
    await chart.getByText('Ver los datos').click();
    expect(await chart.getByRole('table').locator('tbody tr').allTextContents()).toEqual([
      expect.stringMatching(new RegExp(`^${today}.*\\$20\\.00 \\(1\\)`)),
    ]);
    await page.locator('tr[data-devices="Lobby"]').getByText('en línea').waitFor();
    expect(await page.locator('tr[data-devices="Lobby"] td').last().textContent()).toBe('0');
    await page.getByRole('table', { name: 'Plan' }).getByRole('cell', { name: 'Día completo' }).waitFor();
    expect(await page.locator('[data-health="unsettled"]').textContent()).toBe('Ninguna');
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, 'dashboard');
    await shot(page, 'es-phone-07-dashboard-sale');

    await go(page, 'Ventas');
    await page.getByRole('cell', { name: 'luis@example.com' }).waitFor();
    await expectNoHorizontalScroll(page);
    expect(await page.locator('.table-wrap').evaluate((box) => box.scrollWidth <= box.clientWidth)).toBe(true);
    await expectAccessible(page, 'sales');
    await shot(page, 'es-phone-08-sales');
    // Filters: no cash sale; the card sale found by part of the customer's e-mail, in any case.
    await page.getByLabel('Canal').selectOption('cash');
    await page.getByRole('button', { name: 'Filtrar', exact: true }).click();
    await page.getByText('Sin datos todavía.').waitFor();
    await page.getByLabel('Canal').selectOption('card');
    await page.getByLabel('Cliente').fill('LUIS@');
    await page.getByRole('button', { name: 'Filtrar', exact: true }).click();
    await page.getByRole('cell', { name: 'luis@example.com' }).waitFor();
    // The CSV is the same search, every match.
    const csvHref = (await page.locator('[data-csv]').getAttribute('href'))!;
    expect(new URL(csvHref, app.url).searchParams.get('canal')).toBe('card');
    const csv = await page.evaluate(async (href) => {
      const res = await fetch(href);
      return { type: res.headers.get('content-type'), text: await res.text() };
    }, csvHref);
    expect(csv.type).toContain('text/csv');
    expect(csv.text.split('\r\n').filter((line) => line.includes('luis@example.com'))).toHaveLength(1);
    // The sale's timeline: pending, user created, paid.
    await page.getByRole('button', { name: 'Historial' }).click();
    const timeline = page.getByRole('dialog');
    await timeline.locator('li[data-event="paid"]').waitFor();
    expect(await timeline.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-event')))).toEqual([
      'pending',
      'user_created',
      'paid',
    ]);
    await expectAccessible(page, 'sale timeline');
    await shot(page, 'es-phone-08b-sale-timeline');
    await timeline.getByRole('button', { name: 'Cerrar' }).click();
    await timeline.waitFor({ state: 'detached' });
    // Ending the customer's access, asked first in a dialog: cancelled, nothing changes; confirmed, the row offers no more user actions.
    const sale = page.locator('tr[data-transaction]').filter({ hasText: 'luis@example.com' });
    await sale.getByRole('button', { name: 'Terminar acceso' }).click();
    const endQuestion = page.getByRole('dialog', { name: '¿Terminar el acceso de este cliente ahora?' });
    await endQuestion.getByRole('button', { name: 'Cancelar' }).click();
    await endQuestion.waitFor({ state: 'detached' });
    expect(await sale.getByRole('button', { name: 'Terminar acceso' }).count()).toBe(1);
    await sale.getByRole('button', { name: 'Terminar acceso' }).click();
    await endQuestion.getByRole('button', { name: 'Terminar acceso' }).click();
    await endQuestion.waitFor({ state: 'detached' });
    await expect.poll(() => sale.getByRole('button', { name: 'Terminar acceso' }).count()).toBe(0);
    // A refund, asked first in a dialog: the fake Conekta gives the whole charge back and the row says so.
    await sale.getByRole('button', { name: 'Reembolsar' }).click();
    const question = page.getByRole('dialog');
    await question.getByText('¿Devolver el pago de $20.00 a luis@example.com').waitFor();
    await expectAccessible(page, 'refund question');
    await shot(page, 'es-phone-08c-refund-question');
    await question.getByRole('button', { name: 'Reembolsar' }).click();
    await question.waitFor({ state: 'detached' });
    await page.getByRole('status').getByText('Reembolsado: la pasarela devolvió el pago.').waitFor();
    await sale.locator('.badge.state-refunded').getByText('reembolsado').waitFor();
    expect(await sale.getByRole('button', { name: 'Reembolsar' }).count()).toBe(0);
    const charges = fakes.conekta.charges.filter((c) => c.status !== 'declined');
    expect(charges.map((c) => [c.status, c.refunds?.map((r) => r.amountCents)])).toEqual([['refunded', [2000]]]);
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, 'sale refunded');
    await shot(page, 'es-phone-08d-sale-refunded');

    // Ten vouchers of the plan, one sold at the counter.
    await go(page, 'Fichas');
    await page.getByLabel('Plan').selectOption({ label: 'Día completo' });
    await page.getByLabel('Cantidad').fill('10');
    await page.getByRole('button', { name: 'Generar fichas' }).click();
    const batch = page.locator('details[data-batch]').first();
    await expect.poll(() => batch.locator('summary').textContent()).toContain('sin vender: 10');
    await batch.locator('summary').click();
    await page.getByRole('button', { name: 'Marcar vendida' }).first().click();
    await expect.poll(() => batch.locator('summary').textContent()).toContain('vendida: 1');
    expect(await batch.getByRole('link', { name: 'Imprimir' }).getAttribute('href')).toMatch(/\/vouchers\/lotes\/[^/]+\/imprimir$/);
    // On a phone the vouchers' rows wrap into lines: nothing to scroll sideways, not even inside the table's box.
    expect(await batch.locator('.table-wrap').evaluate((box) => box.scrollWidth <= box.clientWidth)).toBe(true);
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, 'vouchers');
    await shot(page, 'es-phone-09-vouchers');
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('shows every page in English at desktop size, chosen with the language switch', async () => {
    const { page, problems } = await openConsole(browser, app.url, DESKTOP);
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('heading', { name: "Operator's console" }).waitFor();
    await signIn(page, ADMIN.email, ADMIN.password, { email: 'E-mail', password: 'Password', submit: 'Sign in' });
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('cell', { name: 'Día completo' }).first().waitFor();
    await expectAccessible(page, 'dashboard (en)');
    await shot(page, 'en-desktop-01-dashboard');
    // Sold at the counter: the batch's other nine vouchers make eleven sales, two pages of ten.
    await go(page, 'Vouchers');
    const batch = page.locator('details[data-batch]').first();
    await batch.locator('summary').click();
    await batch.getByRole('button', { name: 'Sell all' }).click();
    await expect.poll(() => batch.locator('summary').textContent()).toContain('sold: 10');
    await go(page, 'Sales');
    await page.getByLabel('Rows per page').selectOption('10');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    const rows = page.getByRole('table', { name: 'Sales' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(10);
    const firstPage = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-transaction')));
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Page 2').waitFor();
    await expect.poll(() => rows.count()).toBe(1);
    expect(firstPage).not.toContain(await rows.first().getAttribute('data-transaction'));
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-transaction')))).toEqual(firstPage);
    await page.getByText('Page 1').waitFor();
    for (const [index, name] of ['Routers', 'Plans', 'Sales', 'Vouchers', 'Settings', 'My account'].entries()) {
      await go(page, name);
      await page.waitForSelector('[aria-busy="true"]', { state: 'detached' });
      await expectAccessible(page, `${name} (en)`);
      await shot(page, `en-desktop-0${index + 2}-${name.toLowerCase().replace(' ', '-')}`);
    }
    // The choice is kept for the next visit.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  it("keeps a client admin to their own empresa's data through the console's own calls", async () => {
    const root = await login(app, SUPER_ADMIN.email, SUPER_ADMIN.password);
    const other = await createCompany(app, root, { nombre: 'Otra Empresa' });
    await clientAdminToken(app, root, other.id, 'otro@example.com');
    const routerId = (await app.db.selectFrom('routers').select('id').where('nombre', '=', 'Lobby').executeTakeFirstOrThrow()).id;
    const productId = (await app.db.selectFrom('productos').select('id').where('router_id', '=', routerId).executeTakeFirstOrThrow()).id;
    const transactionId = (
      await app.db.selectFrom('transacciones').select('id').where('router_id', '=', routerId).executeTakeFirstOrThrow()
    ).id;

    const { page } = await openConsole(browser, app.url, DESKTOP);
    await signIn(page, 'otro@example.com', 'client-password-1');
    await page.getByRole('heading', { level: 1, name: 'Panel' }).waitFor();
    // The console's session, as its own script makes calls: the cookie, and the CSRF token on writes.
    const answers = await page.evaluate(
      async ({ routerId, productId, transactionId }) => {
        const { csrf_token } = await (await fetch('/api/v1/auth/session')).json();
        const call = async (method: string, path: string, body?: unknown) => {
          const res = await fetch(path, {
            method,
            headers: { 'content-type': 'application/json', 'x-csrf-token': csrf_token },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          return { path: `${method} ${path}`, status: res.status, text: await res.text() };
        };
        const router = `/api/v1/admin/routers/${routerId}`;
        return Promise.all([
          call('GET', `${router}/test-connection`),
          call('GET', `${router}/mikrotik-profiles`),
          call('GET', `${router}/portal-kit`),
          call('GET', `${router}/portal-preview`),
          call('POST', `${router}/portal-kit/apply`),
          call('PUT', `/api/v1/admin/mi-empresa/routers/${routerId}`, { nombre: 'Mío' }),
          call('GET', `/api/v1/admin/products/${productId}`),
          call('PUT', `/api/v1/admin/products/${productId}`, { precio: 1 }),
          call('POST', '/api/v1/admin/products', { router_id: routerId, perfil_mikrotik_nombre: '1d', nombre_venta: 'X', precio: 1 }),
          call('POST', `/api/v1/admin/mi-empresa/transacciones/${transactionId}/extender`, { vigencia: '1d' }),
          call('POST', `/api/v1/admin/mi-empresa/transacciones/${transactionId}/terminar`),
          call('GET', '/admin/empresas'),
          call('GET', '/api/v1/admin/mi-empresa/transacciones'),
          call('GET', '/api/v1/admin/mi-empresa/routers'),
          call('GET', '/api/v1/admin/products'),
        ]);
      },
      { routerId, productId, transactionId },
    );
    // test-connection answers an unknown router 200 with success false, as the old service did.
    const [connection, ...refused] = answers.slice(0, -3);
    expect([connection!.status, JSON.parse(connection!.text).success], connection!.path).toEqual([200, false]);
    expect(connection!.text, connection!.path).not.toContain(routerId);
    const lists = answers.slice(-3);
    for (const answer of refused) expect([403, 404, 422], answer.path).toContain(answer.status);
    for (const answer of lists) {
      expect(answer.status, answer.path).toBe(200);
      expect(answer.text, answer.path).not.toContain(routerId);
      expect(answer.text, answer.path).not.toContain(transactionId);
    }
    expect((await app.db.selectFrom('routers').select('nombre').where('id', '=', routerId).executeTakeFirstOrThrow()).nombre).toBe('Lobby');
    await page.context().close();
  }, 60_000);
});
