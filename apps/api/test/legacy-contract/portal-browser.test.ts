/**
 * The browser-shaped check: in Debian's Chromium, an old-style captive portal page whose
 * origin is the router's, `http://10.5.50.1`, calls the service on another origin with the router's
 * API key in `Authorization: Bearer` and JSON bodies, as the old portals did: every call is
 * preflighted, and the purchase answers the credentials. Nothing listens on 10.5.50.1 here: Chromium
 * goes through a one-page HTTP proxy that stands for the router, so the page's origin really is
 * `http://10.5.50.1`, while the service (on loopback, which Chromium never proxies) is reached
 * directly, Chromium enforcing CORS with real preflights. (Playwright's request interception would
 * answer the preflights itself, so it is not used.) A phone-size screenshot goes to apps/api/test-results/.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { TEST_TOKENS } from '@hotspot/fake-gateways';
import { launchChromium } from '@hotspot/fake-gateways/chromium';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalEnv, type PortalEnv } from '../payments/portal-env.js';

const PORTAL_ORIGIN = 'http://10.5.50.1';
const SHOTS = new URL('../../test-results/', import.meta.url);

/** A captive portal written for the old service: plain fetch, the key as a Bearer token, JSON bodies. */
function portalHtml(api: string, apiKey: string, token: string): string {
  return `<!doctype html>
<html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>WiFi</title>
<style>
  body { font-family: sans-serif; margin: 0; padding: 16px; background: #f4f4f8; color: #222; }
  h1 { font-size: 22px; margin: 0 0 12px; }
  .plan, .ok { background: #fff; border-radius: 8px; padding: 12px; margin-bottom: 10px; box-shadow: 0 1px 3px #0002; }
  .ok { border-left: 6px solid #2e7d32; }
  .cred { font: 22px monospace; letter-spacing: 1px; }
</style></head>
<body>
<h1 id="empresa">Cargando…</h1>
<div id="planes"></div>
<div id="resultado"></div>
<script>
  var API = ${JSON.stringify(api)};
  var auth = { Authorization: 'Bearer ' + ${JSON.stringify(apiKey)} };
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; e.textContent = text; return e; }
  async function main() {
    var config = await (await fetch(API + '/api/v1/config/public', { headers: auth })).json();
    document.getElementById('empresa').textContent = config.empresa.nombre + ' · ' + config.router.nombre;
    var planes = await (await fetch(API + '/api/v1/catalogo_perfiles_venta', { headers: auth })).json();
    planes.forEach(function (p) { document.getElementById('planes').appendChild(el('div', 'plan', p.nombre_venta + ' — $' + p.precio.toFixed(2) + ' ' + p.moneda)); });
    var res = await fetch(API + '/api/v1/payments/pagar-conekta', {
      method: 'POST',
      headers: Object.assign({ 'Content-Type': 'application/json' }, auth),
      body: JSON.stringify({ producto_id: planes[0].id, token_tarjeta: ${JSON.stringify(token)}, nombre_cliente: 'Ana López', email_cliente: 'ana@example.com' }),
    });
    var pago = await res.json();
    var box = el('div', 'ok', '');
    box.appendChild(el('div', '', '¡Pago aprobado (' + pago.estado_pago + ')! Sus credenciales:'));
    box.appendChild(el('div', 'cred', 'Usuario: ' + pago.usuario_hotspot.usuario));
    box.appendChild(el('div', 'cred', 'Contraseña: ' + pago.usuario_hotspot.contrasena));
    document.getElementById('resultado').appendChild(box);
    // jQuery's withCredentials, as some old portals sent it: the old service allowed credentials.
    var estado = await fetch(API + '/api/v1/payments/estado-pago/' + pago.id_transaccion, { headers: auth, credentials: 'include' });
    // An admin route is not open to the router's origin: the browser refuses it.
    var admin = await fetch(API + '/admin/empresas', { headers: auth }).then(function (r) { return 'answered ' + r.status; }, function (e) { return 'refused: ' + e.name; });
    window.__result = { status: res.status, pago: pago, estado: (await estado.json()).status, admin: admin };
  }
  main().catch(function (e) { window.__result = { error: String(e) }; });
</script>
</body></html>`;
}

