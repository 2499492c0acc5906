/**
 * The sales search: an empresa's attempts, newest first, narrowed by any of date range (the
 * empresa's days, by `created_at`), router, plan, state, channel and customer (a substring of the
 * name, e-mail or phone), paged by keyset on (created_at, id): a deep page costs what the first
 * does, and rows written meanwhile neither repeat nor shift a page. Read through the index
 * `transacciones_empresa_created_id` (0012), backwards.
 */
import { sql } from 'kysely';
import type { Db } from './connection.js';
import { dayRange } from './sales-reports.js';
import type { SalesChannel, TransactionRow, TransactionState } from './transactions.js';

export interface SalesFilter {
  companyId: string;
  zone: string;
  from?: string;
  to?: string;
  routerId?: string;
  productId?: number;
  state?: TransactionState;
  channel?: SalesChannel;
  customer?: string;
}

/** Where a page ends: the last row's `created_at` (exact to the microsecond, as text) and id. */
export interface SalesKey {
  at: string;
  id: string;
}

export type SalesRow = TransactionRow & { key_at: string };

/** Up to `limit` rows after `after` (newest first). */
export async function searchSales(db: Db, filter: SalesFilter, page: { limit: number; after?: SalesKey }): Promise<SalesRow[]> {
  let query = db
    .selectFrom('transacciones')
    .selectAll()
    // Text, not a Date: a JavaScript Date would drop the microseconds PostgreSQL keeps, and the next page would repeat rows.
    .select(sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('key_at'))
    .where('empresa_id', '=', filter.companyId);
  if (filter.from !== undefined) query = query.where('created_at', '>=', dayRange(filter.zone, filter.from, filter.from).start);
  if (filter.to !== undefined) query = query.where('created_at', '<', dayRange(filter.zone, filter.to, filter.to).end);
  if (filter.routerId !== undefined) query = query.where('router_id', '=', filter.routerId);
  if (filter.productId !== undefined) query = query.where('producto_id', '=', filter.productId);
  if (filter.state !== undefined) query = query.where('state', '=', filter.state);
  if (filter.channel !== undefined) query = query.where('channel', '=', filter.channel);
  if (filter.customer !== undefined) {
    const pattern = `%${filter.customer.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where((eb) =>
      eb.or([eb('cliente_nombre', 'ilike', pattern), eb('cliente_email', 'ilike', pattern), eb('cliente_telefono', 'ilike', pattern)]),
    );
  }
  if (page.after !== undefined) query = query.where(sql<boolean>`(created_at, id) < (${page.after.at}::timestamptz, ${page.after.id})`);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
}
