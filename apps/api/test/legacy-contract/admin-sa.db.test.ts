/**
 * The old service's contract for admin authentication and the super admin (LEGACY-API.md §1.2, §4.2,
 * §4.3): every documented request replayed, the answer checked field by field and status by status.
 * Where this service deliberately answers otherwise (apps/api/README.md, "Deliberate differences"),
 * the test says so and checks what it answers instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSuperAdmin } from '../../src/bootstrap.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { login, SUPER_ADMIN } from '../helpers/seed.js';

const DAY_MS = 86_400_000;
let clock = new Date('2026-05-03T18:22:13.000Z');
let t: TestApp;
let root: string;

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
  await ensureSuperAdmin(t.db, SUPER_ADMIN);
  root = await login(t, SUPER_ADMIN.email, SUPER_ADMIN.password);
});
afterAll(() => t.close());

const post = (path: string, body: unknown, token = root) => t.request('POST', path, { token, body });
const get = (path: string, token = root) => t.request('GET', path, { token });
const put = (path: string, token = root) => t.request('PUT', path, { token });
/** A call to a captive-portal route with a router API key, as the old portals sent it. */
const portal = (apiKey: string) => t.request('GET', '/api/v1/config/public', { headers: { authorization: `Bearer ${apiKey}` } });

const EMPRESA_ID = /^EMP_[0-9A-F]{10}$/;
const ROUTER_ID = /^RTR_[0-9A-F]{8}$/;

/** POST /admin/empresas with the old body, checked 200. */
async function createEmpresa(nombre: string) {
  const res = await post('/admin/empresas', { nombre, contacto_email: `${nombre.toLowerCase()}@example.com` });
  expect(res.status).toBe(200);
  return res.body;
}

/** POST /admin/empresas/{id}/routers with the old body, checked 200. */
async function createRouter(empresaId: string, nombre = 'Router Plaza') {
  const res = await post(`/admin/empresas/${empresaId}/routers`, {
    empresa_id: empresaId,
    nombre,
    host: '203.0.113.10',
    usuario: 'api',
    password: 'router-secret',
    ubicacion: 'Local 4',
  });
  expect(res.status).toBe(200);
  return res.body;
}

/** POST /admin/usuarios for a client admin, checked 200; returns its session token too. */
async function createClientAdmin(empresaId: string, email: string) {
  const body = { email, password: 'client-password-1', nombre: 'Admin Empresa', rol: 'cliente_admin', empresa_id: empresaId };
  const res = await post('/admin/usuarios', body);
  expect(res.status).toBe(200);
  return { usuario: res.body.usuario, token: await login(t, email, body.password) };
}

describe('§4.2 POST /api/v1/auth/login', () => {
  it('200: access_token, token_type "bearer", expires_at and the user (empresa_id null for a super admin)', async () => {
    const res = await post('/api/v1/auth/login', { email: SUPER_ADMIN.email, password: SUPER_ADMIN.password });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      // Deliberate difference: UTC with its Z, not the old server's local time.
      expires_at: new Date(clock.getTime() + 24 * 3_600_000).toISOString(),
      user: { id: expect.any(Number), email: SUPER_ADMIN.email, nombre: 'Super admin', rol: 'super_admin', empresa_id: null, activo: true },
    });
  });

  it('200 for a client admin, with its empresa_id; the "Name <address>" form is an e-mail address too', async () => {
    const empresa = await createEmpresa('Login');
    const { usuario } = await createClientAdmin(empresa.id, 'admin@empresa.example');
    const res = await post('/api/v1/auth/login', { email: 'Admin Empresa <admin@empresa.example>', password: 'client-password-1' });
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({
      id: usuario.id,
      email: 'admin@empresa.example',
      nombre: 'Admin Empresa',
      rol: 'cliente_admin',
      empresa_id: empresa.id,
      activo: true,
    });
  });

  it('401 "Credenciales incorrectas" for an unknown e-mail and for a wrong password', async () => {
    const unknown = await post('/api/v1/auth/login', { email: 'nadie@example.com', password: 'x' });
    const wrong = await post('/api/v1/auth/login', { email: SUPER_ADMIN.email, password: 'not-the-password' });
    expect([unknown.status, unknown.body]).toEqual([401, { detail: 'Credenciales incorrectas' }]);
    expect([wrong.status, wrong.body]).toEqual([401, { detail: 'Credenciales incorrectas' }]);
  });

  it('401 "Usuario inactivo. Contacta al administrador." for an inactive user, whatever the password', async () => {
    const empresa = await createEmpresa('Inactivo');
    const { usuario } = await createClientAdmin(empresa.id, 'inactivo@example.com');
    expect((await put(`/admin/usuarios/${usuario.id}/toggle-activo`)).body.activo).toBe(false);
    for (const password of ['client-password-1', 'wrong-one']) {
      const res = await post('/api/v1/auth/login', { email: 'inactivo@example.com', password });
      expect([res.status, res.body]).toEqual([401, { detail: 'Usuario inactivo. Contacta al administrador.' }]);
    }
  });

  it('422 for an e-mail that is no address and for a missing field', async () => {
    const notEmail = await post('/api/v1/auth/login', { email: 'admin', password: 'x' });
    expect(notEmail.status).toBe(422);
    expect(notEmail.body.detail).toMatch(/email/);
    const noPassword = await post('/api/v1/auth/login', { email: SUPER_ADMIN.email });
    expect(noPassword.status).toBe(422);
    expect(noPassword.body.detail).toMatch(/password/);
  });
});

