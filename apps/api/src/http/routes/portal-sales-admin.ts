/**
 * Sales as the client admin sees them: `GET /api/v1/admin/mi-empresa/transacciones?limit&offset`
 * and `GET /api/v1/admin/mi-empresa/dashboard`; plus `salesFigures`, the transaction figures the
 * super-admin stats and dashboard include. Hotspot passwords never appear here.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/connection.js';
import { listTransactions, transactionFigures, type TransaccionRow, type TransactionFigures } from '../../db/transactions.js';
import { amountFromCents } from '../../money.js';
import { adminOf, sessionAuth } from '../auth.js';
import { errorSchema, sessionSecurity } from '../schemas.js';
import { ESTADO_PAGO } from './portal-payments.js';
import type { PortalContext } from './portal-shared.js';

/** A transaction row for admins: everything but the hotspot password. */
export function transaccionView(t: TransaccionRow) {
  return {
    id: t.id,
    router_id: t.router_id,
    producto_id: t.producto_id,
    producto_nombre: t.producto_nombre,
    perfil_mikrotik: t.perfil_mikrotik,
    monto: amountFromCents(t.monto_centavos),
    monto_centavos: t.monto_centavos,
    moneda: t.moneda,
    pasarela: t.pasarela,
    estado: t.estado,
    estado_pago: ESTADO_PAGO[t.estado],
    motivo: t.motivo,
    cargo_id: t.cargo_id,
    tipo_usuario: t.tipo_usuario,
    usuario_hotspot: t.hotspot_usuario,
    cliente_nombre: t.cliente_nombre,
    cliente_email: t.cliente_email,
    cliente_telefono: t.cliente_telefono,
    mac_cliente: t.mac_cliente,
    ip_cliente: t.ip_cliente,
    creado_en: t.creado_en.toISOString(),
    pagado_en: t.pagado_en?.toISOString() ?? null,
    liquidado_en: t.liquidado_en?.toISOString() ?? null,
  };
}

const amounts = (byCurrency: TransactionFigures['revenueCents']) =>
  Object.fromEntries(Object.entries(byCurrency).map(([moneda, cents]) => [moneda, amountFromCents(cents ?? 0)]));

/**
 * Transaction figures for one empresa, or all when `empresaId` is undefined (super admin). Revenue
 * counts only paid attempts, per currency; "hoy" starts at midnight UTC.
 */
export async function salesFigures(db: Db, empresaId: string | undefined, now: Date) {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const f = await transactionFigures(db, empresaId, today);
  return {
    total_transacciones: f.total,
    transacciones_pagadas: f.byEstado.paid,
    transacciones_rechazadas: f.byEstado.declined,
    transacciones_pendientes: f.byEstado.pending + f.byEstado.user_created + f.byEstado.unresolved,
    transacciones_fallidas: f.byEstado.router_failed,
    transacciones_reembolsadas: f.byEstado.reversed,
    ingresos_totales: amounts(f.revenueCents),
    ventas_hoy: f.paidSince,
    ingresos_hoy: amounts(f.revenueSinceCents),
  };
}

const transaccionSchema = { type: 'object', additionalProperties: true } as const;

export function registerSalesAdmin(app: FastifyInstance, portal: PortalContext): void {
  const { ctx } = portal;
  const onRequest = sessionAuth(ctx, ['cliente_admin']);
  const common = { tags: ['client admin'], security: sessionSecurity };
  const errors = { 401: errorSchema, 403: errorSchema };

  app.get<{ Querystring: { limit: number; offset: number } }>(
    '/api/v1/admin/mi-empresa/transacciones',
    {
      onRequest,
      schema: {
        ...common,
        summary: "The empresa's purchase attempts, newest first",
        querystring: {
          type: 'object',
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              empresa_id: { type: 'string' },
              total: { type: 'integer' },
              limit: { type: 'integer' },
              offset: { type: 'integer' },
              transacciones: { type: 'array', items: transaccionSchema },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const empresaId = adminOf(request).empresa_id!;
      const { limit, offset } = request.query;
      const page = await listTransactions(ctx.db, empresaId, { limit, offset });
      return { empresa_id: empresaId, total: page.total, limit, offset, transacciones: page.rows.map(transaccionView) };
    },
  );

  app.get(
    '/api/v1/admin/mi-empresa/dashboard',
    {
      onRequest,
      schema: {
        ...common,
        summary: "The empresa's sales figures and latest attempts",
        response: { 200: { type: 'object', additionalProperties: true }, ...errors },
      },
    },
    async (request) => {
      const empresaId = adminOf(request).empresa_id!;
      const [figures, latest] = await Promise.all([
        salesFigures(ctx.db, empresaId, ctx.now()),
        listTransactions(ctx.db, empresaId, { limit: 10, offset: 0 }),
      ]);
      return { empresa_id: empresaId, ...figures, ultimas_transacciones: latest.rows.map(transaccionView) };
    },
  );
}
