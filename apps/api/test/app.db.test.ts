import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connection.js';
import { findCompany, insertCompany, NO_GATEWAY_SETTINGS } from '../src/db/companies.js';
import { buildApp } from '../src/http/app.js';
import { createPaymentServices } from '../src/payments/services.js';
import { RouterPool } from '../src/routers/pool.js';
import { SecretBox } from '../src/security/secret-box.js';
import { SERVICE_VERSION } from '../src/version.js';
import { startTestApp, testConfig, type TestApp } from './helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('the app', () => {
  it('answers GET / with the old banner, its name and version', async () => {
    const res = await t.request('GET', '/');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      message: 'Sistema de pagos y gestión de accesos WiFi para hotspots MikroTik',
      version: SERVICE_VERSION,
      status: 'running',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00Z$/),
      docs: '/docs',
      name: 'hotspot-pagos-api',
    });
  });

  it('answers GET /health after a database round trip', async () => {
    const res = await t.request('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'healthy', database: 'ok' });
  });

  it('answers GET /health 503 when the database is unreachable', async () => {
    const config = testConfig();
    const db = await openDatabase({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/none' });
    const routers = new RouterPool({ timeoutMs: 1000, idleMs: 1000 });
    const secrets = new SecretBox(config.encryptionKey!);
    const payments = createPaymentServices({ config, db, secrets, routers });
    const app = await buildApp({ config, db, secrets, routers, payments });
    try {
      const res = await app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ detail: 'Base de datos no disponible' });
    } finally {
      await app.close();
      await payments.close();
      await db.destroy();
    }
  });

  it('round-trips a row through the database with defaults and timestamps', async () => {
    const row = await insertCompany(t.db, {
      id: 'EMP_0123456789',
      nombre: 'Uno',
      contacto_email: null,
      contacto_telefono: null,
      ...NO_GATEWAY_SETTINGS,
    });
    expect(row.activa).toBe(true);
    expect(row.creada_en).toBeInstanceOf(Date);
    expect(await findCompany(t.db, 'EMP_0123456789')).toEqual(row);
  });

  it('answers unknown paths 404 with a detail', async () => {
    const res = await t.request('GET', '/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: 'Not Found' });
  });

  it('serves an OpenAPI document generated from the routes, with every SERVICE.md admin path', async () => {
    const res = await t.request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const paths = res.body.paths as Record<string, Record<string, any>>;
    const expected: Array<[string, string]> = [
      ['post', '/api/v1/auth/login'],
      ['post', '/api/v1/auth/logout'],
      ['post', '/api/v1/auth/change-password'],
      ['post', '/admin/empresas'],
      ['get', '/admin/empresas'],
      ['get', '/admin/empresas/{eid}/stats'],
      ['get', '/admin/dashboard'],
      ['post', '/admin/empresas/{eid}/routers'],
      ['get', '/admin/empresas/{eid}/routers'],
      ['get', '/admin/empresas/{eid}/routers/{rid}'],
      ['put', '/admin/empresas/{eid}/routers/{rid}/toggle-activo'],
      ['delete', '/admin/empresas/{eid}/routers/{rid}'],
      ['post', '/admin/empresas/{eid}/routers/{rid}/regenerate-api-key'],
      ['get', '/admin/empresas/{eid}/routers/{rid}/api-keys'],
      ['post', '/admin/empresas/{eid}/routers/{rid}/api-keys/{key_id}/revoke'],
      ['get', '/admin/empresas/{eid}/routers/{rid}/api-key-status'],
      ['post', '/admin/usuarios'],
      ['get', '/admin/usuarios'],
      ['get', '/admin/usuarios/{id}'],
      ['put', '/admin/usuarios/{id}/toggle-activo'],
      ['get', '/api/v1/admin/mi-empresa'],
      ['put', '/api/v1/admin/mi-empresa'],
      ['put', '/api/v1/admin/mi-empresa/conekta-config'],
      ['get', '/api/v1/admin/mi-empresa/conekta'],
      ['get', '/api/v1/admin/mi-empresa/mercado-pago'],
      ['post', '/api/v1/admin/mi-empresa/configurar-credenciales'],
      ['post', '/api/v1/admin/mi-empresa/configurar-conekta'],
      ['post', '/api/v1/admin/mi-empresa/logo'],
      ['post', '/api/v1/admin/test-telegram'],
      ['get', '/api/v1/admin/mi-empresa/routers'],
      ['put', '/api/v1/admin/mi-empresa/routers/{rid}'],
      ['get', '/api/v1/admin/mi-empresa/transacciones'],
      ['get', '/api/v1/admin/mi-empresa/dashboard'],
      ['post', '/api/v1/admin/products'],
      ['get', '/api/v1/admin/products'],
      ['get', '/api/v1/admin/products/{id}'],
      ['put', '/api/v1/admin/products/{id}'],
      ['delete', '/api/v1/admin/products/{id}'],
      ['get', '/api/v1/admin/routers/{rid}/test-connection'],
      ['get', '/api/v1/admin/routers/{rid}/mikrotik-profiles'],
      ['get', '/health'],
      ['get', '/'],
    ];
    for (const [method, path] of expected) expect(paths[path]?.[method], `${method} ${path}`).toBeDefined();
    const create = paths['/admin/empresas/{eid}/routers']!.post;
    expect(create.security).toEqual([{ session: [] }]);
    expect(create.parameters).toEqual([{ name: 'eid', in: 'path', required: true, schema: expect.any(Object) }]);
    expect(create.requestBody.content['application/json'].schema.required).toEqual(['nombre', 'host', 'usuario', 'password']);
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['200', '404', '422']));
    expect(paths['/openapi.json']).toBeUndefined();
  });
});
