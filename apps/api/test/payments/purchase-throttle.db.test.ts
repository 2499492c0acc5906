/**
 * Card testing: purchase attempts limited per API key, client address and MAC, and purchases stopped
 * after repeated declines, through the payment routes (429 with Retry-After, nothing charged).
 */
import { TEST_TOKENS } from '@hotspot/fake-gateways';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateCompany } from '../../src/db/companies.js';
import type { PurchaseLimits } from '../../src/security/purchase-throttle.js';
import { conektaBody, startPortalEnv, type PortalEnv } from './portal-env.js';
import { seedShop, type Shop } from './shop.js';

const window = { windowSeconds: 600 };
const LIMITS: PurchaseLimits = {
  perApiKey: { maxAttempts: 8, ...window },
  perAddress: { maxAttempts: 1000, ...window },
  perMac: { maxAttempts: 3, ...window },
  declinesPerApiKey: { maxAttempts: 6, windowSeconds: 3600 },
  declinesPerAddress: { maxAttempts: 5, windowSeconds: 3600 },
  declinesPerMac: { maxAttempts: 2, windowSeconds: 3600 },
};

let env: PortalEnv;
beforeAll(async () => {
  env = await startPortalEnv({ config: { trustProxy: true, purchase: LIMITS } });
});
afterAll(() => env.close());

/** A shop of its own, so each test starts with an unused API key. */
const freshShop = () => seedShop(env.app.db, env.app.secrets, { port: env.mock.port });

const buy = (shop: Shop, token: string, from: string, extra: Record<string, unknown> = {}) =>
  env.app.request('POST', '/api/v1/payments/pagar-conekta', {
    apiKey: shop.apiKey,
    body: conektaBody(shop.plan.id, token, extra),
    headers: { 'x-forwarded-for': from },
  });

async function attemptsRecorded(shop: Shop): Promise<number> {
  const rows = await env.app.db.selectFrom('transacciones').select('id').where('router_id', '=', shop.router.id).execute();
  return rows.length;
}

