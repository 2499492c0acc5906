import { createServer, type Server } from 'node:net';
import { startMockRouter, type MockRouter } from '@hotspot/mock-routeros';
import { caCert } from '@hotspot/test-certs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.js';
import { RouterPool } from '../src/routers/pool.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { closedPort } from './helpers/net.js';
import { clientAdminToken, createCompany, createRouter, superAdminToken } from './helpers/seed.js';
import { waitFor } from './helpers/wait.js';

const TIMEOUT_MS = 1000;
let t: TestApp;
let mock: MockRouter;
let root: string;
let client: string;
let company: any;

beforeAll(async () => {
  mock = await startMockRouter({
    password: 'router-secret',
    tlsPort: 0,
    profiles: [{ name: '1h', 'session-timeout': '1h', 'rate-limit': '2M/4M' }],
  });
  t = await startTestApp({ config: { routerTimeoutMs: TIMEOUT_MS } });
  root = await superAdminToken(t);
  company = await createCompany(t, root);
  client = await clientAdminToken(t, root, company.id, 'live@example.com');
});
afterAll(async () => {
  await t.close();
  await mock.close();
});

const router = (body: Record<string, unknown> = {}) =>
  createRouter(t, root, company.id, { host: '127.0.0.1', puerto: mock.port, password: 'router-secret', ...body });
const testConnection = (id: string, token = client) => t.request('GET', `/api/v1/admin/routers/${id}/test-connection`, { token });