describe('§1.2 session tokens', () => {
  it('401 "Token inválido" for a token it never issued, 401 "Token expirado" after JWT_SESSION_EXPIRE_HOURS (24 h)', async () => {
    const invalid = await get('/admin/empresas', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.forged');
    expect([invalid.status, invalid.body]).toEqual([401, { detail: 'Token inválido' }]);
    const token = await login(t, SUPER_ADMIN.email, SUPER_ADMIN.password);
    clock = new Date(clock.getTime() + 24 * 3_600_000 + 1_000);
    const expired = await get('/admin/empresas', token);
    expect([expired.status, expired.body]).toEqual([401, { detail: 'Token expirado' }]);
    root = await login(t, SUPER_ADMIN.email, SUPER_ADMIN.password);
  });

  it('403 "Se requiere rol SUPER_ADMIN" / "Se requiere rol CLIENTE_ADMIN" for the wrong role', async () => {
    const empresa = await createEmpresa('Roles');
    const { token } = await createClientAdmin(empresa.id, 'roles@example.com');
    const superOnly = await get('/admin/empresas', token);
    expect([superOnly.status, superOnly.body]).toEqual([403, { detail: 'Se requiere rol SUPER_ADMIN' }]);
    const clientOnly = await get('/api/v1/admin/mi-empresa');
    expect([clientOnly.status, clientOnly.body]).toEqual([403, { detail: 'Se requiere rol CLIENTE_ADMIN' }]);
  });

  it('no credential, or another scheme: the old words, with 401 instead of 403 (deliberate difference)', async () => {
    const none = await t.request('GET', '/admin/empresas');
    expect([none.status, none.body]).toEqual([401, { detail: 'Not authenticated' }]);
    const basic = await t.request('GET', '/admin/empresas', { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } });
    expect([basic.status, basic.body]).toEqual([401, { detail: 'Invalid authentication credentials' }]);
  });
});

