/**
 * The world a purchase test needs, without HTTP: a migrated database (TEST_DB backend), a mock
 * router with the plans' profiles, both fake gateways, the router pool, payment services and a
 * seeded shop. `deps` and `reconcileDeps` wire them the way the service does.
 */
import { randomBytes } from 'node:crypto';
import { startFakeGateways, type FakeGateways } from '@hotspot/fake-gateways';
import { startMockRouter, type MockRouter } from '@hotspot/mock-routeros';
import { RouterPool } from '../../src/routers/pool.js';
import { SecretBox } from '../../src/security/secret-box.js';
import { commentFor, type RouterExec } from '../../src/payments/hotspot-users.js';
import type { PurchaseDeps, PurchaseOrder } from '../../src/payments/purchase.js';
import type { ReconcileDeps } from '../../src/payments/reconcile.js';
import { reconcileDepsFor } from '../../src/payments/reconcile-deps.js';
import { createPaymentServices, type PaymentServices } from '../../src/payments/services.js';
import { testConfig } from '../helpers/app.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { CONEKTA_KEY, MP_TOKEN, seedShop, type Shop } from './shop.js';

/** The hotspot user profiles the shop's plans sell. */
export const PLAN_PROFILES = [
  { name: '1h', 'session-timeout': '1h' },
  { name: '1d', 'session-timeout': '1d' },
];

/** Hotspot users on the mock router created for a transaction (their comment names it). */
export function hotspotUsersOf(mock: MockRouter, transactionId: string): Array<Record<string, string>> {
  return mock.state.items('/ip/hotspot/user').filter((u) => u.comment === commentFor(transactionId));
}

/** Charges the fake gateways recorded for a transaction. */
export function chargesOf(fakes: FakeGateways, transactionId: string): FakeGateways['conekta']['charges'] {
  return [...fakes.conekta.charges, ...fakes.mercadoPago.charges].filter((c) => c.reference === transactionId);
}

export interface PurchaseEnv {
  testDb: TestDb;
  mock: MockRouter;
  fakes: FakeGateways;
  pool: RouterPool;
  secrets: SecretBox;
  services: PaymentServices;
  shop: Shop;
  /** Commands on the shop's router, through the pool. */
  exec: RouterExec;
  deps: PurchaseDeps;
  reconcileDeps: ReconcileDeps;
  /** Hotspot users on the mock router created for a transaction. */
  usersOf(transactionId: string): Array<Record<string, string>>;
  /** Charges the fakes recorded for a transaction. */
  chargesOf(transactionId: string): FakeGateways['conekta']['charges'];
  /** A purchase order for the shop's 1-hour plan through `gateway`, paid with `cardToken`. */
  order(cardToken: string, gateway?: 'conekta' | 'mercadopago'): PurchaseOrder;
  close(): Promise<void>;
}

export async function startPurchaseEnv(options: { gatewayTimeoutMs?: number } = {}): Promise<PurchaseEnv> {
  const base = testConfig();
  const [testDb, mock, fakes] = await Promise.all([
    createTestDb(),
    startMockRouter({ profiles: PLAN_PROFILES }),
    startFakeGateways({ conekta: { privateKey: CONEKTA_KEY }, mercadoPago: { accessToken: MP_TOKEN } }),
  ]);
  const config = {
    ...base,
    gateways: { conektaUrl: fakes.conekta.url, mercadoPagoUrl: fakes.mercadoPago.url, timeoutMs: options.gatewayTimeoutMs ?? 500 },
  };
  const secrets = new SecretBox(randomBytes(32));
  const pool = new RouterPool({ timeoutMs: 1000, idleMs: 60_000, reconnect: { initialDelayMs: 50, maxDelayMs: 200 } });
  const services = createPaymentServices({ config, db: testDb.db, secrets, routers: pool });
  const shop = await seedShop(testDb.db, secrets, { port: mock.port });
  const now = () => new Date();
  const deps: PurchaseDeps = { db: testDb.db, secrets, now };
  const reconcileDeps = reconcileDepsFor(deps, services);
  return {
    testDb,
    mock,
    fakes,
    pool,
    secrets,
    services,
    shop,
    exec: services.routerExec(shop.router),
    deps,
    reconcileDeps,
    usersOf: (id) => hotspotUsersOf(mock, id),
    chargesOf: (id) => chargesOf(fakes, id),
    order: (cardToken, gateway = 'conekta') => ({
      companyId: shop.company.id,
      routerId: shop.router.id,
      product: shop.plan,
      gateway: services.gatewayFor(shop.company, gateway),
      cardToken,
      customer: { name: 'Ana López', email: 'ana@example.com' },
      userKind: 'usuario_contrasena',
      mercadoPago: { paymentMethodId: 'visa', installments: 1 },
    }),
    close: async () => {
      await pool.close();
      await services.close();
      await Promise.all([fakes.close(), mock.close()]);
      await testDb.close();
    },
  };
}
