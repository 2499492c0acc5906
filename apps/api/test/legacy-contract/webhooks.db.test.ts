/**
 * The old service's webhook contract (LEGACY-API.md §4.6): Mercado Pago's notification and the
 * webhook setup routes, each documented request replayed, each answer checked field by field and
 * status by status; and the holes of §8.1/§8.2 closed: the signature is required, the setup and
 * transaction routes need the empresa's session, and another empresa is answered as unknown.
 */
import { randomUUID } from 'node:crypto';
import { signMercadoPagoWebhook, TEST_TOKENS } from '@hotspot/fake-gateways';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findCompany } from '../../src/db/companies.js';
import { findTransaction } from '../../src/db/transactions.js';
import { clientAdminToken, superAdminToken } from '../helpers/seed.js';
import { mercadoPagoBody, startPortalEnv, type PortalEnv } from '../payments/portal-env.js';
import { seedShop, WEBHOOK_SECRET, type Shop } from '../payments/shop.js';

let env: PortalEnv;
let other: Shop;
let root: string;
let admin: string;
let otherAdmin: string;
/** The service's clock: each test starts an hour after the last. */
let clock = new Date('2026-05-03T18:40:00.001Z');
beforeAll(async () => {
  env = await startPortalEnv({ now: () => clock });
  other = await seedShop(env.app.db, env.app.secrets, { port: env.mock.port });
  root = await superAdminToken(env.app);
  admin = await clientAdminToken(env.app, root, env.shop.company.id, 'ana@plaza.example');
  otherAdmin = await clientAdminToken(env.app, root, other.company.id, 'otro@otra.example');
});
afterAll(() => env.close());
beforeEach(() => {
  clock = new Date(clock.getTime() + 3_600_000);
});

const naive = () => clock.toISOString().slice(0, -1);
const hook = '/api/v1/webhook/mercado-pago';

/** A Mercado Pago purchase left pending at the gateway: its transaction id and payment id. */
async function pendingPurchase(): Promise<{ id: string; paymentId: string }> {
  const res = await env.app.request('POST', '/api/v1/payments/pagar-mercado-pago', {
    apiKey: env.shop.apiKey,
    body: mercadoPagoBody(env.shop.plan.id, TEST_TOKENS.pending, 19.99),
  });
  const id = res.body.id_transaccion as string;
  const charge = env.fakes.mercadoPago.charges.find((c) => c.reference === id);
  if (!charge) throw new Error(`no charge for ${JSON.stringify(res.body)}`);
  return { id, paymentId: charge.id };
}

/** Mercado Pago's notification as it sends it: the payment id in the query and in the body, signed. */
function notify(paymentId: string, body: Record<string, unknown>, options: { secret?: string; query?: string } = {}) {
  const requestId = randomUUID();
  const signature = signMercadoPagoWebhook({ secret: options.secret ?? WEBHOOK_SECRET, dataId: paymentId, requestId });
  return env.app.request('POST', `${hook}?data.id=${paymentId}${options.query ?? ''}`, {
    body,
    headers: { 'x-request-id': requestId, 'x-signature': signature },
  });
}
const mpBody = (paymentId: string, type = 'payment') => ({
  id: 12345678901,
  live_mode: false,
  type,
  date_created: '2026-05-03T12:40:00.000-06:00',
  user_id: '44444',
  api_version: 'v1',
  action: 'payment.updated',
  data: { id: paymentId },
});

