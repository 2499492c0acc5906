/**
 * The old service's contract for GET /, GET /health and the hotspot routes a captive portal calls
 * with its API key (LEGACY-API.md §4.1, §4.5.6–4.5.8): each documented request replayed against the
 * real service (mock router behind it), each answer checked field by field and status by status,
 * and the places where this service deliberately differs (§8: the password is checked, attempts
 * are limited, no password in any answer).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { updateCompany } from '../../src/db/companies.js';
import { updateRouter } from '../../src/db/routers.js';
import { SERVICE_VERSION } from '../../src/version.js';
import { closedPort } from '../helpers/net.js';
import { startPortalEnv, type PortalEnv } from '../payments/portal-env.js';
import { seedShop, type Shop } from '../payments/shop.js';

let env: PortalEnv;
let offline: Shop;
/** The service's clock: each test starts an hour after the last, so no attempt window carries over. */
let clock = new Date('2026-05-03T18:30:02.004Z');
beforeAll(async () => {
  env = await startPortalEnv({ now: () => clock });
  offline = await seedShop(env.app.db, env.app.secrets, { port: await closedPort() });
});
afterAll(() => env.close());
beforeEach(() => {
  clock = new Date(clock.getTime() + 3_600_000);
});

/** The old service's timestamps: naive UTC, no offset. */
const naive = () => clock.toISOString().slice(0, -1);
const post = (path: string, body: unknown, apiKey = env.shop.apiKey) => env.app.request('POST', path, { apiKey, body });
const reconnect = (body: Record<string, unknown>, apiKey?: string) => post('/api/v1/hotspot/auto-reconnect', body, apiKey);
const profileInfo = (body: Record<string, unknown>, apiKey?: string) => post('/api/v1/hotspot/user/profile-info', body, apiKey);

let seq = 0;
/** A hotspot user on the mock router (as a sale, the old service or the operator left it); its name is fresh. */
function routerUser(fields: Record<string, string> = {}): { name: string; password: string } {
  const name = fields.name ?? `PT-${String(++seq).padStart(5, '0')}X`;
  const password = fields.password ?? '0482';
  env.mock.state.add('/ip/hotspot/user', { profile: '1h', ...fields, name, password });
  return { name, password };
}
/** A device the hotspot has seen (its host row), so the router knows its address. */
function device(mac: string, address: string): void {
  env.mock.state.add('/ip/hotspot/host', { 'mac-address': mac, address, 'to-address': address, server: 'hotspot1' });
}
const sessionsOf = (user: string) => env.mock.state.items('/ip/hotspot/active').filter((s) => s.user === user);
const usersNamed = (prefix: string) => env.mock.state.items('/ip/hotspot/user').filter((u) => u.name!.startsWith(prefix));

describe('§4.1 GET / and GET /health', () => {
  it('GET / answers the old banner (plus our name)', async () => {
    const res = await env.app.request('GET', '/');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      message: 'Sistema de pagos y gestión de accesos WiFi para hotspots MikroTik',
      version: SERVICE_VERSION,
      status: 'running',
      timestamp: `${clock.toISOString().slice(0, 19)}+00:00Z`,
      docs: '/docs',
      name: 'hotspot-pagos-api',
    });
  });

  it('GET /health answers {"status":"healthy"} (plus the database check)', async () => {
    const res = await env.app.request('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'healthy', database: 'ok' });
  });

  it('GET /static/… serves the logos only; anything else is 404 {"detail"}', async () => {
    const res = await env.app.request('GET', '/static/css/portal.css');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: 'Not Found' });
  });
});