describe('§4.2 POST /api/v1/auth/logout and change-password', () => {
  it('logout: 200 {"message": "Sesión cerrada exitosamente"}; the token then stops working (deliberate difference: the old logout did nothing)', async () => {
    const token = await login(t, SUPER_ADMIN.email, SUPER_ADMIN.password);
    const res = await post('/api/v1/auth/logout', undefined, token);
    expect([res.status, res.body]).toEqual([200, { message: 'Sesión cerrada exitosamente' }]);
    expect((await get('/admin/empresas', token)).status).toBe(401);
  });

  it('change-password: 400 "Contraseña actual incorrecta", then 200 {"message": "Contraseña actualizada exitosamente"}', async () => {
    const empresa = await createEmpresa('Clave');
    const { token } = await createClientAdmin(empresa.id, 'clave@example.com');
    const wrong = await post('/api/v1/auth/change-password', { current_password: 'nope-nope', new_password: 'new-password-1' }, token);
    expect([wrong.status, wrong.body]).toEqual([400, { detail: 'Contraseña actual incorrecta' }]);
    const ok = await post('/api/v1/auth/change-password', { current_password: 'client-password-1', new_password: 'new-password-1' }, token);
    expect([ok.status, ok.body]).toEqual([200, { message: 'Contraseña actualizada exitosamente' }]);
    expect((await post('/api/v1/auth/login', { email: 'clave@example.com', password: 'new-password-1' })).status).toBe(200);
    expect((await post('/api/v1/auth/login', { email: 'clave@example.com', password: 'client-password-1' })).status).toBe(401);
  });
});

describe('§4.3 empresas and the dashboard', () => {
  it('POST /admin/empresas with every old field: 200, the EmpresaResponse fields, the mode as sent', async () => {
    const res = await post('/admin/empresas', {
      nombre: 'Hotspots Plaza',
      contacto_email: 'contacto',
      contacto_telefono: '+52 55 0000 0000',
      conekta_private_key: 'key_test_private',
      conekta_public_key: 'key_test_public',
      conekta_mode: 'test',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(EMPRESA_ID),
      nombre: 'Hotspots Plaza',
      // Not validated as an address by the old service either.
      contacto_email: 'contacto',
      contacto_telefono: '+52 55 0000 0000',
      conekta_mode: 'test',
      activa: true,
      creada_en: clock.toISOString(),
    });
    expect(JSON.stringify(res.body)).not.toContain('key_test_private');
    const live = await post('/admin/empresas', { nombre: 'En vivo', contacto_email: 'vivo@example.com', conekta_mode: 'live' });
    expect([live.status, live.body.conekta_mode]).toEqual([200, 'live']);
    // Without a mode: null where the old service stored its default "test" (deliberate difference: no fake keys).
    const bare = await createEmpresa('Sencilla');
    expect(bare).toMatchObject({ contacto_telefono: null, conekta_mode: null });
  });

  it('GET /admin/empresas: an array of the same shape', async () => {
    const created = await createEmpresa('Listada');
    const res = await get('/admin/empresas');
    expect(res.status).toBe(200);
    expect(res.body).toContainEqual(created);
  });

  it('GET /admin/dashboard: estadisticas {total_empresas, empresas_activas, total_usuarios} and a timestamp', async () => {
    const res = await get('/admin/dashboard');
    expect(res.status).toBe(200);
    const companies = (await get('/admin/empresas')).body as Array<{ activa: boolean }>;
    const users = (await get('/admin/usuarios')).body as unknown[];
    expect(res.body.estadisticas).toMatchObject({
      total_empresas: companies.length,
      empresas_activas: companies.filter((c) => c.activa).length,
      total_usuarios: users.length,
    });
    expect(res.body.timestamp).toBe(clock.toISOString());
  });
});

