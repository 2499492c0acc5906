import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { clientAdminToken, createCompany, createRouter, SUPER_ADMIN, superAdminToken } from './helpers/seed.js';

const SECRETS = {
  routerPassword: 'router-pass-Zq81',
  newRouterPassword: 'router-pass-new-Kw72',
  conektaPrivate: 'key_conekta_private_Xy19',
  mpToken: 'APP_USR-mp-token-Pp44',
  mpWebhook: 'mp-webhook-secret-Hh07',
  clientPassword: 'client-password-1',
};

let t: TestApp;
const logLines: string[] = [];
let apiKey: string;
let sessionToken: string;

beforeAll(async () => {
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  t = await startTestApp({ logStream });
  const root = await superAdminToken(t);
  const company = await createCompany(t, root, { conekta_private_key: SECRETS.conektaPrivate, conekta_public_key: 'key_pub' });
  const router = await createRouter(t, root, company.id, { password: SECRETS.routerPassword });
  apiKey = router.api_key;
  sessionToken = await clientAdminToken(t, root, company.id, 'secrets@example.com');
  await t.request('POST', '/api/v1/admin/mi-empresa/configurar-credenciales', {
    token: sessionToken,
    body: { mercadopago_access_token: SECRETS.mpToken, mercadopago_webhook_secret: SECRETS.mpWebhook },
  });
  await t.request('PUT', `/api/v1/admin/mi-empresa/routers/${router.id}`, {
    token: sessionToken,
    body: { password: SECRETS.newRouterPassword },
  });
});
afterAll(() => t.close());

const everySecret = () => [...Object.values(SECRETS), SUPER_ADMIN.password, apiKey, sessionToken];

describe('secrets at rest', () => {
  it('no table holds a secret, key or token in clear', async () => {
    const tables = ['empresas', 'usuarios', 'sessions', 'routers', 'router_api_keys', 'productos'];
    const dump: Record<string, unknown[]> = {};
    for (const table of tables) dump[table] = (await sql`select * from ${sql.table(table)}`.execute(t.db)).rows;
    const raw = JSON.stringify(dump);
    expect(dump.routers!.length).toBe(1);
    for (const secret of everySecret()) expect(raw).not.toContain(secret);
  });

  it('stores the sealed values with the id of the key that sealed them, and they open to the originals', async () => {
    const company = await t.db.selectFrom('empresas').selectAll().executeTakeFirstOrThrow();
    const router = await t.db.selectFrom('routers').selectAll().executeTakeFirstOrThrow();
    const prefix = `v1.${t.secrets.currentKeyId}.`;
    for (const sealed of [
      company.conekta_private_key_sealed,
      company.mercadopago_access_token_sealed,
      company.mercadopago_webhook_secret_sealed,
      router.password_sealed,
    ]) {
      expect(sealed?.startsWith(prefix)).toBe(true);
    }
    expect(t.secrets.open(router.password_sealed)).toBe(SECRETS.newRouterPassword);
    expect(t.secrets.open(company.mercadopago_webhook_secret_sealed!)).toBe(SECRETS.mpWebhook);
  });

  it('no admin answer carries a secret', async () => {
    const root = await superAdminToken(t);
    const companies = await t.request('GET', '/admin/empresas', { token: root });
    const routers = await t.request('GET', `/admin/empresas/${companies.body[0].id}/routers`, { token: root });
    const mine = await Promise.all(
      [
        '/api/v1/admin/mi-empresa',
        '/api/v1/admin/mi-empresa/conekta',
        '/api/v1/admin/mi-empresa/mercado-pago',
        '/api/v1/admin/mi-empresa/routers',
      ].map((path) => t.request('GET', path, { token: sessionToken })),
    );
    const raw = JSON.stringify([companies.body, routers.body, ...mine.map((r) => r.body)]);
    expect(raw).toContain('********');
    for (const secret of everySecret()) expect(raw).not.toContain(secret);
  });
});

describe('logs', () => {
  it('redact passwords, tokens, keys and card tokens wherever they appear', async () => {
    t.app.log.info(
      {
        password: 'log-secret-1',
        body: { token_tarjeta: 'log-secret-2', nested: { new_password: 'log-secret-3' } },
        headers: { authorization: 'Bearer log-secret-4', 'x-api-key': 'log-secret-5' },
        empresa: {
          conekta_private_key: 'log-secret-6',
          mercadopago_access_token: 'log-secret-7',
          mercadopago_webhook_secret: 'log-secret-8',
        },
        api_key: 'log-secret-9',
        access_token: 'log-secret-10',
      },
      'a careless log line',
    );
    await t.request('POST', '/api/v1/auth/login', { body: { email: 'x@example.com', password: 'log-secret-11' } });
    const raw = logLines.join('');
    expect(raw).toContain('a careless log line');
    expect(raw).toContain('[REDACTED]');
    expect(raw).not.toMatch(/log-secret-\d+/);
    for (const secret of everySecret()) expect(raw).not.toContain(secret);
  });
});
