/**
 * The console's sales data (issues 15.4, 16) through HTTP on a clock the test sets: reports and the
 * dashboard count days in the empresa's zone (America/Mexico_City, UTC-6, where the evening is the
 * next day in UTC), the sales search pages by cursor and streams CSV, the timeline records every
 * state change, and another empresa sees none of it.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { startMockRouter, type MockRouter } from '@hotspot/mock-routeros';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordJobRun } from '../../src/db/job-runs.js';
import { insertTransaction, transition, type NewTransaction, type TransactionState } from '../../src/db/transactions.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { clientAdminToken, createCompany, createRouter, superAdminToken } from '../helpers/seed.js';

/** 01:00 in Mexico City on 10 May; 07:00 UTC. */
const now = new Date('2026-05-10T07:00:00Z');
let t: TestApp;
let mock: MockRouter;
let silent: Server;
const held: Socket[] = [];
let a: { company: any; token: string; lobby: any; patio: any; off: any; hour: number; day: number };
let b: { company: any; token: string; router: any; product: number };
let counter = 0;

async function product(token: string, routerId: string, nombre: string, precio: number): Promise<number> {
  const res = await t.request('POST', '/api/v1/admin/products', {
    token,
    body: { router_id: routerId, perfil_mikrotik_nombre: 'default', nombre_venta: nombre, precio, moneda: 'MXN' },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id;
}

interface Sale {
  companyId: string;
  routerId: string;
  productId: number;
  cents: number;
  at: string;
  state?: TransactionState;
  channel?: 'card' | 'cash';
  customer?: { nombre: string; email: string; telefono?: string };
}

/** An attempt recorded at `at` and moved, as the purchase code moves it, to its final state. */
async function sale(s: Sale): Promise<string> {
  const at = new Date(s.at);
  const id = `TRX_${String(++counter).padStart(6, '0')}`;
  const row: NewTransaction = {
    id,
    empresa_id: s.companyId,
    router_id: s.routerId,
    producto_id: s.productId,
    product_name: 'plan',
    hotspot_profile: 'default',
    amount_cents: s.cents,
    moneda: 'MXN',
    gateway: 'conekta',
    user_kind: 'usuario_contrasena',
    hotspot_username: `user${counter}`,
    hotspot_password_sealed: t.secrets.seal('pw'),
    cliente_nombre: s.customer?.nombre ?? 'Cliente',
    cliente_email: s.customer?.email ?? 'cliente@example.com',
    cliente_telefono: s.customer?.telefono ?? null,
    channel: s.channel ?? 'card',
  };
  const cash = row.channel === 'cash';
  await insertTransaction(t.db, row, at, cash ? 'awaiting_payment' : 'pending');
  const state = s.state ?? 'paid';
  if (!cash) await transition(t.db, id, ['pending'], 'user_created', { router_user_id: '*1' }, at);
  const from: TransactionState[] = cash ? ['awaiting_payment'] : ['user_created'];
  await transition(t.db, id, from, state, state === 'paid' ? { paid_at: at } : { reason: 'tarjeta rechazada' }, at);
  return id;
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  [t, mock] = await Promise.all([startTestApp({ now: () => now }), startMockRouter({ password: 'router-secret', seedActive: 3 })]);
  // A router that takes the connection and never says a word.
  silent = createServer((socket) => held.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const root = await superAdminToken(t);

  const company = await createCompany(t, root, { nombre: 'Alfa' });
  const token = await clientAdminToken(t, root, company.id, 'alfa@example.com');
  const lobby = await createRouter(t, root, company.id, { nombre: 'Lobby, "Norte"', puerto: mock.port });
  const patio = await createRouter(t, root, company.id, { nombre: 'Patio', puerto: (silent.address() as { port: number }).port });
  const off = await createRouter(t, root, company.id, { nombre: 'Apagado' });
  await t.request('PUT', `/admin/empresas/${company.id}/routers/${off.id}/toggle-activo`, { token: root });
  a = {
    company: company,
    token,
    lobby,
    patio,
    off,
    hour: await product(token, lobby.id, 'Una hora', 10),
    day: await product(token, patio.id, 'Un día', 50),
  };

  const other = await createCompany(t, root, { nombre: 'Beta' });
  const otherToken = await clientAdminToken(t, root, other.id, 'beta@example.com');
  const otherRouter = await createRouter(t, root, other.id, { nombre: 'Beta router' });
  b = { company: other, token: otherToken, router: otherRouter, product: await product(otherToken, otherRouter.id, 'Beta plan', 99) };

  const of = (routerId: string, productId: number) => ({ companyId: a.company.id, routerId, productId });
  // 8 May 23:59 in Mexico City (9 May in UTC).
  ids.may8 = await sale({ ...of(lobby.id, a.hour), cents: 1000, at: '2026-05-09T05:59:00Z' });
  // 9 May 21:30 in Mexico City: 10 May in UTC.
  ids.may9 = await sale({
    ...of(lobby.id, a.hour),
    cents: 1000,
    at: '2026-05-10T03:30:00Z',
    customer: { nombre: '=Peña, "la" 100%', email: 'pena@example.com', telefono: '+52 55 1234 5678' },
  });
  // 10 May 00:30 in Mexico City: today.
  ids.may10 = await sale({ ...of(patio.id, a.day), cents: 5000, at: '2026-05-10T06:30:00Z', channel: 'cash' });
  ids.declined = await sale({ ...of(lobby.id, a.hour), cents: 1000, at: '2026-05-10T06:40:00Z', state: 'declined' });
  // A voucher sold over the counter at 00:50 today: paid, no gateway (as src/vouchers/ writes it).
  const soldAt = new Date('2026-05-10T06:50:00Z');
  ids.voucher = 'VCH_000001';
  await t.db
    .insertInto('transacciones')
    .values({
      id: ids.voucher,
      empresa_id: company.id,
      router_id: lobby.id,
      producto_id: a.hour,
      product_name: 'Una hora',
      hotspot_profile: 'default',
      amount_cents: 2000,
      moneda: 'MXN',
      gateway: null,
      state: 'paid',
      user_kind: 'pin',
      hotspot_username: '4821-7730',
      hotspot_password_sealed: t.secrets.seal('4821-7730'),
      cliente_nombre: 'Mostrador',
      cliente_email: '',
      channel: 'voucher',
      created_at: soldAt,
      updated_at: soldAt,
      paid_at: soldAt,
      settled_at: soldAt,
    })
    .execute();
  ids.otherCompany = await sale({
    companyId: other.id,
    routerId: otherRouter.id,
    productId: b.product,
    cents: 9900,
    at: '2026-05-10T06:45:00Z',
  });
});

afterAll(async () => {
  for (const socket of held) socket.destroy();
  await Promise.all([t?.close(), mock?.close(), new Promise((resolve) => silent?.close(resolve))]);
});

const get = (path: string, token = a.token) => t.request('GET', path, { token });
const REPORT = '/api/v1/admin/mi-empresa/reportes/ventas';

describe('sales report', () => {
  it('counts paid sales per day of the empresa’s zone, where UTC would put 9 May’s evening on 10 May', async () => {
    const res = await get(`${REPORT}?desde=2026-05-08&hasta=2026-05-10&agrupar=dia`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      empresa_id: a.company.id,
      zona_horaria: 'America/Mexico_City',
      desde: '2026-05-08',
      hasta: '2026-05-10',
      agrupar: 'dia',
      filas: [
        { clave: '2026-05-08', nombre: '2026-05-08', moneda: 'MXN', ventas: 1, monto: 10, monto_centavos: 1000 },
        { clave: '2026-05-09', nombre: '2026-05-09', moneda: 'MXN', ventas: 1, monto: 10, monto_centavos: 1000 },
        { clave: '2026-05-10', nombre: '2026-05-10', moneda: 'MXN', ventas: 2, monto: 70, monto_centavos: 7000 },
      ],
      totales: [{ moneda: 'MXN', ventas: 4, monto: 90, monto_centavos: 9000 }],
    });
    // One day alone: the boundary is the zone's midnight.
    const may9 = await get(`${REPORT}?desde=2026-05-09&hasta=2026-05-09`);
    expect(may9.body.filas).toEqual([expect.objectContaining({ clave: '2026-05-09', ventas: 1 })]);
  });

  it('groups per channel, router and plan; defaults to the 30 days ending today there', async () => {
    const channel = await get(`${REPORT}?agrupar=canal`);
    expect(channel.body).toMatchObject({ desde: '2026-04-11', hasta: '2026-05-10' });
    expect(channel.body.filas).toEqual([
      { clave: 'card', nombre: 'card', moneda: 'MXN', ventas: 2, monto: 20, monto_centavos: 2000 },
      { clave: 'cash', nombre: 'cash', moneda: 'MXN', ventas: 1, monto: 50, monto_centavos: 5000 },
      { clave: 'voucher', nombre: 'voucher', moneda: 'MXN', ventas: 1, monto: 20, monto_centavos: 2000 },
    ]);
    const router = await get(`${REPORT}?agrupar=router`);
    expect(router.body.filas.map((r: any) => [r.clave, r.nombre, r.ventas])).toEqual([
      [a.patio.id, 'Patio', 1],
      [a.lobby.id, 'Lobby, "Norte"', 3],
    ]);
    const plan = await get(`${REPORT}?agrupar=plan`);
    expect(plan.body.filas.map((r: any) => [r.clave, r.nombre, r.monto_centavos])).toEqual([
      [String(a.day), 'Un día', 5000],
      [String(a.hour), 'Una hora', 4000],
    ]);
  });

  it('exports CSV: UTF-8 with a byte order mark, a header row, quoted fields', async () => {
    const res = await fetch(`${t.url}${REPORT}?agrupar=router&formato=csv&desde=2026-05-01&hasta=2026-05-10`, {
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="ventas-router-2026-05-01-2026-05-10.csv"');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      `router_id,router,moneda,ventas,monto\r\n${a.patio.id},Patio,MXN,1,50.00\r\n${a.lobby.id},"Lobby, ""Norte""",MXN,3,40.00\r\n`,
    );
  });

  it('refuses a reversed range, an impossible date and an unknown grouping with 422', async () => {
    for (const query of ['desde=2026-05-10&hasta=2026-05-01', 'desde=2026-02-30', 'agrupar=semana', 'desde=2020-01-01&hasta=2026-01-01']) {
      const res = await get(`${REPORT}?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.body.detail).toEqual(expect.any(String));
    }
  });
});

describe('dashboard', () => {
  it('today is the zone’s, the chart has 30 days per channel, devices are read live, a silent router says so', async () => {
    const started = Date.now();
    const res = await get('/api/v1/admin/mi-empresa/resumen');
    expect(res.status).toBe(200);
    const d = res.body;
    expect(d.hoy).toEqual({ fecha: '2026-05-10', ventas: 2, ingresos: [{ moneda: 'MXN', ventas: 2, monto: 70, monto_centavos: 7000 }] });
    expect(d.ultimos_30_dias.dias).toHaveLength(30);
    expect(d.ultimos_30_dias.dias.at(-1)).toBe('2026-05-10');
    const series = (canal: string) => d.ultimos_30_dias.series.find((s: any) => s.canal === canal);
    expect(d.ultimos_30_dias.series.map((s: any) => `${s.canal}/${s.moneda}`)).toEqual(['card/MXN', 'cash/MXN', 'voucher/MXN']);
    expect(series('card').monto_centavos.slice(-3)).toEqual([1000, 1000, 0]);
    expect(series('cash').ventas.slice(-3)).toEqual([0, 0, 1]);
    expect(series('voucher').monto_centavos.slice(-3)).toEqual([0, 0, 2000]);
    expect(d.por_router).toEqual([
      { router_id: a.patio.id, nombre: 'Patio', moneda: 'MXN', ventas: 1, monto: 50, monto_centavos: 5000 },
      { router_id: a.lobby.id, nombre: 'Lobby, "Norte"', moneda: 'MXN', ventas: 3, monto: 40, monto_centavos: 4000 },
    ]);
    expect(d.por_plan.map((p: any) => [p.producto_id, p.nombre, p.ventas])).toEqual([
      [a.day, 'Un día', 1],
      [a.hour, 'Una hora', 3],
    ]);
    const devices = Object.fromEntries(d.dispositivos_conectados.map((c: any) => [c.nombre, c]));
    expect(devices['Lobby, "Norte"']).toMatchObject({ estado: 'ok', conectados: 3, detalle: null });
    expect(devices.Patio).toMatchObject({ estado: 'sin_respuesta', conectados: null, detalle: 'Sin respuesta en 1500 ms' });
    expect(devices.Apagado).toMatchObject({ estado: 'inactivo', conectados: null });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(d.ultimas_compras.map((s: any) => s.id)).toEqual([ids.voucher, ids.declined, ids.may10, ids.may9, ids.may8]);
    expect(d.ultimas_compras[0]).toMatchObject({ canal: 'voucher', pasarela: null, estado_pago: 'pagado', usuario_hotspot: '********' });
    expect(d.ultimas_compras[1]).toMatchObject({
      estado: 'declined',
      estado_pago: 'rechazado',
      canal: 'card',
      motivo: 'tarjeta rechazada',
    });
    expect(d.salud).toEqual({
      sin_liquidar: 4,
      sin_liquidar_por_estado: [
        { estado: 'declined', cantidad: 1, desde: '2026-05-10T06:40:00.000Z' },
        { estado: 'paid', cantidad: 3, desde: '2026-05-09T05:59:00.000Z' },
      ],
      ultimo_barrido_vencimientos: null,
    });
  });

  it('shows the expiry sweep’s last run; an instance that finished earlier does not replace it', async () => {
    await recordJobRun(t.db, {
      job: 'expiry_sweep',
      started_at: new Date('2026-05-10T06:59:00Z'),
      finished_at: new Date('2026-05-10T06:59:01Z'),
      summary: '{"removed":2}',
    });
    await recordJobRun(t.db, {
      job: 'expiry_sweep',
      started_at: new Date('2026-05-10T06:58:00Z'),
      finished_at: new Date('2026-05-10T06:58:30Z'),
      summary: '{"removed":0}',
    });
    const res = await get('/api/v1/admin/mi-empresa/resumen');
    expect(res.body.salud.ultimo_barrido_vencimientos).toEqual({
      inicio: '2026-05-10T06:59:00.000Z',
      fin: '2026-05-10T06:59:01.000Z',
      resumen: '{"removed":2}',
    });
  });
});

const SEARCH = '/api/v1/admin/mi-empresa/ventas';

describe('sales search', () => {
  it('pages newest first by an opaque cursor to the end', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await get(`${SEARCH}?limite=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.ventas.map((v: any) => v.id));
      cursor = res.body.siguiente_cursor;
    } while (cursor);
    expect(seen).toEqual([ids.voucher, ids.declined, ids.may10, ids.may9, ids.may8]);
  });

  it('filters by days of the zone, router, plan, state, channel and customer (a % is literal)', async () => {
    const search = async (query: string) => (await get(`${SEARCH}?${query}`)).body.ventas.map((v: any) => v.id);
    expect(await search('desde=2026-05-09&hasta=2026-05-09')).toEqual([ids.may9]);
    expect(await search(`router_id=${a.patio.id}`)).toEqual([ids.may10]);
    expect(await search(`producto_id=${a.hour}&estado=paid`)).toEqual([ids.voucher, ids.may9, ids.may8]);
    expect(await search('canal=cash')).toEqual([ids.may10]);
    expect(await search('canal=voucher')).toEqual([ids.voucher]);
    expect(await search(`cliente=${encodeURIComponent('PEÑA')}`)).toEqual([ids.may9]);
    expect(await search(`cliente=${encodeURIComponent('100%')}`)).toEqual([ids.may9]);
    expect(await search(`cliente=${encodeURIComponent('1%')}`)).toEqual([]);
    expect(await search('cliente=55%201234')).toEqual([ids.may9]);
    expect(await search(`router_id=${b.router.id}`)).toEqual([]);
    // Every state a sale can be in is a filter, the refunds' included (none here).
    expect(await search('estado=declined')).toEqual([ids.declined]);
    expect(await search('estado=refunding')).toEqual([]);
    expect(await search('estado=refunded')).toEqual([]);
  });

  it('streams every match as CSV, formulas defused', async () => {
    const res = await fetch(`${t.url}${SEARCH}?formato=csv&producto_id=${a.hour}`, { headers: { authorization: `Bearer ${a.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = (await res.text()).replace(/^\uFEFF/, '');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(
      'fecha_local,id,estado,estado_pago,canal,pasarela,router_id,producto_id,plan,moneda,monto,cliente_nombre,cliente_email,cliente_telefono,creado_en_utc,pagado_en_utc',
    );
    expect(lines.slice(1, -1)).toHaveLength(4);
    expect(lines[1]).toMatch(/^2026-05-10 00:50:00,VCH_000001,paid,pagado,voucher,,/);
    expect(lines[3]).toBe(
      `2026-05-09 21:30:00,${ids.may9},paid,pagado,card,conekta,${a.lobby.id},${a.hour},plan,MXN,10.00,"'=Peña, ""la"" 100%",pena@example.com,'+52 55 1234 5678,2026-05-10T03:30:00.000Z,2026-05-10T03:30:00.000Z`,
    );
    expect(lines.at(-1)).toBe('');
  });

  it('refuses a forged cursor and bad filters with 422', async () => {
    for (const query of [
      'cursor=abc',
      `cursor=${Buffer.from('["2026-13-45T00:00:00.000000Z","x"]').toString('base64url')}`,
      'estado=pagado',
      'canal=bitcoin',
      'limite=0',
    ]) {
      const res = await get(`${SEARCH}?${query}`);
      expect(res.status, query).toBe(422);
    }
  });
});

describe('timeline', () => {
  it('lists every state a transaction went through, with its reason, oldest first', async () => {
    const res = await get(`/api/v1/admin/mi-empresa/transacciones/${ids.declined}/historial`);
    expect(res.status).toBe(200);
    const at = '2026-05-10T06:40:00.000Z';
    const state = (estado: string, estado_pago: string, detalle: string | null) => ({
      en: at,
      tipo: 'estado',
      estado,
      estado_pago,
      evento: null,
      detalle,
    });
    expect(res.body).toEqual({
      id_transaccion: ids.declined,
      eventos: [
        state('pending', 'pendiente', null),
        state('user_created', 'pendiente', null),
        state('declined', 'rechazado', 'tarjeta rechazada'),
      ],
    });
  });
});

describe('tenant isolation', () => {
  it('another empresa’s admin sees none of it', async () => {
    const report = await get(`${REPORT}?agrupar=router`, b.token);
    expect(report.body.filas.map((r: any) => r.clave)).toEqual([b.router.id]);
    const search = await get(`${SEARCH}?router_id=${a.lobby.id}`, b.token);
    expect(search.body.ventas).toEqual([]);
    expect((await get(`/api/v1/admin/mi-empresa/transacciones/${ids.may9}/historial`, b.token)).status).toBe(404);
    const dashboard = await get('/api/v1/admin/mi-empresa/resumen', b.token);
    expect(dashboard.body.ultimas_compras.map((s: any) => s.id)).toEqual([ids.otherCompany]);
    expect(dashboard.body.dispositivos_conectados.map((c: any) => c.router_id)).toEqual([b.router.id]);
  });

  it('needs a client admin session', async () => {
    expect((await t.request('GET', '/api/v1/admin/mi-empresa/resumen')).status).toBe(401);
  });
});