describe('§4.3 routers', () => {
  it('POST …/routers: 200 with the router, its api_key and api_key_info; empresa_id in the body is taken and the path wins', async () => {
    const empresa = await createEmpresa('Routers');
    const res = await post(`/admin/empresas/${empresa.id}/routers`, {
      empresa_id: 'EMP_0000000000',
      nombre: 'Router Plaza',
      host: '203.0.113.10',
      usuario: 'api',
      password: 'router-secret',
      ubicacion: 'Local 4',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(ROUTER_ID),
      empresa_id: empresa.id,
      nombre: 'Router Plaza',
      host: '203.0.113.10',
      puerto: 8728,
      ubicacion: 'Local 4',
      activo: true,
      api_key: expect.any(String),
      api_key_info: {
        key_id: expect.any(String),
        issued_at: clock.toISOString(),
        expires_at: new Date(clock.getTime() + 365 * DAY_MS).toISOString(),
        type: 'router_api_key',
      },
      creado_en: clock.toISOString(),
    });
    expect(JSON.stringify(res.body)).not.toContain('router-secret');
    expect((await portal(res.body.api_key)).status).toBe(200);
  });

  it('POST …/routers: 404 "Empresa no encontrada" for an unknown empresa', async () => {
    const res = await post('/admin/empresas/EMP_FFFFFFFFFF/routers', { nombre: 'x', host: '203.0.113.1', usuario: 'a', password: 'b' });
    expect([res.status, res.body]).toEqual([404, { detail: 'Empresa no encontrada' }]);
  });

  it('GET …/routers and …/routers/{id}: the router without its key; 404s for another empresa and an unknown one', async () => {
    const empresa = await createEmpresa('Lista');
    const router = await createRouter(empresa.id);
    const { api_key: _key, api_key_info: _info, ...shown } = router;
    const list = await get(`/admin/empresas/${empresa.id}/routers`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([shown]);
    expect(Object.keys(shown)).toEqual(
      expect.arrayContaining(['id', 'empresa_id', 'nombre', 'host', 'puerto', 'ubicacion', 'activo', 'creado_en']),
    );
    const one = await get(`/admin/empresas/${empresa.id}/routers/${router.id}`);
    expect([one.status, one.body]).toEqual([200, shown]);
    const other = await createEmpresa('Ajena');
    const foreign = await get(`/admin/empresas/${other.id}/routers/${router.id}`);
    expect([foreign.status, foreign.body]).toEqual([404, { detail: 'Router no encontrado o no pertenece a la empresa' }]);
    const noEmpresa = await get(`/admin/empresas/EMP_FFFFFFFFFF/routers/${router.id}`);
    expect([noEmpresa.status, noEmpresa.body]).toEqual([404, { detail: 'Empresa no encontrada' }]);
    expect((await get('/admin/empresas/EMP_FFFFFFFFFF/routers')).status).toBe(404);
  });

  it('PUT …/toggle-activo: {message, router_id, activo}, "desactivado" then "activado"', async () => {
    const empresa = await createEmpresa('Alterna');
    const router = await createRouter(empresa.id);
    const off = await put(`/admin/empresas/${empresa.id}/routers/${router.id}/toggle-activo`);
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ message: 'Router desactivado correctamente', router_id: router.id, activo: false });
    const on = await put(`/admin/empresas/${empresa.id}/routers/${router.id}/toggle-activo`);
    expect(on.body).toMatchObject({ message: 'Router activado correctamente', router_id: router.id, activo: true });
  });

  it('DELETE …/routers/{id}: 400 while it has plans, then 200 {message, router_id, empresa_id}', async () => {
    const empresa = await createEmpresa('Borra');
    const router = await createRouter(empresa.id);
    const { token } = await createClientAdmin(empresa.id, 'borra@example.com');
    const plan = await post(
      '/api/v1/admin/products',
      { router_id: router.id, perfil_mikrotik_nombre: '1h', nombre_venta: 'Una hora', precio: 15 },
      token,
    );
    expect(plan.status).toBeLessThan(300);
    const url = `/admin/empresas/${empresa.id}/routers/${router.id}`;
    const refused = await t.request('DELETE', url, { token: root });
    expect([refused.status, refused.body]).toEqual([
      400,
      { detail: 'No se puede eliminar el router porque tiene 1 producto(s) asociado(s)' },
    ]);
    expect((await t.request('DELETE', `/api/v1/admin/products/${plan.body.id}`, { token })).status).toBe(200);
    const res = await t.request('DELETE', url, { token: root });
    expect([res.status, res.body]).toEqual([
      200,
      { message: 'Router eliminado exitosamente', router_id: router.id, empresa_id: empresa.id },
    ]);
    expect((await get(url)).status).toBe(404);
  });
});

