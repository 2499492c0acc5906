import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { clientAdminToken, createCompany, login, SUPER_ADMIN, superAdminToken } from './helpers/seed.js';

let t: TestApp;
let clock = new Date('2026-01-01T00:00:00Z');
let root: string;

beforeAll(async () => {
  t = await startTestApp({
    now: () => clock,
    config: { sessionTtlHours: 2, trustProxy: true, login: { maxFailuresPerEmail: 3, maxFailuresPerAddress: 6, windowSeconds: 60 } },
  });
  root = await superAdminToken(t);
});
afterAll(() => t.close());

describe('POST /api/v1/auth/login', () => {
  it('answers a bearer token, its expiry and the user', async () => {
    const res = await t.request('POST', '/api/v1/auth/login', {
      body: { email: SUPER_ADMIN.email.toUpperCase(), password: SUPER_ADMIN.password },
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['access_token', 'expires_at', 'token_type', 'user']);
    expect(res.body.token_type).toBe('bearer');
    expect(res.body.access_token).toMatch(/^hss_[A-Za-z0-9_-]{43}$/);
    expect(res.body.expires_at).toBe(new Date(clock.getTime() + 2 * 3_600_000).toISOString());
    expect(res.body.user).toEqual({
      id: expect.any(Number),
      email: SUPER_ADMIN.email,
      nombre: 'Super admin',
      rol: 'super_admin',
      empresa_id: null,
      activo: true,
    });
  });

  it('refuses a wrong password or unknown email with the same 401', async () => {
    const wrong = await t.request('POST', '/api/v1/auth/login', { body: { email: SUPER_ADMIN.email, password: 'nope-nope' } });
    const unknown = await t.request('POST', '/api/v1/auth/login', { body: { email: 'ghost@example.com', password: 'nope-nope' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual({ detail: 'Credenciales incorrectas' });
    expect(unknown.body).toEqual(wrong.body);
  });

  it('answers 422 with a detail for a body without a password', async () => {
    const res = await t.request('POST', '/api/v1/auth/login', { body: { email: SUPER_ADMIN.email } });
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/password/);
  });

  it('answers 422 for a body that is not JSON', async () => {
    const res = await t.request('POST', '/api/v1/auth/login', { body: '{"email":' });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ detail: 'El cuerpo no es JSON válido' });
  });

  it('refuses an inactive user (401) and a client admin of an inactive empresa', async () => {
    const company = await createCompany(t, root);
    const client = await clientAdminToken(t, root, company.id, 'inactive@example.com');
    const me = await t.request('GET', '/admin/usuarios', { token: root });
    const id = me.body.find((u: any) => u.email === 'inactive@example.com').id;
    expect((await t.request('PUT', `/admin/usuarios/${id}/toggle-activo`, { token: root })).body.activo).toBe(false);
    const res = await t.request('POST', '/api/v1/auth/login', { body: { email: 'inactive@example.com', password: 'client-password-1' } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: 'Usuario inactivo. Contacta al administrador.' });
    // Deactivating ended the session it had.
    expect((await t.request('POST', '/api/v1/auth/logout', { token: client })).status).toBe(401);
  });
});

describe('login throttling', () => {
  it('answers 429 with Retry-After after too many failures for one email, even with the right password', async () => {
    const email = 'throttled@example.com';
    const company = await createCompany(t, root);
    await clientAdminToken(t, root, company.id, email);
    for (let i = 0; i < 3; i++) {
      const res = await t.request('POST', '/api/v1/auth/login', { body: { email, password: 'wrong-password' } });
      expect(res.status).toBe(401);
    }
    const blocked = await t.request('POST', '/api/v1/auth/login', { body: { email, password: 'client-password-1' } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBe(60);
    expect(blocked.body.detail).toMatch(/60 s/);
    clock = new Date(clock.getTime() + 61_000);
    expect((await t.request('POST', '/api/v1/auth/login', { body: { email, password: 'client-password-1' } })).status).toBe(200);
  });

  it('answers 429 after too many failures from one address across emails; other addresses are unaffected', async () => {
    clock = new Date(clock.getTime() + 61_000);
    const from = (address: string) => ({ 'x-forwarded-for': address });
    for (let i = 0; i < 6; i++) {
      const res = await t.request('POST', '/api/v1/auth/login', {
        body: { email: `spray${i}@example.com`, password: 'wrong-password' },
        headers: from('203.0.113.7'),
      });
      expect(res.status).toBe(401);
    }
    const blocked = await t.request('POST', '/api/v1/auth/login', {
      body: { email: 'fresh@example.com', password: 'whatever1' },
      headers: from('203.0.113.7'),
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    const elsewhere = await t.request('POST', '/api/v1/auth/login', { body: SUPER_ADMIN, headers: from('198.51.100.1') });
    expect(elsewhere.status).toBe(200);
    clock = new Date(clock.getTime() + 61_000);
  });
});

describe('sessions', () => {
  it('refuses a missing, malformed or unknown token with 401 and a Bearer challenge', async () => {
    for (const headers of [{}, { authorization: 'Basic abc' }, { authorization: 'Bearer hss_unknown' }] as Array<Record<string, string>>) {
      const res = await t.request('GET', '/admin/empresas', { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(typeof res.body.detail).toBe('string');
    }
  });

  it('expires after SESSION_TTL_HOURS', async () => {
    const token = await login(t, SUPER_ADMIN.email, SUPER_ADMIN.password);
    expect((await t.request('GET', '/admin/empresas', { token })).status).toBe(200);
    clock = new Date(clock.getTime() + 2 * 3_600_000 + 1000);
    expect((await t.request('GET', '/admin/empresas', { token })).status).toBe(401);
    root = await login(t, SUPER_ADMIN.email, SUPER_ADMIN.password);
  });

  it('logout revokes the token used', async () => {
    const token = await login(t, SUPER_ADMIN.email, SUPER_ADMIN.password);
    const res = await t.request('POST', '/api/v1/auth/logout', { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'Sesión cerrada exitosamente' });
    expect((await t.request('GET', '/admin/empresas', { token })).status).toBe(401);
    expect((await t.request('GET', '/admin/empresas', { token: root })).status).toBe(200);
  });

  it('a client admin gets 403 on super-admin routes', async () => {
    const company = await createCompany(t, root);
    const client = await clientAdminToken(t, root, company.id, 'plain-client@example.com');
    const res = await t.request('GET', '/admin/empresas', { token: client });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ detail: 'Se requiere rol SUPER_ADMIN' });
  });
});

describe('POST /api/v1/auth/change-password', () => {
  it('changes the password, keeps the caller signed in and revokes other sessions', async () => {
    const company = await createCompany(t, root);
    const first = await clientAdminToken(t, root, company.id, 'changer@example.com');
    const second = await login(t, 'changer@example.com', 'client-password-1');
    const res = await t.request('POST', '/api/v1/auth/change-password', {
      token: second,
      body: { current_password: 'client-password-1', new_password: 'brand-new-pass' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'Contraseña actualizada exitosamente' });
    expect((await t.request('GET', '/api/v1/admin/mi-empresa', { token: second })).status).toBe(200);
    expect((await t.request('POST', '/api/v1/auth/logout', { token: first })).status).toBe(401);
    expect(
      (await t.request('POST', '/api/v1/auth/login', { body: { email: 'changer@example.com', password: 'client-password-1' } })).status,
    ).toBe(401);
    await login(t, 'changer@example.com', 'brand-new-pass');
  });

  it('refuses a wrong current password (400) and a too short new one (422)', async () => {
    const wrong = await t.request('POST', '/api/v1/auth/change-password', {
      token: root,
      body: { current_password: 'not-it-at-all', new_password: 'whatever-long' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ detail: 'Contraseña actual incorrecta' });
    const short = await t.request('POST', '/api/v1/auth/change-password', {
      token: root,
      body: { current_password: SUPER_ADMIN.password, new_password: 'short' },
    });
    expect(short.status).toBe(422);
    expect(short.body.detail).toMatch(/new_password/);
  });

  it('answers 401 without a session, before looking at the body', async () => {
    const res = await t.request('POST', '/api/v1/auth/change-password', { body: {} });
    expect(res.status).toBe(401);
  });
});