describe('POST /api/v1/webhook/mercado-pago', () => {
  it('a payment notification for a known transaction: the old extended answer (plus resultado and estado)', async () => {
    const { id, paymentId } = await pendingPurchase();
    env.fakes.mercadoPago.setStatus(paymentId, 'approved');
    const res = await notify(paymentId, mpBody(paymentId));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'received',
      message: 'Webhook received and queued',
      received_at: naive(),
      notification_id: '12345678901',
      type: 'payment',
      empresa: { id: env.shop.company.id, nombre: env.shop.company.nombre },
      transaction: { id, transaccion_id: paymentId, external_reference: id },
      signature_verified: true,
      data_id: paymentId,
      resultado: 'procesado',
      estado: 'pagado',
    });
    expect((await findTransaction(env.app.db, id))?.state).toBe('paid');
  });

  it('the same notification again: the same answer, resultado "duplicado", nothing done twice', async () => {
    const { id, paymentId } = await pendingPurchase();
    const requestId = randomUUID();
    const headers = {
      'x-request-id': requestId,
      'x-signature': signMercadoPagoWebhook({ secret: WEBHOOK_SECRET, dataId: paymentId, requestId }),
    };
    const send = () => env.app.request('POST', `${hook}?data.id=${paymentId}`, { body: mpBody(paymentId), headers });
    expect((await send()).body).toMatchObject({ resultado: 'procesado', transaction: { id } });
    const again = await send();
    expect(again.status).toBe(200);
    expect(again.body).toEqual({
      status: 'received',
      message: 'Webhook received and queued',
      received_at: naive(),
      notification_id: '12345678901',
      type: 'payment',
      empresa: { id: env.shop.company.id, nombre: env.shop.company.nombre },
      transaction: { id, transaccion_id: paymentId, external_reference: id },
      signature_verified: true,
      data_id: paymentId,
      resultado: 'duplicado',
    });
  });

  it('type "test" for a known transaction: the old test answer (empresa is its name)', async () => {
    const { paymentId } = await pendingPurchase();
    const res = await notify(paymentId, mpBody(paymentId, 'test'));
    expect(res.body).toEqual({
      status: 'received',
      message: 'Test webhook received successfully',
      received_at: naive(),
      notification_id: '12345678901',
      empresa: env.shop.company.nombre,
      signature_verified: true,
      resultado: 'ignorado',
    });
  });

  it('another type for a known transaction: "Webhook type \'<type>\' received"', async () => {
    const { paymentId } = await pendingPurchase();
    const res = await notify(paymentId, { ...mpBody(paymentId, 'merchant_order'), id: undefined });
    expect(res.body).toEqual({
      status: 'received',
      message: "Webhook type 'merchant_order' received",
      received_at: naive(),
      notification_id: 'unknown',
      empresa: env.shop.company.nombre,
      signature_verified: true,
      resultado: 'ignorado',
    });
  });

  it('a payment nobody here knows (signed for the empresa the URL names): the base answer', async () => {
    const res = await notify('99999999999', mpBody('99999999999'), { query: `&empresa_id=${env.shop.company.id}` });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'received', message: 'Webhook received and queued', received_at: naive(), resultado: 'ignorado' });
  });

  it("the transaction found by the body's external_reference when the payment id is not its charge", async () => {
    const { id } = await pendingPurchase();
    const res = await notify(
      '88888888888',
      { ...mpBody('88888888888'), external_reference: id },
      { query: `&empresa_id=${env.shop.company.id}` },
    );
    expect(res.body).toMatchObject({ resultado: 'ignorado', transaction: { id, external_reference: id }, data_id: '88888888888' });
  });

  it('a bad or missing signature: 401 {"detail"} and nothing changes (the old service processed it anyway)', async () => {
    const { id, paymentId } = await pendingPurchase();
    env.fakes.mercadoPago.setStatus(paymentId, 'approved');
    const forged = await notify(paymentId, mpBody(paymentId), { secret: 'not-the-secret' });
    const unsigned = await env.app.request('POST', `${hook}?data.id=${paymentId}`, { body: mpBody(paymentId) });
    for (const res of [forged, unsigned]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ detail: expect.any(String) });
      expect(JSON.stringify(res.body)).not.toContain(env.shop.company.id);
    }
    expect((await findTransaction(env.app.db, id))?.state).not.toBe('paid');
  });
});