/** A TCP server that accepts connections and never says a word; `accepted()` counts them. */
async function silentServer(): Promise<Server & { port: number; accepted: () => number }> {
  const sockets = new Set<import('node:net').Socket>();
  let accepted = 0;
  const server = createServer((s) => {
    accepted++;
    sockets.add(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = server.close.bind(server);
  return Object.assign(server, {
    port: (server.address() as { port: number }).port,
    accepted: () => accepted,
    close: (cb?: (err?: Error) => void) => {
      for (const s of sockets) s.destroy();
      return close(cb);
    },
  });
}

describe('GET /api/v1/admin/routers/{id}/test-connection', () => {
  it('succeeds with the seed document’s fields', async () => {
    const r = await router({ nombre: 'Lobby' });
    const res = await testConnection(r.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      message: 'Conexión exitosa',
      router: { id: r.id, nombre: 'Lobby', host: '127.0.0.1', puerto: mock.port, activo: true },
      perfiles_encontrados: 2,
      router_name: 'MikroTik',
      error: null,
      timestamp: expect.any(String),
    });
    expect(Date.parse(res.body.timestamp)).not.toBeNaN();
  });

  it('reports a bad login', async () => {
    const r = await router({ password: 'wrong' });
    const res = await testConnection(r.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: false, message: 'Error de conexión', perfiles_encontrados: 0, router_name: null });
    expect(res.body.error).toBe(`Usuario o contraseña incorrectos en 127.0.0.1:${mock.port}`);
  });

  it('reports a refused connection', async () => {
    const r = await router({ puerto: await closedPort() });
    const res = await testConnection(r.id);
    expect(res.body.success).toBe(false);
    expect(res.body.error).toMatch(/^Conexión rechazada por 127\.0\.0\.1:\d+/);
  });

  it('reports a timeout within the router timeout when the router never answers the login', async () => {
    const silent = await silentServer();
    try {
      const r = await router({ puerto: silent.port });
      const started = Date.now();
      const res = await testConnection(r.id);
      const elapsed = Date.now() - started;
      expect(res.body.success).toBe(false);
      expect(res.body.error).toBe(`Tiempo de espera agotado (${TIMEOUT_MS} ms) con 127.0.0.1:${silent.port}`);
      expect(elapsed).toBeLessThan(TIMEOUT_MS + 1500);
    } finally {
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('reports a timeout when a command stalls after login', async () => {
    const r = await router();
    mock.faults.set({ stallCommands: ['/system/identity/print'] });
    try {
      const started = Date.now();
      const res = await testConnection(r.id);
      expect(res.body.success).toBe(false);
      expect(res.body.error).toMatch(/^Tiempo de espera agotado/);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1500);
    } finally {
      mock.faults.clear();
    }
  });

  it('connects over TLS verifying the router’s certificate against its CA', async () => {
    const r = await router({ puerto: mock.tlsPort, tls: true, tls_mode: 'verify-cert', tls_ca_pem: caCert });
    const res = await testConnection(r.id);
    expect(res.body).toMatchObject({ success: true, perfiles_encontrados: 2, error: null });
  });

  it('reports a TLS failure when the certificate cannot be verified', async () => {
    const r = await router({ puerto: mock.tlsPort, tls: true, tls_mode: 'verify-cert' });
    const res = await testConnection(r.id);
    expect(res.body.success).toBe(false);
    expect(res.body.error).toMatch(/^Fallo TLS con 127\.0\.0\.1:\d+/);
  });

  it('a super admin may check any empresa’s router and read its profiles; another empresa’s client admin gets "not found"', async () => {
    const r = await router();
    expect((await testConnection(r.id, root)).body.success).toBe(true);
    const profiles = await t.request('GET', `/api/v1/admin/routers/${r.id}/mikrotik-profiles`, { token: root });
    expect(profiles.status).toBe(200);
    expect(profiles.body.map((p: any) => p.name)).toEqual(['default', '1h']);
    const other = await createCompany(t, root);
    const outsider = await clientAdminToken(t, root, other.id, 'outsider-live@example.com');
    // The old route answered an unknown router 200 with success false (LEGACY-API.md §4.4).
    const res = await testConnection(r.id, outsider);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: false, message: 'Router no encontrado' });
    expect(res.body.router).toBeUndefined();
  });
});

describe('GET /api/v1/admin/routers/{id}/mikrotik-profiles', () => {
  it('lists the live profiles with the seed document’s field names, null where the router has no value', async () => {
    const r = await router();
    const res = await t.request('GET', `/api/v1/admin/routers/${r.id}/mikrotik-profiles`, { token: client });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        id: '*0',
        name: 'default',
        session_timeout: null,
        idle_timeout: 'none',
        keepalive_timeout: '2m',
        status_autorefresh: '1m',
        shared_users: '1',
        rate_limit: null,
        address_list: null,
        mac_cookie_timeout: '3d',
      },
      {
        id: expect.stringMatching(/^\*[0-9A-F]+$/),
        name: '1h',
        session_timeout: '1h',
        idle_timeout: 'none',
        keepalive_timeout: '2m',
        status_autorefresh: '1m',
        shared_users: '1',
        rate_limit: '2M/4M',
        address_list: null,
        mac_cookie_timeout: '3d',
      },
    ]);
  });

  it('answers 502 with the reason when the router cannot be reached', async () => {
    const r = await router({ puerto: await closedPort() });
    const res = await t.request('GET', `/api/v1/admin/routers/${r.id}/mikrotik-profiles`, { token: client });
    expect(res.status).toBe(502);
    expect(res.body.detail).toMatch(/^Conexión rechazada por 127\.0\.0\.1/);
  });

  it('shares one pooled connection between calls, and drops it when the router is updated', async () => {
    const r = await router();
    const before = mock.stats.connectionsAccepted;
    const path = `/api/v1/admin/routers/${r.id}/mikrotik-profiles`;
    await Promise.all([1, 2, 3].map(() => t.request('GET', path, { token: client })));
    expect(mock.stats.connectionsAccepted - before).toBe(1);
    const open = mock.stats.openConnections;
    await t.request('PUT', `/api/v1/admin/mi-empresa/routers/${r.id}`, { token: client, body: { ubicacion: 'nuevo sitio' } });
    await waitFor(() => mock.stats.openConnections === open - 1, 'the pooled connection to close');
    expect((await t.request('GET', path, { token: client })).status).toBe(200);
    expect(mock.stats.connectionsAccepted - before).toBe(2);
  });

  it('answers 404 for an unknown router', async () => {
    const res = await t.request('GET', '/api/v1/admin/routers/RTR_00000000/mikrotik-profiles', { token: client });
    expect(res.status).toBe(404);
  });
});

describe('graceful shutdown', () => {
  it('finishes a request in flight before the app finishes closing', async () => {
    const silent = await silentServer();
    const routers = new RouterPool({ timeoutMs: TIMEOUT_MS, idleMs: 60_000 });
    const second = await buildApp({ config: t.config, db: t.db, secrets: t.secrets, routers, payments: t.payments });
    try {
      const base = await second.listen({ host: '127.0.0.1', port: 0 });
      const r = await router({ puerto: silent.port });
      const slow = fetch(`${base}/api/v1/admin/routers/${r.id}/test-connection`, { headers: { authorization: `Bearer ${client}` } });
      await waitFor(() => silent.accepted() > 0, 'the request to reach the router');
      let closed = false;
      const closing = second.close().then(() => (closed = true));
      const res = await slow;
      expect(res.status).toBe(200);
      expect(((await res.json()) as { success: boolean }).success).toBe(false);
      await closing;
      expect(closed).toBe(true);
    } finally {
      await second.close();
      await routers.close();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