describe('§4.5.6 POST /api/v1/hotspot/auto-reconnect', () => {
  const emptyTimes = { tiempo_acumulado: null, tiempo_restante: null, primera_sesion: null };

  it('every documented field sent, the right password: logged in, the session in datos_sesion', async () => {
    const user = routerUser();
    device('5A:1F:9C:33:0E:7B', '10.5.50.23');
    const res = await reconnect({
      username: user.name,
      password: user.password,
      stored_mac: 'AA:AA:AA:AA:AA:AA',
      current_mac: '5A:1F:9C:33:0E:7B',
      current_ip: '10.5.50.23',
      current_ssid: 'Plaza WiFi',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      estado: 'activo',
      auto_conexion: 'conectado',
      datos_sesion: { user: user.name, address: '10.5.50.23', uptime: '0s', 'bytes-in': 0, 'bytes-out': 0 },
      nueva_mac: '5A:1F:9C:33:0E:7B',
      ...emptyTimes,
      mensaje: 'Conexión exitosa (método: ip_mac_user_pass)',
      error_detalle: null,
      timestamp: naive(),
    });
    expect(sessionsOf(user.name)).toMatchObject([{ address: '10.5.50.23', 'mac-address': '5A:1F:9C:33:0E:7B' }]);
    // The password the old answer could carry (the router's user record) is in no answer.
    expect(JSON.stringify(res.body)).not.toContain(user.password);
  });

  it('only the required fields: the address comes from the router by MAC; nueva_mac echoes the MAC as sent', async () => {
    const user = routerUser();
    device('5A:1F:9C:33:0E:7C', '10.5.50.24');
    const res = await reconnect({ username: user.name, password: user.password, current_mac: '5a-1f-9c-33-0e-7c' });
    expect(res.body).toMatchObject({ success: true, estado: 'activo', auto_conexion: 'conectado', nueva_mac: '5a-1f-9c-33-0e-7c' });
    expect(sessionsOf(user.name)).toMatchObject([{ address: '10.5.50.24', 'mac-address': '5A:1F:9C:33:0E:7C' }]);
  });

  it.each(['0.0.0.0', 'not-an-ip', '', null])('current_ip %j is not used: the router is asked by MAC, as before', async (ip) => {
    const user = routerUser();
    const mac = `5A:1F:9C:33:1E:${String(10 + seq).slice(-2)}`;
    device(mac, '10.5.50.25');
    const res = await reconnect({ username: user.name, password: user.password, current_mac: mac, current_ip: ip });
    expect(res.body).toMatchObject({ success: true, auto_conexion: 'conectado', datos_sesion: { address: '10.5.50.25' } });
  });

  it('a PIN user (no password on the router) reconnects with password "" or none, as old portals send it', async () => {
    const pin = routerUser({ name: 'PT-40817', password: '' });
    device('5A:1F:9C:33:0E:01', '10.5.50.31');
    const omitted = await reconnect({ username: pin.name, current_mac: '5A:1F:9C:33:0E:01' });
    expect(omitted.body).toMatchObject({ success: true, estado: 'activo', auto_conexion: 'conectado' });
    const empty = await reconnect({ username: pin.name, password: '', current_mac: '5A:1F:9C:33:0E:01' });
    expect(empty.body).toMatchObject({ success: true, estado: 'activo', auto_conexion: 'conectado' });
  });

  it('this service\'s PIN (the name is the password) reconnects with password "" too', async () => {
    const pin = routerUser({ name: '4081712345', password: '4081712345' });
    device('5A:1F:9C:33:0E:02', '10.5.50.32');
    const res = await reconnect({ username: pin.name, password: '', current_mac: '5A:1F:9C:33:0E:02' });
    expect(res.body).toMatchObject({ success: true, estado: 'activo', auto_conexion: 'conectado' });
  });

  it('the old estado "expirado": unknown user, MAC-looking name, and (now) a wrong or missing password, all alike', async () => {
    const user = routerUser();
    routerUser({ name: 'AA:BB:CC:DD:EE:FF', password: '' });
    const bodies = [
      { username: 'PT-NOBODY', password: '1234' },
      { username: 'AA:BB:CC:DD:EE:FF' },
      { username: user.name, password: '0483' },
      { username: user.name, password: '482' },
      { username: user.name, password: '' },
      { username: user.name },
    ];
    for (const [i, body] of bodies.entries()) {
      // One device each: a device has 5 attempts a minute.
      const mac = `5A:1F:9C:33:0F:0${i}`;
      device(mac, `10.5.51.${i + 1}`);
      const res = await reconnect({ ...body, current_mac: mac });
      expect([body, res.status, res.body]).toEqual([
        body,
        200,
        {
          success: false,
          estado: 'expirado',
          auto_conexion: 'no_conectado',
          datos_sesion: null,
          nueva_mac: mac,
          ...emptyTimes,
          mensaje: 'Usuario no encontrado',
          error_detalle: null,
          timestamp: naive(),
        },
      ]);
    }
    expect(sessionsOf(user.name)).toEqual([]);
  });

  it('the device is not on the hotspot: estado activo, not connected, and why', async () => {
    const user = routerUser();
    const res = await reconnect({ username: user.name, password: user.password, current_mac: '5A:1F:9C:33:0E:04' });
    expect(res.body).toEqual({
      success: false,
      estado: 'activo',
      auto_conexion: 'no_conectado',
      datos_sesion: null,
      nueva_mac: '5A:1F:9C:33:0E:04',
      ...emptyTimes,
      mensaje: 'El dispositivo debe estar conectado al hotspot primero',
      error_detalle: 'No se pudo detectar IP del cliente',
      timestamp: naive(),
    });
  });

  it("the router refuses the login: the old message, the router's words in error_detalle", async () => {
    const user = routerUser();
    env.mock.faults.set({ trapReplyTo: { '/ip/hotspot/active/login': 'no more sessions are allowed for user' } });
    try {
      const res = await reconnect({
        username: user.name,
        password: user.password,
        current_mac: '5A:1F:9C:33:0E:05',
        current_ip: '10.5.50.35',
      });
      expect(res.body).toMatchObject({
        success: false,
        estado: 'activo',
        auto_conexion: 'no_conectado',
        datos_sesion: null,
        mensaje: 'Login directo falló después de varios intentos. Revisa logs del router.',
        error_detalle: 'no more sessions are allowed for user',
      });
    } finally {
      env.mock.faults.clear();
    }
  });

  it('"already logged in" from the router counts as connected, as before', async () => {
    const user = routerUser();
    env.mock.faults.set({ trapReplyTo: { '/ip/hotspot/active/login': 'already logged in' } });
    try {
      const res = await reconnect({
        username: user.name,
        password: user.password,
        current_mac: '5A:1F:9C:33:0E:06',
        current_ip: '10.5.50.36',
      });
      expect(res.body).toMatchObject({
        success: true,
        estado: 'activo',
        auto_conexion: 'conectado',
        datos_sesion: null,
        mensaje: 'El usuario ya estaba conectado previamente',
        error_detalle: null,
      });
    } finally {
      env.mock.faults.clear();
    }
  });

  it("the user's session on its old MAC is ended, and the new device logged in", async () => {
    const user = routerUser();
    env.mock.state.add('/ip/hotspot/active', { user: user.name, address: '10.5.50.40', 'mac-address': '5A:1F:9C:33:0E:40' });
    const res = await reconnect({
      username: user.name,
      password: user.password,
      current_mac: '5A:1F:9C:33:0E:41',
      current_ip: '10.5.50.41',
    });
    expect(res.body).toMatchObject({ success: true, auto_conexion: 'conectado' });
    expect(sessionsOf(user.name)).toMatchObject([{ address: '10.5.50.41', 'mac-address': '5A:1F:9C:33:0E:41' }]);
  });

  it('a user with MODE=/TL=/TA= in its comment gets a copy per device MAC (_RANDMAC1), reused on the next visit', async () => {
    const user = routerUser({ comment: 'MODE=1 TL=1d TA=0' });
    device('5A:1F:9C:33:0E:50', '10.5.50.50');
    const first = await reconnect({ username: user.name, password: user.password, current_mac: '5A:1F:9C:33:0E:50' });
    const copy = `${user.name}_RANDMAC1`;
    expect(first.body).toMatchObject({ success: true, auto_conexion: 'conectado', datos_sesion: { user: copy, address: '10.5.50.50' } });
    expect(usersNamed(user.name)).toMatchObject([
      { name: user.name, password: user.password, profile: '1h' },
      { name: copy, password: user.password, profile: '1h', comment: 'MODE=1 TL=1d TA=0', 'mac-address': '5A:1F:9C:33:0E:50' },
    ]);
    const again = await reconnect({ username: user.name, password: user.password, current_mac: '5A:1F:9C:33:0E:50' });
    expect(again.body).toMatchObject({ success: true, datos_sesion: { user: copy } });
    expect(usersNamed(user.name)).toHaveLength(2);
  });

  it('the router cannot be reached: estado "error" (the old "expirado" would make a portal forget good credentials)', async () => {
    const res = await reconnect({ username: 'PT-00001', password: '1234', current_mac: '5A:1F:9C:33:0E:07' }, offline.apiKey);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: false,
      estado: 'error',
      auto_conexion: 'no_conectado',
      datos_sesion: null,
      nueva_mac: '5A:1F:9C:33:0E:07',
      ...emptyTimes,
      mensaje: 'Error interno del servidor',
      error_detalle: 'Router no disponible',
      timestamp: naive(),
    });
  });

  it('a MAC that is not one (the old service pasted it into a router script) and a missing field: 422 {"detail"}', async () => {
    const user = routerUser();
    for (const body of [
      { username: user.name, password: user.password, current_mac: 'AA:BB:CC:00:00:01";/system reboot' },
      { username: user.name, password: user.password, current_mac: 'AABB.CC00.0001' },
      { username: user.name, password: user.password },
      { password: user.password, current_mac: 'AA:BB:CC:00:00:01' },
    ]) {
      const res = await reconnect(body);
      expect([body, res.status, typeof res.body.detail]).toEqual([body, 422, 'string']);
    }
    expect(env.mock.state.items('/system/script')).toEqual([]);
  });

  it('without an API key: 401 {"detail"}', async () => {
    const res = await env.app.request('POST', '/api/v1/hotspot/auto-reconnect', {
      body: { username: 'x', current_mac: 'AA:BB:CC:00:00:01' },
    });
    expect(res.status).toBe(401);
    expect(typeof res.body.detail).toBe('string');
  });

  it('attempts are limited per router and MAC: the sixth in a minute is 429 with Retry-After; another MAC goes on', async () => {
    const mac = '5A:1F:9C:33:0E:60';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await reconnect({ username: 'PT-NOBODY', password: `guess${i}`, current_mac: mac })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await reconnect({ username: 'PT-NOBODY', password: 'guess', current_mac: mac });
    expect(limited.body).toEqual({ detail: expect.stringMatching(/^Demasiados intentos/) });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await reconnect({ username: 'PT-NOBODY', password: 'guess', current_mac: '5A:1F:9C:33:0E:61' })).status).toBe(200);
  });
});