describe('POST /api/v1/webhook/empresa/{empresa_id}/configurar-webhook', () => {
  const configure = (companyId: string, body: unknown, token?: string) =>
    env.app.request('POST', `/api/v1/webhook/empresa/${companyId}/configurar-webhook`, { body, ...(token ? { token } : {}) });

  it("the empresa's admin sets the secret: the old answer, the secret sealed and never echoed; notifications then need it", async () => {
    const secret = 'whsec-nuevo-1234567890';
    const res = await configure(env.shop.company.id, { webhook_secret: secret }, admin);
    expect(res.status).toBe(200);
    const url = `${env.app.url}/api/v1/webhook/mercado-pago?empresa_id=${env.shop.company.id}`;
    expect(res.body).toEqual({
      success: true,
      message: 'Clave secreta configurada correctamente',
      empresa: { id: env.shop.company.id, nombre: env.shop.company.nombre },
      webhook_url: url,
      instrucciones: [
        '1. Ir al panel de Mercado Pago',
        '2. Configurar Webhooks',
        `3. URL: ${url}`,
        '4. Usar esta misma clave secreta: ********',
        "5. Suscribir eventos: 'payment'",
      ],
    });
    expect(JSON.stringify(res.body)).not.toContain(secret.slice(0, 10));
    const sealed = (await findCompany(env.app.db, env.shop.company.id))!.mercadopago_webhook_secret_sealed!;
    expect(sealed).not.toContain(secret);
    expect(env.app.secrets.open(sealed)).toBe(secret);
    const { paymentId } = await pendingPurchase();
    expect((await notify(paymentId, mpBody(paymentId))).status).toBe(401);
    expect((await notify(paymentId, mpBody(paymentId), { secret })).status).toBe(200);
    await configure(env.shop.company.id, { webhook_secret: WEBHOOK_SECRET }, admin);
  });

  it("a super admin may set any empresa's secret", async () => {
    const res = await configure(other.company.id, { webhook_secret: WEBHOOK_SECRET }, root);
    expect([res.status, res.body.empresa]).toEqual([200, { id: other.company.id, nombre: other.company.nombre }]);
  });

  it("no session: 401; another empresa's admin or an unknown empresa: 404 as unknown; the secret unchanged", async () => {
    const before = (await findCompany(env.app.db, env.shop.company.id))!.mercadopago_webhook_secret_sealed;
    const anonymous = await configure(env.shop.company.id, { webhook_secret: 'stolen' });
    const foreign = await configure(env.shop.company.id, { webhook_secret: 'stolen' }, otherAdmin);
    const unknown = await configure('EMP_NOEXISTE', { webhook_secret: 'stolen' }, admin);
    expect([anonymous.status, foreign.status, unknown.status]).toEqual([401, 404, 404]);
    expect(foreign.body).toEqual({ detail: 'Empresa no encontrada' });
    expect(unknown.body).toEqual(foreign.body);
    expect((await findCompany(env.app.db, env.shop.company.id))!.mercadopago_webhook_secret_sealed).toBe(before);
  });

  it('no webhook_secret, or a blank one: 422 {"detail"}', async () => {
    for (const body of [{}, { webhook_secret: '   ' }, { webhook_secret: null }]) {
      const res = await configure(env.shop.company.id, body, admin);
      expect([body, res.status, typeof res.body.detail]).toEqual([body, 422, 'string']);
    }
  });
});

