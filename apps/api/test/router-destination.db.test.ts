/**
 * The router routes as a hostile tenant uses them: a new destination without the password, and
 * test-connection aimed at a denied address or name. The listener stands for the tenant's own server.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { clientAdminToken, createCompany, createRouter, superAdminToken } from './helpers/seed.js';
import { parseNetwork } from '../src/routers/destination.js';

let t: TestApp;
let root: string;
let client: string;
let company: any;
let listener: Server;
let listenerPort: number;
const received: Buffer[] = [];
const sockets = new Set<Socket>();

beforeAll(async () => {
  listener = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk) => received.push(chunk));
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  listenerPort = (listener.address() as { port: number }).port;
  // Loopback denied here, as an operator would on a server whose local services matter.
  t = await startTestApp({ config: { routerTimeoutMs: 500, routerDenyNetworks: [parseNetwork('127.0.0.0/8')!] } });
  root = await superAdminToken(t);
  company = await createCompany(t, root);
  client = await clientAdminToken(t, root, company.id, 'tenant@example.com');
});
afterAll(async () => {
  await t.close();
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => listener.close(resolve));
});

const update = (id: string, body: Record<string, unknown>, token = client) =>
  t.request('PUT', `/api/v1/admin/mi-empresa/routers/${id}`, { token, body });
const testConnection = (id: string) => t.request('GET', `/api/v1/admin/routers/${id}/test-connection`, { token: client });

describe('a new router destination needs the password', () => {
  it('refuses a new host, port or user without the password (422), for client and super admins', async () => {
    const router = await createRouter(t, root, company.id, { host: '192.0.2.10', password: 'stored-secret' });
    for (const change of [{ host: '192.0.2.99' }, { puerto: 9999 }, { usuario: 'other' }, { host: '192.0.2.99', nombre: 'x' }]) {
      const res = await update(router.id, change);
      expect(res.status).toBe(422);
      expect(res.body.detail).toMatch(/contraseña/);
      expect(res.body.detail).toMatch(/password/);
    }
    expect((await update(router.id, { puerto: 9999 }, root)).status).toBe(422);
    const unchanged = (await t.request('GET', '/api/v1/admin/mi-empresa/routers', { token: client })).body.routers[0];
    expect(unchanged).toMatchObject({ host: '192.0.2.10' });
    // The same values, other fields, or a new destination with its password: accepted.
    expect((await update(router.id, { host: '192.0.2.10', puerto: 8728, nombre: 'Lobby 2' })).status).toBe(200);
    expect((await update(router.id, { host: '192.0.2.11', password: 'new-secret' })).status).toBe(200);
    expect((await update(router.id, { puerto: 8730, password_encrypted: 'new-secret' })).status).toBe(200);
  });
});

describe('test-connection refuses denied destinations', () => {
  it('the stored password never reaches a listener the tenant points the router at', async () => {
    const router = await createRouter(t, root, company.id, { host: '192.0.2.20', password: 'stored-secret' });
    expect((await update(router.id, { host: '127.0.0.1', puerto: listenerPort })).status).toBe(422);
    expect(received).toHaveLength(0);
  });

  it('a link-local or metadata address: no connection, a clear error', async () => {
    const router = await createRouter(t, root, company.id, { host: '169.254.169.254', password: 'x' });
    const res = await testConnection(router.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: false, message: 'Error de conexión' });
    expect(res.body.error).toMatch(/no permitida/);
  });

  it('a name that resolves to a denied network (ROUTER_DENY_NETWORKS): refused before connecting', async () => {
    const router = await createRouter(t, root, company.id, { host: 'localhost', puerto: listenerPort, password: 'stored-secret' });
    const res = await testConnection(router.id);
    expect(res.body.success).toBe(false);
    expect(res.body.error).toMatch(/no permitida.*localhost/);
    // Nor does the pool connect there (the plan list reads through it).
    const profiles = await t.request('GET', `/api/v1/admin/routers/${router.id}/mikrotik-profiles`, { token: client });
    expect(profiles.status).toBe(502);
    expect(profiles.body.detail).toMatch(/no permitida/);
    expect(sockets.size).toBe(0);
    expect(received).toHaveLength(0);
  });
});
