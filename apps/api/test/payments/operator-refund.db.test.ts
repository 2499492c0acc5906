/**
 * Issue 11, item 4, over HTTP: a client admin refunds a paid sale of the empresa
 * (`POST .../transacciones/{id}/reembolsar`): the charge is given back at the gateway once, the user
 * goes, the sale shows `reembolsado`; anything but a paid sale is 409, another empresa's is 404.
 */
import { TEST_TOKENS } from '@hotspot/fake-gateways';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAdminToken, createCompany, superAdminToken } from '../helpers/seed.js';
import { conektaBody, mercadoPagoBody, startPortalEnv, type PortalEnv } from './portal-env.js';

let env: PortalEnv;
let client: string;
let stranger: string;
beforeAll(async () => {
  env = await startPortalEnv();
  const root = await superAdminToken(env.app);
  client = await clientAdminToken(env.app, root, env.shop.company.id, 'ops@plaza.example');
  stranger = await clientAdminToken(env.app, root, (await createCompany(env.app, root, { nombre: 'Otra' })).id, 'ops@otra.example');
}, 120_000);
afterAll(() => env.close());

const refund = (id: string, token = client) =>
  env.app.request('POST', `/api/v1/admin/mi-empresa/transacciones/${id}/reembolsar`, { token });

describe('an operator refunds a paid sale', () => {
  it.each([
    ['conekta', '/api/v1/payments/pagar-conekta', () => conektaBody(env.shop.plan.id, TEST_TOKENS.approve)],
    ['mercadopago', '/api/v1/payments/pagar-mercado-pago', () => mercadoPagoBody(env.shop.plan.id, TEST_TOKENS.approve, 19.99)],
  ] as const)('through %s: given back once, the user removed, reembolsado', async (_gateway, path, body) => {
    const paid = await env.app.request('POST', path, { apiKey: env.shop.apiKey, body: body() });
    expect(paid.status).toBe(200);
    const id: string = paid.body.id_transaccion;
    expect(env.usersOf(id)).toHaveLength(1);

    expect((await refund(id, stranger)).status).toBe(404);
    const res = await refund(id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ estado: 'refunded', estado_pago: 'reembolsado', reembolso_id: expect.any(String) });
    expect(res.body.reembolsado_en).not.toBeNull();
    expect(env.usersOf(id)).toEqual([]);
    expect(env.chargesOf(id)).toMatchObject([{ status: 'refunded', refunds: [{ amountCents: 1999 }] }]);

    expect((await refund(id)).status).toBe(409);
    expect(env.chargesOf(id)[0]!.refunds).toHaveLength(1);
    const estado = await env.app.request('GET', `/api/v1/payments/estado-pago/${id}`, { apiKey: env.shop.apiKey });
    expect(estado.body).toMatchObject({ estado_pago: 'reembolsado', usuario_hotspot: null });
  });

  it('a declined sale cannot be refunded', async () => {
    const declined = await env.app.request('POST', '/api/v1/payments/pagar-conekta', {
      apiKey: env.shop.apiKey,
      body: conektaBody(env.shop.plan.id, TEST_TOKENS.decline),
    });
    expect(declined.status).toBe(402);
    expect((await refund(declined.body.id_transaccion)).status).toBe(409);
  });
});