describe('GET /api/v1/webhook/empresa/{empresa_id}/estado-webhook', () => {
  const status = (companyId: string, token?: string) =>
    env.app.request('GET', `/api/v1/webhook/empresa/${companyId}/estado-webhook`, token ? { token } : {});

  it("the empresa's admin: the old answer, field by field", async () => {
    const total = (await env.app.db.selectFrom('transacciones').select('id').where('empresa_id', '=', env.shop.company.id).execute())
      .length;
    const res = await status(env.shop.company.id, admin);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      empresa: {
        id: env.shop.company.id,
        nombre: env.shop.company.nombre,
        modo_mercado_pago: 'sandbox',
        access_token_configurado: true,
        webhook_secret_configurado: true,
      },
      estadisticas: { total_transacciones: total },
      configuracion_webhook: {
        url: `${env.app.url}/api/v1/webhook/mercado-pago?empresa_id=${env.shop.company.id}`,
        metodo: 'POST',
        header_firma: 'X-Signature',
        tipo_contenido: 'application/json',
      },
      estado: 'configurado',
      timestamp: naive(),
    });
  });

  it("no session: 401; another empresa's admin: 404 as an unknown empresa", async () => {
    expect((await status(env.shop.company.id)).status).toBe(401);
    const foreign = await status(env.shop.company.id, otherAdmin);
    expect([foreign.status, foreign.body]).toEqual([404, { detail: 'Empresa no encontrada' }]);
    expect((await status('EMP_NOEXISTE', root)).status).toBe(404);
  });
});

describe('GET /api/v1/webhook/test-webhook', () => {
  it('public: the old answer, the URLs being where the service was reached', async () => {
    const res = await env.app.request('GET', '/api/v1/webhook/test-webhook');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'active',
      service: 'Mercado Pago Webhook',
      endpoint: '/api/v1/webhook/mercado-pago',
      method: 'POST',
      description: 'Recibe notificaciones de pagos de Mercado Pago (Multi-tenant)',
      url_produccion: `${env.app.url}/api/v1/webhook/mercado-pago`,
      url_pruebas: `${env.app.url}/api/v1/webhook/mercado-pago`,
      health_check: 'ok',
      timestamp: naive(),
    });
  });
});

describe('GET /api/v1/webhook/transaccion/{external_reference}', () => {
  const lookUp = (ref: string, token?: string) => env.app.request('GET', `/api/v1/webhook/transaccion/${ref}`, token ? { token } : {});

  it("the empresa's admin: the old answer, field by field (plus estado); a notified payment says webhook_processed", async () => {
    const { id, paymentId } = await pendingPurchase();
    const before = await lookUp(id, admin);
    expect(before.body.transaction.webhook_processed).toBe(false);
    env.fakes.mercadoPago.setStatus(paymentId, 'approved');
    expect((await notify(paymentId, mpBody(paymentId))).body).toMatchObject({ resultado: 'procesado', estado: 'pagado' });
    const tx = (await findTransaction(env.app.db, id))!;
    const res = await lookUp(id, admin);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      transaction: {
        id,
        transaccion_id: paymentId,
        external_reference: id,
        empresa_id: env.shop.company.id,
        estado_pago: 'approved',
        monto: 19.99,
        usuario_hotspot: tx.hotspot_username,
        creada_en: tx.created_at.toISOString().slice(0, -1),
        pagada_en: tx.paid_at!.toISOString().slice(0, -1),
        webhook_processed: true,
        notification_id: null,
        metadata_json: { gateway: 'mercadopago', canal: 'card' },
        estado: 'pagado',
      },
      empresa: { id: env.shop.company.id, nombre: env.shop.company.nombre, tiene_webhook_secret: true },
    });
    expect(JSON.stringify(res.body)).not.toContain(env.app.secrets.open(tx.hotspot_password_sealed));
  });

  it('a super admin sees any; another empresa\'s admin, an unknown reference: 404 "Transaction not found"; no session: 401', async () => {
    const { id } = await pendingPurchase();
    expect((await lookUp(id, root)).status).toBe(200);
    const foreign = await lookUp(id, otherAdmin);
    expect([foreign.status, foreign.body]).toEqual([404, { detail: 'Transaction not found' }]);
    expect((await lookUp('TRX_NOEXISTE', admin)).body).toEqual({ detail: 'Transaction not found' });
    expect((await lookUp(id)).status).toBe(401);
  });
});
