/**
 * The transaction figures both dashboards show: the client admin's (GET /api/v1/admin/mi-empresa/dashboard)
 * and the super admin's (GET /admin/dashboard, GET /admin/empresas/{eid}/stats).
 */
import type { Db } from '../db/connection.js';
import { transactionFigures, type TransactionFigures } from '../db/transactions.js';
import { amountFromCents } from '../money.js';
import type { SalesFiguresView } from './schemas.js';

const amounts = (byCurrency: TransactionFigures['revenueCents']) =>
  Object.fromEntries(Object.entries(byCurrency).map(([moneda, cents]) => [moneda, amountFromCents(cents ?? 0)]));

/**
 * Transaction figures for one empresa, or all when `companyId` is undefined (super admin). Revenue
 * counts only paid attempts, per currency; "hoy" starts at midnight UTC.
 */
export async function salesFigures(db: Db, companyId: string | undefined, now: Date): Promise<SalesFiguresView> {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const f = await transactionFigures(db, companyId, today);
  return {
    total_transacciones: f.total,
    transacciones_pagadas: f.byState.paid,
    transacciones_rechazadas: f.byState.declined,
    transacciones_pendientes: f.byState.pending + f.byState.user_created + f.byState.unresolved,
    transacciones_fallidas: f.byState.router_failed,
    transacciones_reembolsadas: f.byState.reversed,
    ingresos_totales: amounts(f.revenueCents),
    ventas_hoy: f.paidSince,
    ingresos_hoy: amounts(f.revenueSinceCents),
  };
}