let env: PortalEnv;
let browser: Browser;
/** The router's web server, as Chromium's proxy: every page it is asked for is the portal. */
let router: Server;
const log: string[] = [];

beforeAll(async () => {
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => log.push(...chunk.toString().split('\n').filter(Boolean)));
  env = await startPortalEnv({ logStream });
  router = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(portalHtml(env.app.url, env.shop.apiKey, TEST_TOKENS.approve));
  });
  await new Promise<void>((resolve) => router.listen(0, '127.0.0.1', resolve));
  browser = await launchChromium([
    `--proxy-server=http://127.0.0.1:${(router.address() as AddressInfo).port}`,
    // The service runs on this machine's loopback; in production it is on the internet. Chromium
    // refuses a page on a private network calling a more private one (Private Network Access), so
    // the service's address is declared public, where it really is.
    `--ip-address-space-overrides=${new URL(env.app.url).host}=public`,
  ]);
  mkdirSync(SHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => router?.close(resolve));
  await env?.close();
});

/** The requests the service logged, as `METHOD path status`. */
function served(): string[] {
  const urls = new Map<string, string>();
  const done: string[] = [];
  for (const line of log) {
    const entry = JSON.parse(line) as { reqId?: string; req?: { method: string; url: string }; res?: { statusCode: number } };
    if (entry.req && entry.reqId) urls.set(entry.reqId, `${entry.req.method} ${entry.req.url}`);
    if (entry.res && entry.reqId) done.push(`${urls.get(entry.reqId)} ${entry.res.statusCode}`);
  }
  return done;
}

describe('a captive portal served from http://10.5.50.1 in Chromium', () => {
  it('preflights, buys with the API key in Authorization, and shows the credentials', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 1, locale: 'es-MX' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    const allowOrigins: string[] = [];
    page.on('response', (r) => {
      if (r.url().startsWith(env.app.url))
        allowOrigins.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.headers()['access-control-allow-origin']}`);
    });
    await page.goto(`${PORTAL_ORIGIN}/login.html`);
    expect(await page.evaluate('location.origin')).toBe(PORTAL_ORIGIN);
    await page.waitForFunction('window.__result !== undefined');
    const result = (await page.evaluate('window.__result')) as {
      status: number;
      pago: { estado_pago: string; id_transaccion: string; usuario_hotspot: { usuario: string; contrasena: string } };
      estado: string;
      admin: string;
      error?: string;
    };
    expect(result.error).toBeUndefined();
    // The only console errors: Chromium refusing the admin route for this origin.
    expect(problems).toEqual([
      `Access to fetch at '${env.app.url}/admin/empresas' from origin '${PORTAL_ORIGIN}' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
      'Failed to load resource: net::ERR_FAILED',
    ]);
    expect(result.status).toBe(200);
    expect(result.pago.estado_pago).toBe('paid');
    expect(result.estado).toBe('paid');
    expect(result.admin).toBe('refused: TypeError');
    const { usuario, contrasena } = result.pago.usuario_hotspot;
    expect(env.usersOf(result.pago.id_transaccion)).toMatchObject([{ name: usuario, password: contrasena, disabled: 'false' }]);
    await page.getByText(`Usuario: ${usuario}`).waitFor();
    await page.screenshot({ path: new URL('legacy-portal-10.5.50.1.png', SHOTS).pathname, fullPage: true });

    // The service answered Chromium's preflights, and echoed the origin Chromium sent it.
    const calls = served();
    for (const call of [
      'OPTIONS /api/v1/config/public 200',
      'GET /api/v1/config/public 200',
      'OPTIONS /api/v1/catalogo_perfiles_venta 200',
      'OPTIONS /api/v1/payments/pagar-conekta 200',
      'POST /api/v1/payments/pagar-conekta 200',
      'OPTIONS /admin/empresas 400',
    ]) {
      expect(calls).toContain(call);
    }
    // The refused admin route was never asked for: the browser stopped at its preflight.
    expect(calls.filter((c) => c.startsWith('GET /admin/empresas'))).toEqual([]);
    expect(allowOrigins).toContain(`POST /api/v1/payments/pagar-conekta ${PORTAL_ORIGIN}`);
    await context.close();
  });
});