describe('purchase throttling', () => {
  it('100 simultaneous declined purchases from one client: 5 charges, 95 answers 429 with Retry-After', async () => {
    const shop = await freshShop();
    const answers = await Promise.all(Array.from({ length: 100 }, () => buy(shop, TEST_TOKENS.decline, '203.0.113.10')));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 402)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(95);
    const refused = answers.find((a) => a.status === 429)!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body.detail).toMatch(/Demasiados intentos/);
    // Refused attempts never reach the router or the gateway.
    expect(await attemptsRecorded(shop)).toBe(5);
    // The declines stop this client, even with a good card, for the decline window.
    const next = await buy(await freshShop(), TEST_TOKENS.approve, '203.0.113.10');
    expect(next.status).toBe(429);
    expect(Number(next.headers.get('retry-after'))).toBeGreaterThan(600);
  });

  it('paid purchases do not count as declines', async () => {
    const shop = await freshShop();
    for (let i = 0; i < 6; i++) expect((await buy(shop, TEST_TOKENS.approve, '203.0.113.11')).status).toBe(200);
  });

  it('limits attempts per MAC; another MAC from the same address is unaffected', async () => {
    const shop = await freshShop();
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await buy(shop, TEST_TOKENS.approve, '203.0.113.12', { mac_cliente: 'AA:BB:CC:00:09:01' })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    // The same MAC written another way is the same device.
    expect((await buy(shop, TEST_TOKENS.approve, '203.0.113.13', { mac_cliente: 'aa-bb-cc-00-09-01' })).status).toBe(429);
    expect((await buy(shop, TEST_TOKENS.approve, '203.0.113.12', { mac_cliente: 'AA:BB:CC:00:09:02' })).status).toBe(200);
  });

  it('limits attempts per API key whatever the address; other keys are unaffected', async () => {
    const shop = await freshShop();
    for (let i = 0; i < 8; i++) expect((await buy(shop, TEST_TOKENS.approve, `198.51.100.${i + 1}`)).status).toBe(200);
    expect((await buy(shop, TEST_TOKENS.approve, '198.51.100.99')).status).toBe(429);
    expect((await buy(await freshShop(), TEST_TOKENS.approve, '198.51.100.99')).status).toBe(200);
  });

  it('cash references count against the same limits as cards; a replayed Idempotency-Key counts once', async () => {
    const shop = await freshShop();
    const mac = 'AA:BB:CC:00:09:03';
    const cash = (key: string) =>
      env.app.request('POST', '/api/v1/payments/pagar-efectivo', {
        apiKey: shop.apiKey,
        body: { producto_id: shop.plan.id, pasarela: 'conekta', nombre_cliente: 'Ana López', mac_cliente: mac },
        headers: { 'x-forwarded-for': '203.0.113.14', 'idempotency-key': key },
      });
    expect((await buy(shop, TEST_TOKENS.approve, '203.0.113.14', { mac_cliente: mac })).status).toBe(200);
    const statuses = [];
    for (const key of ['a', 'a', 'a', 'b', 'c']) statuses.push((await cash(key)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 429]);
    expect((await buy(shop, TEST_TOKENS.approve, '203.0.113.14', { mac_cliente: mac })).status).toBe(429);
    expect(await attemptsRecorded(shop)).toBe(3);
  });

  it("the hosted page's sales: a replayed key is the same reference or card sale (one order at the gateway) and counts once; past the limits, 429 like the card routes", async () => {
    const shop = await freshShop();
    await updateCompany(env.app.db, shop.company.id, { sells_cash: true });
    const mac = 'AA:BB:CC:00:09:04';
    const page = (path: string, body: Record<string, unknown>) =>
      env.app.request('POST', `/portal/${shop.router.id}${path}`, {
        body: { producto_id: shop.plan.id, name: 'Ana López', email: 'ana@example.com', mac, ...body },
        headers: { 'x-forwarded-for': '203.0.113.15' },
      });
    const key = (c: string) => c.repeat(32);
    const first = await page('/cash', { key: key('a') });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'awaiting_payment', reference: expect.any(String), receipt: expect.any(String) });
    const replays = await Promise.all([page('/cash', { key: key('a') }), page('/cash', { key: key('a') })]);
    for (const replay of replays) {
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual(first.body);
    }
    expect(env.chargesOf(first.body.transaction_id)).toHaveLength(1);
    // The same key for another sale is refused before anything leaves.
    expect((await page('/cash', { key: key('a'), producto_id: shop.dayPlan.id })).status).toBe(422);

    // The MAC's limit (3) is the card routes' too: a card purchase on the page, a second reference, then 429 for both.
    const card = await page('/purchases', { key: key('b'), card_token: TEST_TOKENS.approve });
    expect(card.body.status).toBe('paid');
    // A replayed card purchase is the same sale and no further attempt (else the reference below would be refused).
    const cardReplay = await page('/purchases', { key: key('b'), card_token: TEST_TOKENS.approve });
    expect(cardReplay.body).toMatchObject({ status: 'paid', transaction_id: card.body.transaction_id });
    expect((await page('/cash', { key: key('c') })).status).toBe(200);
    const refused = await page('/cash', { key: key('d') });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await page('/purchases', { key: key('e'), card_token: TEST_TOKENS.approve })).status).toBe(429);
    expect(await attemptsRecorded(shop)).toBe(3);
    // Two references issued (keys a and c), one card charged: nothing else reached the gateway.
    const ids = new Set(
      (await env.app.db.selectFrom('transacciones').select('id').where('router_id', '=', shop.router.id).execute()).map((r) => r.id),
    );
    const orders = env.fakes.conekta.charges.filter((c) => c.reference !== undefined && ids.has(c.reference));
    expect(orders.map((c) => (c.cash ? 'cash' : 'card')).sort()).toEqual(['card', 'cash', 'cash']);
  });

  it("a card tester rotating MACs and addresses is stopped by the hotspot's API key declines; other hotspots are not", async () => {
    const shop = await freshShop();
    const mac = (i: number) => `AA:BB:CC:00:0A:${String(i).padStart(2, '0')}`;
    for (let i = 1; i <= 6; i++) expect((await buy(shop, TEST_TOKENS.decline, `192.0.2.${i}`, { mac_cliente: mac(i) })).status).toBe(402);
    const stopped = await buy(shop, TEST_TOKENS.approve, '192.0.2.7', { mac_cliente: mac(7) });
    expect(stopped.status).toBe(429);
    expect(Number(stopped.headers.get('retry-after'))).toBeGreaterThan(600);
    // Behind the same carrier NAT address, another hotspot's customer still buys.
    expect((await buy(await freshShop(), TEST_TOKENS.approve, '192.0.2.7', { mac_cliente: mac(8) })).status).toBe(200);
  });
});
