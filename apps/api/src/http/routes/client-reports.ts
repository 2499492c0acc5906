/**
 * The client admin's sales data for the console (issues 15.4 and 16), all scoped to the caller's
 * empresa and counted in its days (`zona_horaria`):
 * - `GET /api/v1/admin/mi-empresa/reportes/ventas?desde&hasta&agrupar=dia|router|plan|canal&formato=json|csv`
 * - `GET /api/v1/admin/mi-empresa/resumen`: the dashboard
 * - `GET /api/v1/admin/mi-empresa/ventas?...filters&limite&cursor&formato=json|csv`: the sales search
 * - `GET /api/v1/admin/mi-empresa/transacciones/{id}/historial`: a transaction's timeline
 */
import { Readable } from 'node:stream';
import { Type } from 'typebox';
import { findCompany, type CompanyRow } from '../../db/companies.js';
import { paidSales, type SalesDimension } from '../../db/sales-reports.js';
import type { SalesFilter } from '../../db/sales-search.js';
import { searchSales } from '../../db/sales-search.js';
import { stateChangesOf } from '../../db/transaction-events.js';
import { findTransaction } from '../../db/transactions.js';
import { userEventsOf } from '../../db/plan-users.js';
import { addDays, daysOf, daySpan, localDay, reportZone } from '../../reports/calendar.js';
import { DEVICE_COUNT_TIMEOUT_MS, NoAnswerError } from '../../reports/connected-devices.js';
import { CSV_BOM } from '../../reports/csv.js';
import { companyDashboard, DASHBOARD_DAYS } from '../../reports/dashboard.js';
import { BadCursorError, cursorAfter, keyOfCursor, salesPages } from '../../reports/sales-pages.js';
import { UnexpectedRouterReplyError } from '../../routers/failure.js';
import { routerTarget } from '../../routers/target.js';
import { adminOf, sessionAuth } from '../auth.js';
import type { RouteModule } from '../context.js';
import { sendCsv } from '../csv-reply.js';
import { HttpError, notFound } from '../errors.js';
import { closedObject, errorSchema, idParam, MAX_ROW_NUMBER, nullable, sessionSecurity } from '../schemas.js';
import {
  CHANNELS,
  channelInput,
  jobRunView,
  moneySchema,
  reportCsv,
  reportGroupingInput,
  reportRowSchema,
  reportRowView,
  SALES_CSV_HEADER,
  saleCsv,
  saleSchema,
  saleView,
  timelineEventSchema,
  timelineView,
  totalsView,
  type ReportGrouping,
} from '../sales-views.js';

/** The longest range a report or search covers. */
const MAX_RANGE_DAYS = 1_096;

const GROUPING: Record<ReportGrouping, SalesDimension> = { dia: 'day', router: 'router', plan: 'product', canal: 'channel' };

const stateInput = Type.Union([
  Type.Literal('pending'),
  Type.Literal('user_created'),
  Type.Literal('paid'),
  Type.Literal('declined'),
  Type.Literal('router_failed'),
  Type.Literal('unresolved'),
  Type.Literal('reversed'),
  Type.Literal('needs_review'),
  Type.Literal('awaiting_payment'),
  Type.Literal('expired'),
  Type.Literal('refunding'),
  Type.Literal('refunded'),
]);

const day = Type.String({ format: 'date', description: 'YYYY-MM-DD, a day in the empresa’s time zone' });
const format = Type.Union([Type.Literal('json'), Type.Literal('csv')], {
  default: 'json',
  description: 'csv: a UTF-8 file with a header row',
});
const nullableStr = Type.Unsafe<string | null>({ type: ['string', 'null'] });

