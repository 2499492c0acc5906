/**
 * Voucher batches over HTTP (client admin): generate, list by batch and state, sell singly and by
 * range, revoke, a router drop answered 503 then resumed, bad input as 422, and another empresa's
 * batches out of reach. The sales land in the admin's transaction list as channel `voucher`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAdminToken, createCompany, superAdminToken } from '../helpers/seed.js';
import { startPortalEnv, type PortalEnv } from '../payments/portal-env.js';

let env: PortalEnv;
let client: string;
let root: string;
const base = '/api/v1/admin/mi-empresa/vouchers';
beforeAll(async () => {
  env = await startPortalEnv();
  root = await superAdminToken(env.app);
  client = await clientAdminToken(env.app, root, env.shop.company.id, 'ops@plaza.example');
}, 60_000);
afterAll(() => env.close());

const call = (method: string, path: string, body?: unknown, token = client) => env.app.request(method, path, { token, body });
const generate = (body: Record<string, unknown>) => call('POST', base, { producto_id: env.shop.plan.id, ...body });

describe('voucher batches over HTTP', () => {
  it('generates, lists, sells singly and by range, revokes; sales show as paid voucher transactions', async () => {
    // Forged fields are dropped before the handler: none reaches a row.
    const forged = { id: 'LOT_FORGED', amount_cents: 1, state: 'ready', empresa_id: 'EMP_OTHER', login_url: 'http://evil/' };
    const created = await generate({ cantidad: 12, prefijo: 'pb-', ...forged });
    expect(created.status).toBe(201);
    const batch = created.body;
    expect(batch).toMatchObject({
      cantidad: 12,
      estado: 'listo',
      monto: 19.99,
      moneda: 'MXN',
      tipo_usuario: 'usuario_contrasena',
      prefijo: 'pb-',
      url_login: 'http://10.5.50.1/login',
      conteo: { sin_vender: 12, vendido: 0, usado: 0, expirado: 0, revocado: 0, creando: 0 },
    });
    const listed = await call('GET', `${base}?lote_id=${batch.id}&limit=5`);
    expect(listed.body.total).toBe(12);
    expect(listed.body.vouchers[0]).toMatchObject({ lote_id: batch.id, numero: 1, estado: 'sin_vender' });
    expect(listed.body.vouchers[0].usuario).toMatch(/^pb-/);

    const one = await call('POST', `${base}/${listed.body.vouchers[0].id}/vender`);
    expect(one.body).toMatchObject({ cantidad: 1, vouchers: [{ numero: 1 }] });
    const some = await call('POST', `${base}/lotes/${batch.id}/vender`, { desde: 1, hasta: 5, state: 'revoked', paid_at: '2001-02-03' });
    expect(some.body.cantidad).toBe(4);
    const revoked = await call('POST', `${base}/lotes/${batch.id}/revocar`, { desde: 5, hasta: 8 });
    expect(revoked.body.vouchers.map((v: { numero: number }) => v.numero)).toEqual([6, 7, 8]);
    expect(env.mock.state.items('/ip/hotspot/user')).toHaveLength(9);

    const view = await call('GET', `${base}/lotes/${batch.id}`);
    expect(view.body.conteo).toMatchObject({ sin_vender: 4, vendido: 5, revocado: 3 });
    const sold = await call('GET', `${base}?lote_id=${batch.id}&estado=vendido`);
    expect(sold.body.vouchers.map((v: { numero: number }) => v.numero)).toEqual([1, 2, 3, 4, 5]);
    const lotes = await call('GET', `${base}/lotes`);
    expect(lotes.body.lotes.map((b: { id: string }) => b.id)).toContain(batch.id);

    const sales = await call('GET', '/api/v1/admin/mi-empresa/transacciones?limit=500');
    const voucherSales = sales.body.transacciones.filter((t: { canal: string }) => t.canal === 'voucher');
    expect(voucherSales).toHaveLength(5);
    expect(voucherSales[0]).toMatchObject({ estado: 'paid', monto: 19.99, pasarela: null });
    expect(voucherSales.every((t: { pagado_en: string }) => !t.pagado_en.startsWith('2001'))).toBe(true);
    expect(batch.id).not.toBe('LOT_FORGED');
  });

  it('PIN batches mask the PIN in lists', async () => {
    const created = await generate({ cantidad: 2, tipo_usuario: 'pin' });
    const listed = await call('GET', `${base}?lote_id=${created.body.id}`);
    expect(listed.body.vouchers.map((v: { usuario: string }) => v.usuario)).toEqual(['********', '********']);
  });

  it('a router drop mid-batch answers 503 naming the batch; resuming finishes it', async () => {
    const before = env.mock.state.items('/ip/hotspot/user').length;
    env.mock.faults.set({ dropAfterCommands: { command: '/ip/hotspot/user/add', count: 7 } });
    const cut = await generate({ cantidad: 20 });
    env.mock.faults.clear();
    expect(cut.status).toBe(503);
    const batchId = /lote (LOT_[0-9A-F]+)/.exec(cut.body.detail)?.[1];
    expect(cut.body.detail).toContain(`/lotes/${batchId}/reanudar`);
    expect((await call('GET', `${base}/lotes/${batchId}`)).body).toMatchObject({
      estado: 'creando',
      conteo: { sin_vender: 6, creando: 14 },
    });
    const resumed = await call('POST', `${base}/lotes/${batchId}/reanudar`);
    expect(resumed.body).toMatchObject({ estado: 'listo', conteo: { sin_vender: 20, creando: 0 } });
    expect(env.mock.state.items('/ip/hotspot/user').length - before).toBe(20);
  });

  it('bad input is a 422 that says what is wrong; another empresa sees nothing', async () => {
    expect((await generate({ cantidad: 0 })).status).toBe(422);
    expect((await generate({ cantidad: 5001 })).status).toBe(422);
    expect((await generate({ cantidad: 1, prefijo: 'Ñ!' })).status).toBe(422);
    expect((await generate({ cantidad: 1, tipo_usuario: 'otro' })).status).toBe(422);
    expect((await call('POST', base, { producto_id: 999_999, cantidad: 1 })).status).toBe(404);
    const created = await generate({ cantidad: 3 });
    const backwards = await call('POST', `${base}/lotes/${created.body.id}/vender`, { desde: 3, hasta: 1 });
    expect(backwards).toMatchObject({ status: 422, body: { detail: 'desde no puede ser mayor que hasta' } });
    expect((await call('GET', `${base}?estado=perdido`)).status).toBe(422);

    const other = await createCompany(env.app, root, { nombre: 'Otra SA' });
    const otherClient = await clientAdminToken(env.app, root, other.id, 'ops@otra.example');
    expect((await call('GET', `${base}/lotes/${created.body.id}`, undefined, otherClient)).status).toBe(404);
    expect((await call('POST', `${base}/lotes/${created.body.id}/vender`, {}, otherClient)).status).toBe(404);
    expect((await call('GET', `${base}?lote_id=${created.body.id}`, undefined, otherClient)).body.total).toBe(0);
    expect((await call('POST', `${base}`, { producto_id: env.shop.plan.id, cantidad: 1 }, otherClient)).status).toBe(404);
  });
});