describe('§4.3 router API keys', () => {
  it('POST …/regenerate-api-key: 400 for an inactive router; 200 with new_api_key, api_key_info and previous_key_revoked', async () => {
    const empresa = await createEmpresa('Regenera');
    const router = await createRouter(empresa.id);
    const base = `/admin/empresas/${empresa.id}/routers/${router.id}`;
    await put(`${base}/toggle-activo`);
    const inactive = await post(`${base}/regenerate-api-key`, undefined);
    expect([inactive.status, inactive.body]).toEqual([400, { detail: 'No se puede regenerar API key de un router inactivo' }]);
    await put(`${base}/toggle-activo`);
    const res = await post(`${base}/regenerate-api-key`, undefined);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      message: 'API Key regenerada exitosamente',
      router_id: router.id,
      new_api_key: expect.any(String),
      api_key_info: {
        key_id: expect.any(String),
        issued_at: clock.toISOString(),
        expires_at: new Date(clock.getTime() + 365 * DAY_MS).toISOString(),
        type: 'router_api_key',
      },
      previous_key_revoked: true,
    });
    expect((await portal(router.api_key)).status).toBe(401);
    expect((await portal(res.body.new_api_key)).status).toBe(200);
  });

  it('GET …/api-keys: every key, newest first, with the old fields (the old service answered 500 here)', async () => {
    const empresa = await createEmpresa('Llaves');
    const router = await createRouter(empresa.id);
    const base = `/admin/empresas/${empresa.id}/routers/${router.id}`;
    const first = router.api_key_info.key_id;
    clock = new Date(clock.getTime() + 60_000);
    const second = (await post(`${base}/regenerate-api-key`, undefined)).body;
    await portal(second.new_api_key);
    const res = await get(`${base}/api-keys`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        key_id: second.api_key_info.key_id,
        router_id: router.id,
        empresa_id: empresa.id,
        issued_at: clock.toISOString(),
        expires_at: new Date(clock.getTime() + 365 * DAY_MS).toISOString(),
        revoked: false,
        revoked_at: null,
        last_used: clock.toISOString(),
        use_count: 1,
      }),
      expect.objectContaining({
        key_id: first,
        router_id: router.id,
        empresa_id: empresa.id,
        revoked: true,
        revoked_at: clock.toISOString(),
        last_used: null,
        use_count: 0,
      }),
    ]);
    expect(JSON.stringify(res.body)).not.toContain(second.new_api_key);
  });

  it('POST …/api-keys/{key_id}/revoke: 200 {message, key_id, router_id, revoked_at}; 400 when revoked already; 404 for an unknown key', async () => {
    const empresa = await createEmpresa('Revoca');
    const router = await createRouter(empresa.id);
    const url = `/admin/empresas/${empresa.id}/routers/${router.id}/api-keys/${router.api_key_info.key_id}/revoke`;
    const res = await post(url, undefined);
    expect([res.status, res.body]).toEqual([
      200,
      {
        message: 'API Key revocada exitosamente',
        key_id: router.api_key_info.key_id,
        router_id: router.id,
        revoked_at: clock.toISOString(),
      },
    ]);
    expect((await portal(router.api_key)).status).toBe(401);
    const again = await post(url, undefined);
    expect([again.status, again.body]).toEqual([400, { detail: 'La API Key ya está revocada' }]);
    const unknown = await post(`/admin/empresas/${empresa.id}/routers/${router.id}/api-keys/key_0000000000000000/revoke`, undefined);
    expect([unknown.status, unknown.body]).toEqual([404, { detail: 'API Key no encontrada' }]);
  });

  it('GET …/api-key-status: never used, in use, expiring within 30 days, and no key', async () => {
    const empresa = await createEmpresa('Estado');
    const router = await createRouter(empresa.id);
    const url = `/admin/empresas/${empresa.id}/routers/${router.id}/api-key-status`;
    const key = {
      key_id: router.api_key_info.key_id,
      issued_at: router.api_key_info.issued_at,
      expires_at: router.api_key_info.expires_at,
    };

    const unused = await get(url);
    expect([unused.status, unused.body]).toEqual([
      200,
      {
        router_id: router.id,
        has_active_key: true,
        ...key,
        expires_in_days: 365,
        last_used: null,
        use_count: 0,
        status: 'active',
        warning: 'Esta API Key nunca ha sido usada',
        recommendation: 'Verificar que el cliente la esté usando correctamente',
      },
    ]);

    const usedAt = clock.toISOString();
    await portal(router.api_key);
    await portal(router.api_key);
    expect((await get(url)).body).toMatchObject({
      last_used: usedAt,
      use_count: 2,
      status: 'active',
      warning: null,
      recommendation: null,
    });

    clock = new Date(clock.getTime() + 340 * DAY_MS);
    root = await login(t, SUPER_ADMIN.email, SUPER_ADMIN.password);
    expect((await get(url)).body).toMatchObject({
      expires_in_days: 25,
      warning: 'La API Key expira en 25 días',
      recommendation: 'Considerar regenerar la API Key pronto',
    });

    await post(`/admin/empresas/${empresa.id}/routers/${router.id}/api-keys/${key.key_id}/revoke`, undefined);
    expect((await get(url)).body).toEqual({
      router_id: router.id,
      has_active_key: false,
      key_id: null,
      issued_at: null,
      expires_at: null,
      expires_in_days: null,
      last_used: null,
      use_count: null,
      status: 'no_key',
      warning: null,
      recommendation: 'Generar una nueva API Key',
    });
  });

  it('GET /admin/empresas/{id}/stats: {empresa{…}, estadisticas{…}}; 404 for an unknown empresa', async () => {
    const empresa = await createEmpresa('Cifras');
    const a = await createRouter(empresa.id, 'A');
    const b = await createRouter(empresa.id, 'B');
    await put(`/admin/empresas/${empresa.id}/routers/${b.id}/toggle-activo`);
    await post(`/admin/empresas/${empresa.id}/routers/${a.id}/regenerate-api-key`, undefined);
    await createClientAdmin(empresa.id, 'cifras@example.com');
    const res = await get(`/admin/empresas/${empresa.id}/stats`);
    expect(res.status).toBe(200);
    expect(res.body.empresa).toEqual({
      id: empresa.id,
      nombre: 'Cifras',
      activa: true,
      creada_en: empresa.creada_en,
      contacto_email: 'cifras@example.com',
    });
    expect(res.body.estadisticas).toMatchObject({
      total_routers: 2,
      routers_activos: 1,
      routers_inactivos: 1,
      total_usuarios_admin: 1,
      // A's regenerated key and B's (an inactive router's key is not revoked).
      api_keys_activas: 2,
    });
    const unknown = await get('/admin/empresas/EMP_FFFFFFFFFF/stats');
    expect([unknown.status, unknown.body]).toEqual([404, { detail: 'Empresa no encontrada' }]);
  });
});

