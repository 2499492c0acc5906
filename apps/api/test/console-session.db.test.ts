/**
 * The console's cookie session: the token only in an HttpOnly, SameSite=Strict cookie (Secure behind
 * TLS), writes refused without the session's CSRF token, sign-out revoking it server-side, the login
 * throttle shared with the Bearer login, and Bearer scripts unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { clientAdminToken, createCompany, SUPER_ADMIN, superAdminToken } from './helpers/seed.js';

let t: TestApp;
let root: string;
let companyId: string;
const CLIENT = { email: 'panel@example.com', password: 'client-password-1' };

beforeAll(async () => {
  t = await startTestApp({ config: { trustProxy: true, login: { maxFailuresPerEmail: 3, maxFailuresPerAddress: 50, windowSeconds: 60 } } });
  root = await superAdminToken(t);
  companyId = (await createCompany(t, root)).id;
  await clientAdminToken(t, root, companyId, CLIENT.email);
});
afterAll(() => t.close());

/** Signs in through the console route; returns the cookie pair to send back and the CSRF token. */
async function signIn(credentials = CLIENT, headers: Record<string, string> = {}) {
  const res = await t.request('POST', '/api/v1/auth/session', { body: credentials, headers });
  expect(res.status).toBe(200);
  const setCookie = res.headers.get('set-cookie')!;
  return { setCookie, cookie: setCookie.split(';')[0]!, csrf: res.body.csrf_token as string, body: res.body };
}

describe('console session', () => {
  it('sets the token only in an HttpOnly, SameSite=Strict cookie; Secure when the request came over TLS', async () => {
    const plain = await signIn();
    expect(plain.setCookie).toMatch(/^hs_session=hss_[A-Za-z0-9_-]{43}; Path=\/; Expires=.+; HttpOnly; SameSite=Strict$/);
    expect(JSON.stringify(plain.body)).not.toContain(plain.cookie.split('=')[1]);
    expect(plain.body.user).toMatchObject({ email: CLIENT.email, rol: 'cliente_admin', empresa_id: companyId });
    const proxied = await signIn(CLIENT, { 'x-forwarded-proto': 'https' });
    expect(proxied.setCookie).toMatch(/; Secure$/);
  });

  it('reads with the cookie alone; writes only with the CSRF token; Bearer scripts need none', async () => {
    const { cookie, csrf } = await signIn();
    const me = await t.request('GET', '/api/v1/auth/session', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body.csrf_token).toBe(csrf);
    expect((await t.request('GET', '/api/v1/admin/mi-empresa', { headers: { cookie } })).status).toBe(200);

    const body = { nombre: 'Renombrada' };
    const forged = await t.request('PUT', '/api/v1/admin/mi-empresa', { headers: { cookie }, body });
    expect(forged.status).toBe(403);
    const wrong = await t.request('PUT', '/api/v1/admin/mi-empresa', { headers: { cookie, 'x-csrf-token': `${csrf.slice(1)}x` }, body });
    expect(wrong.status).toBe(403);
    const ok = await t.request('PUT', '/api/v1/admin/mi-empresa', { headers: { cookie, 'x-csrf-token': csrf }, body });
    expect(ok.status).toBe(200);
    expect(ok.body.empresa.nombre).toBe('Renombrada');

    // Another session's CSRF token is no good for this one.
    const other = await signIn();
    expect((await t.request('PUT', '/api/v1/admin/mi-empresa', { headers: { cookie, 'x-csrf-token': other.csrf }, body })).status).toBe(
      403,
    );

    const bearer = await t.request('POST', '/api/v1/auth/login', { body: CLIENT });
    const scripted = await t.request('PUT', '/api/v1/admin/mi-empresa', { token: bearer.body.access_token, body: { nombre: 'Script' } });
    expect(scripted.status).toBe(200);
  });

  it('signs out: the session is revoked server-side and the cookie cleared', async () => {
    const { cookie, csrf } = await signIn();
    expect((await t.request('DELETE', '/api/v1/auth/session', { headers: { cookie } })).status).toBe(403);
    const out = await t.request('DELETE', '/api/v1/auth/session', { headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^hs_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict/);
    // The browser could keep the old cookie: the server no longer takes it.
    expect((await t.request('GET', '/api/v1/auth/session', { headers: { cookie } })).status).toBe(401);
  });

  it('changes the password with the cookie and CSRF token, ending the other sessions', async () => {
    const user = { email: 'pw@example.com', password: 'client-password-1' };
    await clientAdminToken(t, root, companyId, user.email);
    const kept = await signIn(user);
    const other = await signIn(user);
    const change = { current_password: user.password, new_password: 'client-password-2' };
    expect((await t.request('POST', '/api/v1/auth/change-password', { headers: { cookie: kept.cookie }, body: change })).status).toBe(403);
    const res = await t.request('POST', '/api/v1/auth/change-password', {
      headers: { cookie: kept.cookie, 'x-csrf-token': kept.csrf },
      body: change,
    });
    expect(res.status).toBe(200);
    expect((await t.request('GET', '/api/v1/auth/session', { headers: { cookie: kept.cookie } })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/auth/session', { headers: { cookie: other.cookie } })).status).toBe(401);
  });

  it('takes the Bearer login throttle: failures on one route count on the other', async () => {
    const email = SUPER_ADMIN.email;
    for (let i = 0; i < 2; i++) {
      expect((await t.request('POST', '/api/v1/auth/session', { body: { email, password: 'wrong-password' } })).status).toBe(401);
    }
    expect((await t.request('POST', '/api/v1/auth/login', { body: { email, password: 'wrong-password' } })).status).toBe(401);
    const limited = await t.request('POST', '/api/v1/auth/session', { body: { email, password: SUPER_ADMIN.password } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('set-cookie')).toBeNull();
  });

  it('serves the console at /panel/ with a strict content security policy', async () => {
    const redirect = await fetch(`${t.url}/panel`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/panel/');
    const page = await fetch(`${t.url}/panel/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toMatch(/<script type="module" crossorigin src="\/panel\/assets\/[^"]+\.js"><\/script>/);
  });
});