describe('§4.5.7 POST /api/v1/hotspot/user/profile-info', () => {
  const refused = (username: string) => ({
    success: false,
    estado: 'credenciales_invalidas',
    username,
    tipo_usuario: null,
    profile: null,
    mac_cookie_timeout: null,
    mac_authentication: null,
    disabled: null,
    comment: null,
    limit_uptime: null,
    datos_completos: null,
    mensaje: 'Credenciales incorrectas o no autorizado',
    error_detalle: 'credenciales_invalidas',
    timestamp: naive(),
  });

  it('a PIN user, no password sent: the documented answer (without the password in datos_completos)', async () => {
    const pin = routerUser({ name: 'PT-40818', password: '' });
    const id = env.mock.state.items('/ip/hotspot/user').find((u) => u.name === pin.name)!['.id'];
    const res = await profileInfo({ username: pin.name });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      estado: 'ok',
      username: pin.name,
      tipo_usuario: 'pin',
      profile: '1h',
      mac_cookie_timeout: '3d',
      mac_authentication: false,
      disabled: false,
      comment: '',
      limit_uptime: null,
      datos_completos: { '.id': id, name: pin.name, profile: '1h', disabled: false },
      mensaje: null,
      error_detalle: null,
      timestamp: naive(),
    });
  });

  it('a user with a password: accepted only with it; a leading zero works (the old service read 0482 as 482)', async () => {
    const user = routerUser({ password: '0482', comment: 'cliente 7', 'limit-uptime': '1h' });
    const ok = await profileInfo({ username: user.name, password: '0482' });
    expect(ok.body).toMatchObject({
      success: true,
      estado: 'ok',
      tipo_usuario: 'usuario_contrasena',
      profile: '1h',
      comment: 'cliente 7',
      limit_uptime: '1h',
      datos_completos: { name: user.name, profile: '1h', disabled: false, comment: 'cliente 7', 'limit-uptime': '1h' },
    });
    expect(ok.body.datos_completos).not.toHaveProperty('password');
    for (const password of ['482', 'wrong', null, undefined]) {
      const res = await profileInfo({ username: user.name, password });
      expect([password, res.body]).toEqual([password, refused(user.name)]);
    }
  });

  it('the old credential rule: a PIN user with any password string, "" included, is refused; an unknown user too', async () => {
    const pin = routerUser({ name: 'PT-40819', password: '' });
    for (const password of ['', '1234']) expect((await profileInfo({ username: pin.name, password })).body).toEqual(refused(pin.name));
    expect((await profileInfo({ username: 'PT-NOBODY' })).body).toEqual(refused('PT-NOBODY'));
  });

  it("this service's PIN (name = password) is a PIN: no password, or the PIN itself", async () => {
    const pin = routerUser({ name: '5081712345', password: '5081712345' });
    expect((await profileInfo({ username: pin.name })).body).toMatchObject({ success: true, tipo_usuario: 'pin' });
    expect((await profileInfo({ username: pin.name, password: pin.password })).body).toMatchObject({ success: true, tipo_usuario: 'pin' });
  });

  it("disabled is the router's real flag (the old answer was always false)", async () => {
    const user = routerUser({ disabled: 'true' });
    const res = await profileInfo({ username: user.name, password: user.password });
    expect(res.body).toMatchObject({ success: true, disabled: true, datos_completos: { disabled: true } });
  });

  it('the router cannot be reached: estado "error" (the old answer said credenciales_invalidas)', async () => {
    const res = await profileInfo({ username: 'PT-00001', password: '1234' }, offline.apiKey);
    expect(res.body).toEqual({
      ...refused('PT-00001'),
      estado: 'error',
      mensaje: 'Error interno del servidor',
      error_detalle: 'Router no disponible',
    });
  });

  it('wrong passwords for one user are limited (10 in 15 minutes), and the right one is then refused too', async () => {
    const user = routerUser({ password: '7391' });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await profileInfo({ username: user.name, password: String(1000 + i) })).status);
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
    expect((await profileInfo({ username: user.name, password: '7391' })).status).toBe(429);
  });

  it('a missing username: 422 {"detail"}', async () => {
    const res = await profileInfo({ password: '1234' });
    expect(res.status).toBe(422);
    expect(typeof res.body.detail).toBe('string');
  });
});

