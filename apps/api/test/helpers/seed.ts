/** Test data made through the API itself (plus the first super admin, which start-up creates). */
import { ensureSuperAdmin } from '../../src/bootstrap.js';
import type { TestApp } from './app.js';

export const SUPER_ADMIN = { email: 'root@example.com', password: 'root-password-1' };

/** Logs in and returns the session token; fails the test on anything but 200. */
export async function login(t: TestApp, email: string, password: string): Promise<string> {
  const res = await t.request('POST', '/api/v1/auth/login', { body: { email, password } });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token as string;
}

/** Creates the super admin (once) and logs in. */
export async function superAdminToken(t: TestApp): Promise<string> {
  await ensureSuperAdmin(t.db, SUPER_ADMIN);
  return login(t, SUPER_ADMIN.email, SUPER_ADMIN.password);
}

/** The answer's body; fails the test unless the status is 200 (the old service answered its creations 200). */
async function expectCreated(res: { status: number; body: any }, what: string): Promise<any> {
  if (res.status !== 200) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function createCompany(t: TestApp, token: string, body: Record<string, unknown> = {}): Promise<any> {
  return expectCreated(await t.request('POST', '/admin/empresas', { token, body: { nombre: 'Hotspots SA', ...body } }), 'create empresa');
}

/** A router of the empresa; the answer carries `api_key`. */
export async function createRouter(t: TestApp, token: string, companyId: string, body: Record<string, unknown> = {}): Promise<any> {
  const res = await t.request('POST', `/admin/empresas/${companyId}/routers`, {
    token,
    body: { nombre: 'Lobby', host: '127.0.0.1', puerto: 8728, usuario: 'admin', password: 'router-secret', ...body },
  });
  return expectCreated(res, 'create router');
}

/** A client admin of the empresa, logged in. */
export async function clientAdminToken(t: TestApp, token: string, companyId: string, email: string): Promise<string> {
  const password = 'client-password-1';
  await expectCreated(
    await t.request('POST', '/admin/usuarios', {
      token,
      body: { email, password, nombre: 'Cliente', rol: 'cliente_admin', empresa_id: companyId },
    }),
    'create client admin',
  );
  return login(t, email, password);
}
