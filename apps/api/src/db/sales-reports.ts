/**
 * Paid sales grouped for the reports and the dashboard. Money counts when a transaction is `paid`, at
 * its `paid_at` (card, cash and sold vouchers alike), and days are the empresa's: a range of days
 * `from`..`to` (YYYY-MM-DD, both included) runs from `from`'s midnight to the midnight after `to`,
 * in `zone`. Groups come by day and channel, then biggest revenue first. Every column read rides in the partial index `transacciones_empresa_paid` (0012).
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from './connection.js';
import type { Currency } from './schema.js';
import type { SalesChannel, TransactionState } from './transactions.js';

/** What paid sales can be grouped by. */
export type SalesDimension = 'day' | 'router' | 'product' | 'channel';

export interface SalesQuery {
  companyId: string;
  /** IANA zone the days are counted in. */
  zone: string;
  from: string;
  to: string;
  by: readonly SalesDimension[];
}

/** One group: the dimensions asked for are set, the others null. */
export interface SalesGroup {
  day: string | null;
  router_id: string | null;
  router_name: string | null;
  producto_id: number | null;
  product_name: string | null;
  channel: SalesChannel | null;
  moneda: Currency;
  sales: number;
  cents: number;
}

/** The instants a range of the empresa's days covers, as SQL expressions. */
export function dayRange(zone: string, from: string, to: string): { start: RawBuilder<Date>; end: RawBuilder<Date> } {
  return {
    start: sql<Date>`(${from}::date::timestamp at time zone ${zone})`,
    end: sql<Date>`((${to}::date + 1)::timestamp at time zone ${zone})`,
  };
}

export async function paidSales(db: Db, query: SalesQuery): Promise<SalesGroup[]> {
  const has = (d: SalesDimension) => query.by.includes(d);
  return groupedSales(db, paidRows(query, has), sql`day, router_id, producto_id, channel, moneda`);
}

/**
 * The dashboard's three groupings of the same days, in one pass over the index (grouping sets):
 * per day and channel, per router, per plan.
 */
export async function dashboardSales(
  db: Db,
  window: Omit<SalesQuery, 'by'>,
): Promise<{ daily: SalesGroup[]; byRouter: SalesGroup[]; byProduct: SalesGroup[] }> {
  const groups = await groupedSales(
    db,
    paidRows(window, () => true),
    sql`grouping sets ((day, channel, moneda), (router_id, moneda), (producto_id, moneda))`,
  );
  return {
    daily: groups.filter((g) => g.day !== null),
    byRouter: groups.filter((g) => g.router_id !== null),
    byProduct: groups.filter((g) => g.producto_id !== null),
  };
}

/** The paid sales of the days, each dimension its value when `has` it, else null. */
function paidRows(query: Omit<SalesQuery, 'by'>, has: (d: SalesDimension) => boolean): RawBuilder<unknown> {
  const { start, end } = dayRange(query.zone, query.from, query.to);
  // A date, formatted once per group afterwards: cheaper than formatting every row.
  const day = has('day') ? sql`(paid_at at time zone ${query.zone})::date` : sql`null::date`;
  const router = has('router') ? sql`router_id` : sql`null::text`;
  const product = has('product') ? sql`producto_id` : sql`null::integer`;
  const channel = has('channel') ? sql`channel` : sql`null::text`;
  return sql`select ${day} as day, ${router} as router_id, ${product} as producto_id, ${channel} as channel, moneda, amount_cents
    from transacciones
    where empresa_id = ${query.companyId} and state = 'paid' and paid_at >= ${start} and paid_at < ${end}`;
}

async function groupedSales(db: Db, rows: RawBuilder<unknown>, groupBy: RawBuilder<unknown>): Promise<SalesGroup[]> {
  const { rows: groups } = await sql<SalesGroup & { sales: string; cents: string }>`
    with groups as (
      select day, router_id, producto_id, channel, moneda, count(*) as sales, sum(amount_cents) as cents
      from (${rows}) paid
      group by ${groupBy}
    )
    select to_char(g.day, 'YYYY-MM-DD') as day, g.router_id, r.nombre as router_name, g.producto_id, p.nombre_venta as product_name,
      g.channel, g.moneda, g.sales, g.cents
    from groups g
    left join routers r on r.id = g.router_id
    left join productos p on p.id = g.producto_id
    order by g.day, g.channel, g.cents desc, g.router_id, g.producto_id, g.moneda`.execute(db);
  return groups.map((g) => ({ ...g, sales: Number(g.sales), cents: Number(g.cents) }));
}

/** An empresa's attempts not yet settled, per state, with the oldest one's last change (reconciliation's backlog). */
export async function unsettledByState(
  db: Db,
  companyId: string,
): Promise<Array<{ state: TransactionState; count: number; oldest: Date }>> {
  const rows = await db
    .selectFrom('transacciones')
    .select((eb) => ['state', eb.fn.countAll<string>().as('count'), eb.fn.min('updated_at').as('oldest')])
    .where('empresa_id', '=', companyId)
    .where('settled_at', 'is', null)
    .groupBy('state')
    .orderBy('state')
    .execute();
  return rows.map((r) => ({ state: r.state, count: Number(r.count), oldest: r.oldest }));
}