describe('estado router_inactivo / empresa_inactiva', () => {
  it("are never answered: an inactive router's or empresa's key is refused first (401), where the old key kept working", async () => {
    const user = routerUser();
    const routerOff = await seedShop(env.app.db, env.app.secrets, { port: env.mock.port });
    await updateRouter(env.app.db, routerOff.router.id, routerOff.company.id, { activo: false });
    const companyOff = await seedShop(env.app.db, env.app.secrets, { port: env.mock.port });
    await updateCompany(env.app.db, companyOff.company.id, { activa: false });
    for (const shop of [routerOff, companyOff]) {
      const reconnected = await reconnect({ username: user.name, password: user.password, current_mac: '5A:1F:9C:33:0E:70' }, shop.apiKey);
      const profile = await profileInfo({ username: user.name, password: user.password }, shop.apiKey);
      expect([reconnected.status, profile.status]).toEqual([401, 401]);
      expect(reconnected.body).toEqual({ detail: expect.any(String) });
    }
    expect(sessionsOf(user.name)).toEqual([]);
  });
});

describe('§4.5.8 POST /api/v1/routers/validar-empresa-router', () => {
  const validate = (apiKey: string, headers: Record<string, string> = {}) =>
    env.app.request('POST', '/api/v1/routers/validar-empresa-router', { apiKey, headers });

  it('the router answers: estado activo', async () => {
    const res = await validate(env.shop.apiKey);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      estado: 'activo',
      mensaje: 'Router en línea y responde correctamente',
      error_detalle: null,
      conexion_ok: true,
      timestamp: naive(),
    });
  });

  it('the router does not answer: estado router_inactivo', async () => {
    const res = await validate(offline.apiKey);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: false,
      estado: 'router_inactivo',
      mensaje: 'El router no está en línea (conexión fallida)',
      error_detalle: 'router_inactivo',
      conexion_ok: false,
      timestamp: naive(),
    });
  });

  it('a JSON content type with no body, or any body, is not refused (the route reads none)', async () => {
    const empty = await validate(env.shop.apiKey, { 'content-type': 'application/json' });
    expect([empty.status, empty.body.estado]).toEqual([200, 'activo']);
    const res = await env.app.request('POST', '/api/v1/routers/validar-empresa-router', { apiKey: env.shop.apiKey, body: { anything: 1 } });
    expect([res.status, res.body.estado]).toEqual([200, 'activo']);
  });

  it('without an API key: 401 {"detail"}', async () => {
    const res = await env.app.request('POST', '/api/v1/routers/validar-empresa-router');
    expect(res.status).toBe(401);
    expect(typeof res.body.detail).toBe('string');
  });
});