describe('§4.3 usuarios', () => {
  it('POST /admin/usuarios: 200 {"message": "Usuario creado exitosamente", "usuario": {…}}', async () => {
    const empresa = await createEmpresa('Usuarios');
    const res = await post('/admin/usuarios', {
      email: 'nuevo@example.com',
      password: 'nuevo-password',
      nombre: 'Nuevo',
      rol: 'cliente_admin',
      empresa_id: empresa.id,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      message: 'Usuario creado exitosamente',
      usuario: expect.objectContaining({
        id: expect.any(Number),
        email: 'nuevo@example.com',
        nombre: 'Nuevo',
        rol: 'cliente_admin',
        empresa_id: empresa.id,
        activo: true,
      }),
    });
    const superAdmin = await post('/admin/usuarios', {
      email: 'otro-root@example.com',
      password: 'otro-password',
      nombre: 'Root 2',
      rol: 'super_admin',
      empresa_id: null,
    });
    expect([superAdmin.status, superAdmin.body.usuario.empresa_id]).toEqual([200, null]);
  });

  it('POST /admin/usuarios refusals, in the old order and words', async () => {
    const empresa = await createEmpresa('Rechazos');
    const body = { email: 'r@example.com', password: 'r-password', nombre: 'R' };
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ ...body, rol: 'owner', empresa_id: empresa.id }, 400, "Rol inválido. Debe ser 'super_admin' o 'cliente_admin'"],
      [{ ...body, rol: 'cliente_admin' }, 400, 'cliente_admin requiere empresa_id'],
      [{ ...body, rol: 'cliente_admin', empresa_id: null }, 400, 'cliente_admin requiere empresa_id'],
      [{ ...body, rol: 'cliente_admin', empresa_id: '' }, 400, 'cliente_admin requiere empresa_id'],
      [{ ...body, rol: 'cliente_admin', empresa_id: 'EMP_FFFFFFFFFF' }, 404, 'Empresa no encontrada'],
      [{ ...body, rol: 'super_admin', empresa_id: empresa.id }, 400, 'super_admin no debe tener empresa_id'],
      [{ ...body, email: SUPER_ADMIN.email, rol: 'super_admin' }, 400, 'El email ya está registrado'],
    ];
    for (const [request, status, detail] of cases) {
      const res = await post('/admin/usuarios', request);
      expect([request, res.status, res.body]).toEqual([request, status, { detail }]);
    }
  });

  it('GET /admin/usuarios?rol=&empresa_id=: both filters optional, exact match', async () => {
    const a = await createEmpresa('FiltroA');
    const b = await createEmpresa('FiltroB');
    const ua = (await createClientAdmin(a.id, 'filtro-a@example.com')).usuario;
    const ub = (await createClientAdmin(b.id, 'filtro-b@example.com')).usuario;
    const shape = (u: any) => ({ id: u.id, email: u.email, nombre: u.nombre, rol: u.rol, empresa_id: u.empresa_id, activo: u.activo });
    const ids = async (query: string) => ((await get(`/admin/usuarios${query}`)).body as Array<{ id: number }>).map((u) => u.id);
    const all = await get('/admin/usuarios');
    expect(all.status).toBe(200);
    expect(all.body.map(shape)).toEqual(expect.arrayContaining([shape(ua), shape(ub)]));
    expect(await ids(`?empresa_id=${a.id}`)).toEqual([ua.id]);
    expect(await ids(`?rol=cliente_admin&empresa_id=${b.id}`)).toEqual([ub.id]);
    const supers = (await get('/admin/usuarios?rol=super_admin')).body as Array<{ rol: string; empresa_id: string | null }>;
    expect(supers.length).toBeGreaterThan(0);
    expect(supers.every((u) => u.rol === 'super_admin' && u.empresa_id === null)).toBe(true);
    expect(await ids('?rol=&empresa_id=')).toEqual(all.body.map((u: { id: number }) => u.id));
    expect(await ids('?rol=owner')).toEqual([]);
    expect(await ids('?empresa_id=EMP_FFFFFFFFFF')).toEqual([]);
  });

  it('GET /admin/usuarios/{id}: the user; 404 "Usuario no encontrado"', async () => {
    const empresa = await createEmpresa('Uno');
    const { usuario } = await createClientAdmin(empresa.id, 'uno@example.com');
    const res = await get(`/admin/usuarios/${usuario.id}`);
    expect([res.status, res.body]).toEqual([200, usuario]);
    const missing = await get('/admin/usuarios/999999');
    expect([missing.status, missing.body]).toEqual([404, { detail: 'Usuario no encontrado' }]);
    // An int path parameter, as FastAPI validated it.
    expect((await get('/admin/usuarios/abc')).status).toBe(422);
  });

  it('PUT /admin/usuarios/{id}/toggle-activo: {message, usuario_id, activo}; 400 for oneself; 404 for nobody', async () => {
    const empresa = await createEmpresa('Alterna usuario');
    const { usuario } = await createClientAdmin(empresa.id, 'alterna@example.com');
    const off = await put(`/admin/usuarios/${usuario.id}/toggle-activo`);
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ message: 'Usuario desactivado', usuario_id: usuario.id, activo: false });
    const on = await put(`/admin/usuarios/${usuario.id}/toggle-activo`);
    expect(on.body).toMatchObject({ message: 'Usuario activado', usuario_id: usuario.id, activo: true });
    const me = (await post('/api/v1/auth/login', SUPER_ADMIN)).body.user;
    const self = await put(`/admin/usuarios/${me.id}/toggle-activo`);
    expect([self.status, self.body]).toEqual([400, { detail: 'No puedes desactivar tu propio usuario' }]);
    const missing = await put('/admin/usuarios/999999/toggle-activo');
    expect([missing.status, missing.body]).toEqual([404, { detail: 'Usuario no encontrado' }]);
  });
});
