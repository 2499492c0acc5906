/**
 * CORS (LEGACY-API.md §2): the captive portal's routes (router API key) answer every origin, the
 * other routes only BACKEND_CORS_ORIGINS; preflights answer as the old Starlette middleware did, and
 * every answer, errors and 500s included, carries the headers so a browser can read its JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyAuth } from '../../src/http/auth.js';
import type { RouteModule } from '../../src/http/context.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { superAdminToken } from '../helpers/seed.js';
import { seedShop, type Shop } from '../payments/shop.js';

const PORTAL = 'http://10.5.50.1';
const CONSOLE = 'https://panel.example';
const METHODS = 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT';

/** Two routes that fail with a bug, one behind the API key and one not: a 500 must carry the headers too. */
const failingRoutes: RouteModule = (app, ctx) => {
  app.get('/test/portal-bug', { onRequest: apiKeyAuth(ctx) }, async () => {
    throw new Error('a bug');
  });
  app.get('/test/admin-bug', async () => {
    throw new Error('a bug');
  });
  // A route of a plugin with a prefix (as @fastify/swagger-ui registers /docs): its preflight is at its own path.
  app.register(
    async (child) => {
      child.get('/config', { onRequest: apiKeyAuth(ctx) }, async () => ({ ok: true }));
    },
    { prefix: '/test/prefixed' },
  );
};

let t: TestApp;
let shop: Shop;
let adminToken: string;
beforeAll(async () => {
  t = await startTestApp({ config: { corsOrigins: [CONSOLE] }, extraRoutes: [failingRoutes] });
  shop = await seedShop(t.db, t.secrets, { port: 1 });
  adminToken = await superAdminToken(t);
});
afterAll(() => t.close());

const preflight = (app: TestApp, path: string, origin: string, method = 'POST', headers = 'authorization,content-type') =>
  app.request('OPTIONS', path, {
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });

describe('captive portal routes (router API key): any origin', () => {
  it('a preflight from the router’s origin: 200 "OK", origin echoed, methods, the asked headers mirrored, max-age 600', async () => {
    const res = await preflight(t, '/api/v1/payments/pagar-conekta', PORTAL);
    expect(res.status).toBe(200);
    expect(res.body).toBe('OK');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(res.headers.get('access-control-allow-methods')).toBe(METHODS);
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('vary')).toBe('Origin');
  });

  it('every portal route, with its path parameters, answers the preflight of any origin', async () => {
    for (const [path, method] of [
      ['/test/prefixed/config', 'GET'],
      ['/api/v1/config/public', 'GET'],
      ['/api/v1/catalogo_perfiles_venta', 'GET'],
      ['/api/v1/catalogo_perfiles_venta/7', 'GET'],
      ['/api/v1/payments/pagar-mercado-pago', 'POST'],
      ['/api/v1/payments/estado-pago/1325476890', 'GET'],
    ] as const) {
      const res = await preflight(t, path, 'https://any.example', method, 'authorization');
      expect([path, res.status, res.headers.get('access-control-allow-origin')]).toEqual([path, 200, 'https://any.example']);
    }
  });

  it('the answer echoes the origin; without an Origin no CORS header is sent', async () => {
    const res = await t.request('GET', '/api/v1/config/public', { token: shop.apiKey, headers: { origin: PORTAL } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('vary')).toBe('Origin');
    const plain = await t.request('GET', '/api/v1/config/public', { token: shop.apiKey });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('errors carry the headers: 401 without a key, 422 for a bad body, 500 for a bug', async () => {
    const unauthenticated = await t.request('GET', '/api/v1/catalogo_perfiles_venta', { headers: { origin: PORTAL } });
    const invalid = await t.request('POST', '/api/v1/payments/pagar-conekta', {
      token: shop.apiKey,
      body: {},
      headers: { origin: PORTAL },
    });
    const bug = await t.request('GET', '/test/portal-bug', { token: shop.apiKey, headers: { origin: PORTAL } });
    for (const [res, status] of [
      [unauthenticated, 401],
      [invalid, 422],
      [bug, 500],
    ] as const) {
      expect(res.status).toBe(status);
      expect(typeof res.body.detail).toBe('string');
      expect(res.headers.get('access-control-allow-origin')).toBe(PORTAL);
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    }
  });
});

describe('every other route: BACKEND_CORS_ORIGINS only', () => {
  it('a listed origin: preflight allowed, the answer echoes it with credentials', async () => {
    const pre = await preflight(t, '/admin/empresas', CONSOLE, 'GET', 'authorization');
    expect(pre.status).toBe(200);
    expect(pre.headers.get('access-control-allow-origin')).toBe(CONSOLE);
    const res = await t.request('GET', '/admin/empresas', { token: adminToken, headers: { origin: CONSOLE } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(CONSOLE);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    const bug = await t.request('GET', '/test/admin-bug', { headers: { origin: CONSOLE } });
    expect(bug.status).toBe(500);
    expect(bug.body).toEqual({ detail: 'Error interno del servidor' });
    expect(bug.headers.get('access-control-allow-origin')).toBe(CONSOLE);
  });

  it('another origin (a router’s too): preflight 400 "Disallowed CORS origin", answers without CORS headers', async () => {
    for (const path of ['/admin/empresas', '/api/v1/auth/login', '/api/v1/webhook/mercado-pago', '/no/such/path']) {
      const pre = await preflight(t, path, PORTAL);
      expect([path, pre.status, pre.body]).toEqual([path, 400, 'Disallowed CORS origin']);
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
      expect(pre.headers.get('access-control-allow-methods')).toBe(METHODS);
      expect(pre.headers.get('vary')).toBe('Origin');
    }
    const res = await t.request('GET', '/admin/empresas', { token: adminToken, headers: { origin: PORTAL } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('the preflight routes stay out of /openapi.json', async () => {
    const doc = await t.request('GET', '/openapi.json');
    expect(doc.status).toBe(200);
    const operations = Object.values(doc.body.paths as Record<string, Record<string, unknown>>).flatMap((path) => Object.keys(path));
    expect(operations).toContain('post');
    expect(operations).not.toContain('options');
  });

  it('an OPTIONS that is not a preflight is 404 as before; a route of another method at a portal path follows its own policy', async () => {
    const res = await t.request('OPTIONS', '/api/v1/config/public');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: 'Not Found' });
    // GET /api/v1/config/public is a portal route; nothing answers DELETE there, so the strict policy does.
    expect((await preflight(t, '/api/v1/config/public', PORTAL, 'DELETE')).status).toBe(400);
  });
});

describe('BACKEND_CORS_ORIGINS=["*"]', () => {
  let open: TestApp;
  beforeAll(async () => {
    open = await startTestApp({ config: { corsOrigins: ['*'] } });
  });
  afterAll(() => open.close());

  it('as Starlette: `*` on answers (the origin when a cookie is sent), the origin echoed on preflights', async () => {
    const pre = await preflight(open, '/api/v1/auth/login', PORTAL);
    expect(pre.status).toBe(200);
    expect(pre.headers.get('access-control-allow-origin')).toBe(PORTAL);
    const res = await open.request('GET', '/health', { headers: { origin: PORTAL } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const withCookie = await open.request('GET', '/health', { headers: { origin: PORTAL, cookie: 'a=b' } });
    expect(withCookie.headers.get('access-control-allow-origin')).toBe(PORTAL);
  });
});
