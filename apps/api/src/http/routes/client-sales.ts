/**
 * Sales as the client admin sees them: `GET /api/v1/admin/mi-empresa/transacciones?limit&offset`
 * and `GET /api/v1/admin/mi-empresa/dashboard`, in the old service's shapes (LEGACY-API.md §4.4) with
 * this service's fields beside them. Hotspot passwords never appear here.
 */
import { countRouters } from '../../db/routers.js';
import { listTransactions, type TransactionRow } from '../../db/transactions.js';
import { amountFromCents, centsFromAmount } from '../../money.js';
import { adminOf, sessionAuth } from '../auth.js';
import type { RouteModule } from '../context.js';
import { legacyPaymentStatus } from '../legacy-payment-status.js';
import { requireCompany } from '../lookups.js';
import { salesFigures } from '../sales-figures.js';
import { Type } from 'typebox';
import { closedObject, errorSchema, MAX_ROW_NUMBER, nullable, sessionSecurity } from '../schemas.js';
import { transactionView } from '../views.js';

/** The most rows one page answers: a bigger `limit` (the old service had no maximum) gets this many, and says so. */
const MAX_PAGE = 500;
/** How many of the latest attempts the old dashboard listed. */
const LEGACY_RECENT = 5;

const str = Type.String();
const money = Type.Number();

/** A sale in the list: the old item's fields (`id`, `transaccion_id`, `monto`, `estado_pago`, `cliente_nombre`, `creada_en`) and this service's view. */
const transactionItemSchema = Type.Object(
  { id: str, transaccion_id: nullable(), monto: money, estado_pago: str, estado: str, cliente_nombre: str, creada_en: str },
  { additionalProperties: true },
);

function transactionItem(t: TransactionRow) {
  return { ...transactionView(t), transaccion_id: t.charge_id, creada_en: t.created_at.toISOString(), estado_pago: legacyPaymentStatus(t) };
}

/** An attempt as the old dashboard listed it. */
function recentItem(t: TransactionRow) {
  return {
    id: t.id,
    transaccion_id: t.charge_id,
    monto: amountFromCents(t.amount_cents),
    estado: legacyPaymentStatus(t),
    fecha: t.created_at.toISOString(),
  };
}

export const clientSalesRoutes: RouteModule = (app, ctx) => {
  const onRequest = sessionAuth(ctx, ['cliente_admin']);
  const common = { tags: ['client admin'], security: sessionSecurity };
  const errors = { 401: errorSchema, 403: errorSchema };

  app.get(
    '/api/v1/admin/mi-empresa/transacciones',
    {
      onRequest,
      schema: {
        ...common,
        summary: `The empresa's purchase attempts, newest first (at most ${MAX_PAGE} a page: the answer's limit says how many)`,
        querystring: closedObject({
          limit: Type.Integer({ minimum: 0, maximum: MAX_ROW_NUMBER, default: 50 }),
          // An offset past any real table: a bigger one is a client's mistake (422), not a database error.
          offset: Type.Integer({ minimum: 0, maximum: MAX_ROW_NUMBER, default: 0 }),
        }),
        response: {
          200: Type.Object({
            empresa_id: str,
            total: Type.Integer(),
            limit: Type.Integer(),
            offset: Type.Integer(),
            transacciones: Type.Array(transactionItemSchema),
          }),
          ...errors,
          422: errorSchema,
        },
      },
    },
    async (request) => {
      const companyId = adminOf(request).empresa_id!;
      const limit = Math.min(request.query.limit, MAX_PAGE);
      const { offset } = request.query;
      const page = await listTransactions(ctx.db, companyId, { limit, offset });
      return { empresa_id: companyId, total: page.total, limit, offset, transacciones: page.rows.map(transactionItem) };
    },
  );

  app.get(
    '/api/v1/admin/mi-empresa/dashboard',
    {
      onRequest,
      schema: {
        ...common,
        summary: "The empresa's sales figures and latest attempts (the old answer's empresa, estadisticas and transacciones_recientes too)",
        response: {
          200: Type.Object(
            {
              empresa: Type.Object({ nombre: str, activa: Type.Boolean() }),
              estadisticas: Type.Object({
                total_transacciones: Type.Integer(),
                ingresos_totales: money,
                transacciones_pagadas: Type.Integer(),
                transacciones_pendientes: Type.Integer(),
                total_routers: Type.Integer(),
              }),
              transacciones_recientes: Type.Array(
                Type.Object({ id: str, transaccion_id: nullable(), monto: money, estado: str, fecha: str }),
              ),
            },
            { additionalProperties: true },
          ),
          ...errors,
          404: errorSchema,
        },
      },
    },
    async (request) => {
      const companyId = adminOf(request).empresa_id!;
      const [company, figures, latest, routers] = await Promise.all([
        requireCompany(ctx, companyId),
        salesFigures(ctx.db, companyId, ctx.now()),
        listTransactions(ctx.db, companyId, { limit: 10, offset: 0 }),
        countRouters(ctx.db, companyId),
      ]);
      // The old figure was one number: here the paid sales of every currency, added up in cents.
      const revenueCents = Object.values(figures.ingresos_totales).reduce((sum, amount) => sum + centsFromAmount(amount), 0);
      return {
        empresa: { nombre: company.nombre, activa: company.activa },
        estadisticas: {
          total_transacciones: figures.total_transacciones,
          ingresos_totales: amountFromCents(revenueCents),
          transacciones_pagadas: figures.transacciones_pagadas,
          transacciones_pendientes: figures.transacciones_pendientes,
          total_routers: routers.total,
        },
        transacciones_recientes: latest.rows.slice(0, LEGACY_RECENT).map(recentItem),
        empresa_id: companyId,
        ...figures,
        ultimas_transacciones: latest.rows.map(transactionView),
      };
    },
  );
};