/** The checked range: both days given, or the last DASHBOARD_DAYS days ending today in the empresa's zone. */
function rangeOf(query: { desde?: string; hasta?: string }, zone: string, now: Date): { from: string; to: string } {
  const to = query.hasta ?? localDay(now, zone);
  const from = query.desde ?? addDays(to, -(DASHBOARD_DAYS - 1));
  if (daySpan(from, to) < 1) throw new HttpError(422, 'desde debe ser anterior o igual a hasta');
  if (daySpan(from, to) > MAX_RANGE_DAYS) throw new HttpError(422, `El rango abarca como máximo ${MAX_RANGE_DAYS} días`);
  return { from, to };
}

export const clientReportRoutes: RouteModule = (app, ctx) => {
  const onRequest = sessionAuth(ctx, ['cliente_admin']);
  const common = { tags: ['client admin'], security: sessionSecurity };
  const errors = { 401: errorSchema, 403: errorSchema, 422: errorSchema };

  const companyOf = async (request: Parameters<typeof adminOf>[0]): Promise<CompanyRow> => {
    const company = await findCompany(ctx.db, adminOf(request).empresa_id!);
    if (!company) throw notFound('Empresa no encontrada');
    return company;
  };

  app.get(
    '/api/v1/admin/mi-empresa/reportes/ventas',
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Paid sales per day, router, plan or channel, in the empresa’s days (JSON, or CSV with formato=csv)',
        description:
          'Money counts when a sale is paid, on the day of paid_at in empresas.zona_horaria. Without desde/hasta: the last 30 days ' +
          'ending today there. Rows are sparse (a group without sales has no row), one per group and currency.',
        querystring: closedObject({
          desde: Type.Optional(day),
          hasta: Type.Optional(day),
          agrupar: Type.Optional(reportGroupingInput),
          formato: Type.Optional(format),
        }),
        response: {
          200: Type.Object({
            empresa_id: Type.String(),
            zona_horaria: Type.String(),
            desde: day,
            hasta: day,
            agrupar: reportGroupingInput,
            filas: Type.Array(reportRowSchema),
            totales: Type.Array(moneySchema),
          }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const company = await companyOf(request);
      const zone = reportZone(company.zona_horaria);
      const { from, to } = rangeOf(request.query, zone, ctx.now());
      const by = request.query.agrupar ?? 'dia';
      const groups = await paidSales(ctx.db, { companyId: company.id, zone, from, to, by: [GROUPING[by]] });
      if (request.query.formato === 'csv') {
        return sendCsv(reply, `ventas-${by}-${from}-${to}.csv`, CSV_BOM + reportCsv(groups, by));
      }
      return {
        empresa_id: company.id,
        zona_horaria: zone,
        desde: from,
        hasta: to,
        agrupar: by,
        filas: groups.map((g) => reportRowView(g, by)),
        totales: totalsView(groups),
      };
    },
  );

  const perKey = (key: object) => Type.Object({ ...key, nombre: nullableStr, ...moneySchema.properties });
  app.get(
    '/api/v1/admin/mi-empresa/resumen',
    {
      onRequest,
      schema: {
        ...common,
        summary: 'The console’s dashboard: today, the last 30 days by channel, routers, plans, devices now, latest purchases, health',
        description:
          'Days are the empresa’s (zona_horaria). ultimos_30_dias has one value per day in `dias` for each channel and currency ' +
          '(every channel, zeros included; MXN when there are no sales). por_router and por_plan cover the same 30 days. ' +
          'dispositivos_conectados is read live from each router with a short deadline: estado sin_respuesta when it does not answer.',
        response: {
          200: Type.Object({
            empresa_id: Type.String(),
            zona_horaria: Type.String(),
            hoy: Type.Object({ fecha: day, ventas: Type.Integer(), ingresos: Type.Array(moneySchema) }),
            ultimos_30_dias: Type.Object({
              desde: day,
              hasta: day,
              dias: Type.Array(day),
              series: Type.Array(
                Type.Object({
                  canal: channelInput,
                  moneda: Type.String(),
                  ventas: Type.Array(Type.Integer()),
                  monto_centavos: Type.Array(Type.Integer()),
                }),
              ),
            }),
            por_router: Type.Array(perKey({ router_id: Type.String() })),
            por_plan: Type.Array(perKey({ producto_id: Type.Integer() })),
            dispositivos_conectados: Type.Array(
              Type.Object({
                router_id: Type.String(),
                nombre: Type.String(),
                estado: Type.Union([Type.Literal('ok'), Type.Literal('sin_respuesta'), Type.Literal('inactivo')]),
                conectados: Type.Unsafe<number | null>({ type: ['integer', 'null'] }),
                detalle: nullableStr,
              }),
            ),
            ultimas_compras: Type.Array(saleSchema),
            salud: Type.Object({
              sin_liquidar: Type.Integer({ description: 'attempts reconciliation has not settled (cash awaiting payment included)' }),
              sin_liquidar_por_estado: Type.Array(
                Type.Object({ estado: Type.String(), cantidad: Type.Integer(), desde: Type.String({ format: 'date-time' }) }),
              ),
              ultimo_barrido_vencimientos: Type.Union(
                [Type.Object({ inicio: Type.String(), fin: Type.String(), resumen: nullable() }), Type.Null()],
                { description: 'the expiry sweep’s last finished run (any instance); null before the first' },
              ),
            }),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const company = await companyOf(request);
      const d = await companyDashboard(
        {
          db: ctx.db,
          deviceTimeoutMs: DEVICE_COUNT_TIMEOUT_MS,
          countSessions: async (router, signal) => {
            const path = '/ip/hotspot/active/print';
            const { done } = await ctx.routers.exec(routerTarget(router, ctx.secrets), path, { 'count-only': '' }, { signal });
            const count = Number(done.ret);
            if (!Number.isSafeInteger(count) || count < 0) throw new UnexpectedRouterReplyError(path, `count-only answered ${done.ret}`);
            return count;
          },
        },
        company,
        ctx.now(),
      );
      const days = daysOf(d.since, d.today);
      const currencies = [...new Set(d.daily.map((g) => g.moneda))].sort();
      const series = (currencies.length > 0 ? currencies : ['MXN']).flatMap((moneda) =>
        CHANNELS.map((canal) => {
          const sales = new Array<number>(days.length).fill(0);
          const cents = new Array<number>(days.length).fill(0);
          for (const g of d.daily) {
            if (g.moneda !== moneda || g.channel !== canal || g.day === null) continue;
            const i = days.indexOf(g.day);
            sales[i] = g.sales;
            cents[i] = g.cents;
          }
          return { canal, moneda, ventas: sales, monto_centavos: cents };
        }),
      );
      const todayTotals = totalsView(d.todaySales);
      return {
        empresa_id: company.id,
        zona_horaria: d.zone,
        hoy: { fecha: d.today, ventas: todayTotals.reduce((n, t) => n + t.ventas, 0), ingresos: todayTotals },
        ultimos_30_dias: { desde: d.since, hasta: d.today, dias: days, series },
        por_router: d.byRouter.map((g) => ({ router_id: g.router_id!, nombre: g.router_name, ...totalsView([g])[0]! })),
        por_plan: d.byProduct.map((g) => ({ producto_id: g.producto_id!, nombre: g.product_name, ...totalsView([g])[0]! })),
        dispositivos_conectados: d.devices.map((c) => {
          const router = { router_id: c.router.id, nombre: c.router.nombre };
          if (c.status === 'ok') return { ...router, estado: 'ok' as const, conectados: c.connected, detalle: null };
          if (c.status === 'inactive') return { ...router, estado: 'inactivo' as const, conectados: null, detalle: null };
          request.log.warn({ err: c.error, routerId: c.router.id }, 'dashboard: router did not answer the device count');
          const detalle = c.error instanceof NoAnswerError ? `Sin respuesta en ${c.error.timeoutMs} ms` : 'Router no disponible';
          return { ...router, estado: 'sin_respuesta' as const, conectados: null, detalle };
        }),
        ultimas_compras: d.latest.map(saleView),
        salud: {
          sin_liquidar: d.unsettled.reduce((n, u) => n + u.count, 0),
          sin_liquidar_por_estado: d.unsettled.map((u) => ({ estado: u.state, cantidad: u.count, desde: u.oldest.toISOString() })),
          ultimo_barrido_vencimientos: jobRunView(d.lastSweep),
        },
      };
    },
  );

  app.get(
    '/api/v1/admin/mi-empresa/ventas',
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Search the empresa’s sales, newest first, a page at a time (JSON), or all of them as a streamed CSV (formato=csv)',
        description:
          'Filters combine (AND). desde/hasta are days of creation in the empresa’s time zone. cliente matches a substring of the ' +
          'customer’s name, e-mail or phone, case-insensitively. Pass siguiente_cursor back as cursor for the next page; null means ' +
          'the last page. formato=csv ignores limite and cursor and streams every match.',
        querystring: closedObject({
          desde: Type.Optional(day),
          hasta: Type.Optional(day),
          router_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          producto_id: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ROW_NUMBER })),
          estado: Type.Optional(stateInput),
          canal: Type.Optional(channelInput),
          cliente: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          limite: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          formato: Type.Optional(format),
        }),
        response: {
          200: Type.Object({ ventas: Type.Array(saleSchema), siguiente_cursor: nullableStr }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const company = await companyOf(request);
      const zone = reportZone(company.zona_horaria);
      const q = request.query;
      if (q.desde !== undefined && q.hasta !== undefined) rangeOf(q, zone, ctx.now());
      const filter: SalesFilter = {
        companyId: company.id,
        zone,
        ...(q.desde !== undefined ? { from: q.desde } : {}),
        ...(q.hasta !== undefined ? { to: q.hasta } : {}),
        ...(q.router_id !== undefined ? { routerId: q.router_id } : {}),
        ...(q.producto_id !== undefined ? { productId: q.producto_id } : {}),
        ...(q.estado !== undefined ? { state: q.estado } : {}),
        ...(q.canal !== undefined ? { channel: q.canal } : {}),
        ...(q.cliente !== undefined ? { customer: q.cliente } : {}),
      };
      if (q.formato === 'csv') {
        const lines = async function* () {
          yield CSV_BOM + SALES_CSV_HEADER;
          for await (const page of salesPages(ctx.db, filter)) yield page.map((row) => saleCsv(row, zone)).join('');
        };
        return sendCsv(reply, `ventas-${localDay(ctx.now(), zone)}.csv`, Readable.from(lines()));
      }
      let after: ReturnType<typeof keyOfCursor> | undefined;
      try {
        after = q.cursor === undefined ? undefined : keyOfCursor(q.cursor);
      } catch (error) {
        if (error instanceof BadCursorError) throw new HttpError(422, 'cursor inválido');
        throw error;
      }
      const rows = await searchSales(ctx.db, filter, { limit: q.limite + 1, ...(after ? { after } : {}) });
      const page = rows.slice(0, q.limite);
      const last = page.at(-1);
      return { ventas: page.map(saleView), siguiente_cursor: rows.length > q.limite && last ? cursorAfter(last) : null };
    },
  );

  app.get(
    '/api/v1/admin/mi-empresa/transacciones/:id/historial',
    {
      onRequest,
      schema: {
        ...common,
        summary: 'A transaction’s timeline: every state it went through and what happened to its hotspot user, oldest first',
        params: Type.Object({ id: idParam }),
        response: {
          200: Type.Object({ id_transaccion: Type.String(), eventos: Type.Array(timelineEventSchema) }),
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request) => {
      const row = await findTransaction(ctx.db, request.params.id, { companyId: adminOf(request).empresa_id! });
      if (!row) throw notFound('Transacción no encontrada');
      const [states, userEvents] = await Promise.all([stateChangesOf(ctx.db, row.id), userEventsOf(ctx.db, row.id)]);
      return { id_transaccion: row.id, eventos: timelineView(states, userEvents) };
    },
  );
};
