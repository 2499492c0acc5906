/**
 * The service over real HTTP for the portal tests: the app (TEST_DB backend) with its gateways
 * pointed at the fake gateways, a mock router with the plans' profiles, and a seeded shop.
 */
import { randomUUID } from 'node:crypto';
import { signMercadoPagoWebhook, startFakeGateways, type FakeGateways } from '@hotspot/fake-gateways';
import { startMockRouter, type MockRouter, type MockRouterOptions } from '@hotspot/mock-routeros';
import type { Config } from '../../src/config.js';
import type { PurchaseLimits } from '../../src/security/purchase-throttle.js';
import { DEFAULT_RECONCILE_OPTIONS, reconcileOnce, type ReconcileReport } from '../../src/payments/reconcile.js';
import { reconcileDepsFor } from '../../src/payments/reconcile-deps.js';
import { startTestApp, type JsonResponse, type StartTestAppOptions, type TestApp } from '../helpers/app.js';
import { chargesOf, hotspotUsersOf, PLAN_PROFILES } from './env.js';
import { CONEKTA_KEY, MP_TOKEN, seedShop, WEBHOOK_SECRET, type Shop } from './shop.js';

export interface PortalEnv {
  app: TestApp;
  mock: MockRouter;
  fakes: FakeGateways;
  shop: Shop;
  /** Hotspot users on the mock router created for a transaction. */
  usersOf(transactionId: string): Array<Record<string, string>>;
  /** Charges the fakes recorded for a transaction. */
  chargesOf(transactionId: string): FakeGateways['conekta']['charges'];
  /** One reconciliation pass, everything treated as stale. */
  reconcile(): Promise<ReconcileReport>;
  /** Mercado Pago's notification that payment `dataId` changed, signed with the shop's secret unless told otherwise. */
  notifyMercadoPago(dataId: string, options?: { secret?: string; signature?: string | null; requestId?: string }): Promise<JsonResponse>;
  close(): Promise<void>;
}

/**
 * The portal tests buy from one address and key far more than a customer would: limits they never
 * reach (purchase-throttle.db.test.ts tests the limits themselves).
 */
const UNREACHED_PURCHASE_LIMITS: PurchaseLimits = {
  perApiKey: { maxAttempts: 1_000_000, windowSeconds: 1 },
  perAddress: { maxAttempts: 1_000_000, windowSeconds: 1 },
  perMac: { maxAttempts: 1_000_000, windowSeconds: 1 },
  declinesPerApiKey: { maxAttempts: 1_000_000, windowSeconds: 1 },
  declinesPerAddress: { maxAttempts: 1_000_000, windowSeconds: 1 },
  declinesPerMac: { maxAttempts: 1_000_000, windowSeconds: 1 },
};

/** @param options.config settings over the test defaults (e.g. tighter purchase limits); `mock` options of the mock router. */
export async function startPortalEnv(
  options: Pick<StartTestAppOptions, 'dbPlugins' | 'now' | 'logStream'> & { config?: Partial<Config>; mock?: MockRouterOptions } = {},
): Promise<PortalEnv> {
  const [mock, fakes] = await Promise.all([
    startMockRouter({ profiles: PLAN_PROFILES, ...options.mock }),
    startFakeGateways({ conekta: { privateKey: CONEKTA_KEY }, mercadoPago: { accessToken: MP_TOKEN } }),
  ]);
  const gateways = { conektaUrl: fakes.conekta.url, mercadoPagoUrl: fakes.mercadoPago.url, timeoutMs: 1500 };
  const { config, mock: _mock, ...rest } = options;
  const app = await startTestApp({ config: { gateways, routerTimeoutMs: 1000, purchase: UNREACHED_PURCHASE_LIMITS, ...config }, ...rest });
  const shop = await seedShop(app.db, app.secrets, { port: mock.port });
  const reconcileDeps = reconcileDepsFor({ db: app.db, secrets: app.secrets, now: () => new Date() }, app.payments);
  return {
    app,
    mock,
    fakes,
    shop,
    usersOf: (id) => hotspotUsersOf(mock, id),
    chargesOf: (id) => chargesOf(fakes, id),
    reconcile: () => reconcileOnce(reconcileDeps, { ...DEFAULT_RECONCILE_OPTIONS, unresolvedAfterMs: 0, staleAfterMs: 0, retryAfterMs: 0 }),
    notifyMercadoPago: (dataId, notice = {}) => {
      const requestId = notice.requestId ?? randomUUID();
      const signature =
        notice.signature === undefined
          ? signMercadoPagoWebhook({ secret: notice.secret ?? WEBHOOK_SECRET, dataId, requestId })
          : notice.signature;
      return app.request('POST', `/api/v1/webhook/mercado-pago?data.id=${dataId}&type=payment`, {
        body: { type: 'payment', action: 'payment.updated', data: { id: dataId } },
        headers: { 'x-request-id': requestId, ...(signature === null ? {} : { 'x-signature': signature }) },
      });
    },
    close: async () => {
      await app.close();
      await Promise.all([fakes.close(), mock.close()]);
    },
  };
}

/** A captive portal's Conekta purchase body for `producto_id`. */
export function conektaBody(productId: number, token: string, extra: Record<string, unknown> = {}) {
  return {
    producto_id: productId,
    token_tarjeta: token,
    nombre_cliente: 'Ana López',
    email_cliente: 'ana@example.com',
    tipo_usuario: 'usuario_contrasena',
    ...extra,
  };
}

/** A captive portal's Mercado Pago purchase body. */
export function mercadoPagoBody(productId: number, token: string, monto: number, extra: Record<string, unknown> = {}) {
  return { ...conektaBody(productId, token), payment_method_id: 'visa', cuotas: 1, monto, ...extra };
}
