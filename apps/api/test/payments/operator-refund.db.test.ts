/**
 * Issue 11, item 4, over HTTP: a client admin refunds a paid sale of the empresa
 * (`POST .../transacciones/{id}/reembolsar`): the charge is given back at the gateway once, the user
 * goes, the sale shows `reembolsado`; anything but a paid sale is 409, another empresa's is 404.
 * A refund the gateway refuses leaves the sale in review for a day of reconciliation's re-checks
 * (no access given back, no refund asked again), and the same route settles it later.
 */
import { TEST_TOKENS } from '@hotspot/fake-gateways';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTransaction } from '../../src/db/transactions.js';
import { DEFAULT_RECONCILE_OPTIONS, LOOKUP_MISSES_BEFORE_REVIEW, reconcileOnce } from '../../src/payments/reconcile.js';
import { reconcileDepsFor } from '../../src/payments/reconcile-deps.js';
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
    expect(estado.body).toMatchObject({ estado_pago: 'refunded', estado: 'refunded', usuario_hotspot: null });
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

describe('the gateway refuses the refund', () => {
  const MINUTE = 60_000;
  const adds = () => env.mock.stats.commands['/ip/hotspot/user/add'] ?? 0;

  it.each([
    ['conekta', '/api/v1/payments/pagar-conekta', () => conektaBody(env.shop.plan.id, TEST_TOKENS.approve)],
    ['mercadopago', '/api/v1/payments/pagar-mercado-pago', () => mercadoPagoBody(env.shop.plan.id, TEST_TOKENS.approve, 19.99)],
  ] as const)(
    'through %s: in review for a day of re-checks, never paid or refunded again; the route settles it later',
    async (gateway, path, body) => {
      const fake = gateway === 'conekta' ? env.fakes.conekta : env.fakes.mercadoPago;
      const addsBefore = adds();
      const paid = await env.app.request('POST', path, { apiKey: env.shop.apiKey, body: body() });
      expect(paid.status).toBe(200);
      const id: string = paid.body.id_transaccion;
      expect(adds() - addsBefore).toBe(1);

      fake.refuseRefunds('the charge is too old to refund');
      try {
        const refused = await refund(id);
        expect(refused.status).toBe(200);
        expect(refused.body).toMatchObject({ estado: 'needs_review', estado_pago: 'en_revision', reembolso_id: null });
        expect(env.usersOf(id)).toEqual([]);
        expect(env.chargesOf(id)).toMatchObject([{ status: 'approved', refundRequests: 1 }]);

        // Reconciliation on a clock the test moves: every re-check would be due (1, 2, 4 … 1024 minutes, then the day's end).
        let offsetMs = 0;
        const deps = reconcileDepsFor(
          { db: env.app.db, secrets: env.app.secrets, now: () => new Date(Date.now() + offsetMs) },
          env.app.payments,
        );
        for (const minutes of [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 23 * 60]) {
          offsetMs = minutes * MINUTE + 5_000;
          const report = await reconcileOnce(deps, DEFAULT_RECONCILE_OPTIONS);
          expect(report.rechecked).not.toContain(id);
          expect(report.paid).not.toContain(id);
          expect(report.failures).toEqual([]);
        }
        if (gateway === 'mercadopago') {
          // Mercado Pago's signed notification of the (still approved) payment changes nothing either.
          expect((await env.notifyMercadoPago(env.chargesOf(id)[0]!.id)).status).toBe(200);
        }
        const inReview = (await findTransaction(env.app.db, id))!;
        expect(inReview).toMatchObject({
          state: 'needs_review',
          rechecks: 0,
          reason: expect.stringMatching(/rechazó el reembolso.*too old/),
        });
        expect(inReview.refund_decided_at).not.toBeNull();
        // One access (the purchase's), none given back; one refund asked.
        expect(adds() - addsBefore).toBe(1);
        expect(env.usersOf(id)).toEqual([]);
        expect(env.chargesOf(id)).toMatchObject([{ status: 'approved', refundRequests: 1 }]);
      } finally {
        fake.refuseRefunds(undefined);
      }

      // The operator tries again once the gateway takes it: given back once, recorded.
      const settled = await refund(id);
      expect(settled.status).toBe(200);
      expect(settled.body).toMatchObject({ estado: 'refunded', estado_pago: 'reembolsado', reembolso_id: expect.any(String) });
      expect(env.chargesOf(id)).toMatchObject([{ status: 'refunded', refundRequests: 2, refunds: [{ amountCents: 1999 }] }]);
      expect((await refund(id)).status).toBe(409);
      expect(adds() - addsBefore).toBe(1);
    },
  );

  it('a sale in review because its charge never showed up is not refundable (nothing to give back yet)', async () => {
    const lost = await env.app.request('POST', '/api/v1/payments/pagar-conekta', {
      apiKey: env.shop.apiKey,
      body: conektaBody(env.shop.plan.id, TEST_TOKENS.serverErrorUncharged),
    });
    const id: string = lost.body.id_transaccion;
    for (let pass = 0; pass < LOOKUP_MISSES_BEFORE_REVIEW; pass++) await env.reconcile();
    expect((await findTransaction(env.app.db, id))!.state).toBe('needs_review');
    expect((await refund(id)).status).toBe(409);
    expect((await findTransaction(env.app.db, id))!.state).toBe('needs_review');
  });
});
