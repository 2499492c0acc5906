/**
 * Voucher batches and their vouchers (migration 0010). A voucher is written `creating` before its
 * hotspot user is added and becomes `unsold` once the router confirmed it; selling it writes its
 * `transacciones` row (channel `voucher`, `paid`) in the same database transaction as the move to
 * `sold`, so a voucher's money counts exactly when, and only when, it is sold.
 */
import { sql, type Insertable, type Selectable, type SqlBool, type Expression } from 'kysely';
import type { Db } from './connection.js';
import type { Currency, Timestamp, ValidityStart } from './schema.js';
import type { NewTransaction, UserState } from './transactions.js';

export type BatchState = 'creating' | 'ready';
/** A voucher as stored: its user on the way to the router, on it unsold, sold, or revoked (removed). */
export type VoucherState = 'creating' | 'unsold' | 'sold' | 'revoked';
/** A voucher's life as the admin sees it: a sold one is `used` after its first login, `expired` once its plan ended. */
export type VoucherStatus = 'creating' | 'unsold' | 'sold' | 'used' | 'expired' | 'revoked';

export interface VoucherBatchesTable {
  id: string;
  empresa_id: string;
  router_id: string;
  producto_id: number;
  product_name: string;
  hotspot_profile: string;
  amount_cents: number;
  moneda: Currency;
  time_limit: string | null;
  data_limit_mb: number | null;
  validity: string | null;
  validity_start: ValidityStart | null;
  user_kind: 'usuario_contrasena' | 'pin';
  prefix: string | null;
  size: number;
  login_url: string | null;
  state: BatchState;
  lease_until: Date | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface VouchersTable {
  id: string;
  batch_id: string;
  number: number;
  hotspot_username: string;
  /** SecretBox-sealed. */
  hotspot_password_sealed: string;
  state: VoucherState;
  router_user_id: string | null;
  sold_at: Date | null;
  revoked_at: Date | null;
}

declare module './schema.js' {
  interface Database {
    voucher_batches: VoucherBatchesTable;
    vouchers: VouchersTable;
  }
}

export type BatchRow = Selectable<VoucherBatchesTable>;
export type VoucherRow = Selectable<VouchersTable>;
export type NewBatch = Insertable<VoucherBatchesTable>;
export type NewVoucher = Insertable<VouchersTable>;

/** Which vouchers an admin acts on: one, or a range of a batch's numbers (the whole batch without bounds). */
export type VoucherSelection = { voucherId: string } | { batchId: string; from?: number | undefined; to?: number | undefined };

/** Records a batch and its vouchers, all `creating`, in one transaction (nothing is on the router yet). */
export async function insertBatch(db: Db, batch: NewBatch, vouchers: readonly NewVoucher[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('voucher_batches').values(batch).execute();
    // Chunks keep each statement far below PostgreSQL's 65,535 parameters.
    for (let i = 0; i < vouchers.length; i += 2000) {
      await trx
        .insertInto('vouchers')
        .values(vouchers.slice(i, i + 2000))
        .execute();
    }
  });
}

/** An empresa's batch (another empresa's looks missing). */
export async function findBatch(db: Db, id: string, companyId: string): Promise<BatchRow | undefined> {
  return db.selectFrom('voucher_batches').selectAll().where('id', '=', id).where('empresa_id', '=', companyId).executeTakeFirst();
}

/** The batch of one of the empresa's vouchers. */
export async function findBatchOfVoucher(db: Db, voucherId: string, companyId: string): Promise<BatchRow | undefined> {
  return db
    .selectFrom('voucher_batches as b')
    .innerJoin('vouchers as v', 'v.batch_id', 'b.id')
    .selectAll('b')
    .where('v.id', '=', voucherId)
    .where('b.empresa_id', '=', companyId)
    .executeTakeFirst();
}

/**
 * Claims a `creating` batch for its creation or a resume until `leaseUntil`.
 * @returns the batch, or undefined when it is ready or another claim is still running.
 */
export async function claimBatch(db: Db, id: string, now: Date, leaseUntil: Date): Promise<BatchRow | undefined> {
  return db
    .updateTable('voucher_batches')
    .set({ lease_until: leaseUntil })
    .where('id', '=', id)
    .where('state', '=', 'creating')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .returningAll()
    .executeTakeFirst();
}

/**
 * Batches still `creating` that were started before `createdBefore` and that no claim holds at
 * `now`: their maker crashed, or the router dropped and nobody resumed them. Oldest first.
 */
export async function stalledBatches(db: Db, options: { now: Date; createdBefore: Date; limit: number }): Promise<BatchRow[]> {
  return db
    .selectFrom('voucher_batches')
    .selectAll()
    .where('state', '=', 'creating')
    .where('created_at', '<', options.createdBefore)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', options.now)]))
    .orderBy('created_at')
    .limit(options.limit)
    .execute();
}

/** Ends a claim; `ready` when every voucher of the batch is on its router. */
export async function releaseBatch(db: Db, id: string, ready: boolean): Promise<void> {
  await db
    .updateTable('voucher_batches')
    .set({ lease_until: null, ...(ready ? { state: 'ready' as const } : {}) })
    .where('id', '=', id)
    .execute();
}

/** A batch's vouchers whose user the router has not confirmed yet. */
export async function creatingVouchers(db: Db, batchId: string): Promise<VoucherRow[]> {
  return db.selectFrom('vouchers').selectAll().where('batch_id', '=', batchId).where('state', '=', 'creating').orderBy('number').execute();
}

/** New credentials for a voucher whose name the router refused as taken (before it is added again). */
export async function renameVoucher(db: Db, id: string, username: string, passwordSealed: string): Promise<void> {
  await db
    .updateTable('vouchers')
    .set({ hotspot_username: username, hotspot_password_sealed: passwordSealed })
    .where('id', '=', id)
    .where('state', '=', 'creating')
    .execute();
}

/** Vouchers the router confirmed: `creating` → `unsold` with their user's `.id`, in one statement. */
export async function recordCreated(db: Db, created: ReadonlyArray<{ id: string; routerUserId: string }>): Promise<void> {
  for (let i = 0; i < created.length; i += 2000) {
    const rows = created.slice(i, i + 2000).map((c) => sql`(${c.id}, ${c.routerUserId})`);
    await sql`update vouchers set state = 'unsold', router_user_id = confirmed.router_user_id
      from (values ${sql.join(rows)}) as confirmed (id, router_user_id)
      where vouchers.id = confirmed.id and vouchers.state = 'creating'`.execute(db);
  }
}

/** The selected vouchers of the empresa, as a subquery of ids. */
function selected(db: Db, companyId: string, selection: VoucherSelection) {
  let query = db
    .selectFrom('vouchers as v')
    .innerJoin('voucher_batches as b', 'b.id', 'v.batch_id')
    .select('v.id')
    .where('b.empresa_id', '=', companyId);
  if ('voucherId' in selection) return query.where('v.id', '=', selection.voucherId);
  query = query.where('v.batch_id', '=', selection.batchId);
  if (selection.from !== undefined) query = query.where('v.number', '>=', selection.from);
  if (selection.to !== undefined) query = query.where('v.number', '<=', selection.to);
  return query;
}

/** In the order the cards print. */
function byNumber(vouchers: VoucherRow[]): VoucherRow[] {
  return vouchers.sort((a, b) => a.batch_id.localeCompare(b.batch_id) || a.number - b.number);
}

/** Builds a sold voucher's `transacciones` row (src/vouchers/counter.ts). */
export type VoucherSale = (voucher: VoucherRow, batch: BatchRow) => NewTransaction;

/**
 * Sells the selected `unsold` vouchers at `at`: each moves to `sold` and gets its `transacciones`
 * row, built by `sale`, in one database transaction. Vouchers in any other state are left alone.
 * @returns the vouchers sold now.
 */
export async function sellVouchers(
  db: Db,
  companyId: string,
  selection: VoucherSelection,
  at: Date,
  sale: VoucherSale,
): Promise<VoucherRow[]> {
  return db.transaction().execute(async (trx) => {
    const sold = await trx
      .updateTable('vouchers')
      .set({ state: 'sold', sold_at: at })
      .where('id', 'in', selected(trx, companyId, selection))
      .where('state', '=', 'unsold')
      .returningAll()
      .execute();
    return insertSales(trx, byNumber(sold), sale);
  });
}

/**
 * Sells the router's `unsold` vouchers among `logins`, each at its login's time: a voucher whose
 * user logged in was handed over, whether or not an admin marked it sold (src/plans/login-watch.ts).
 * Same transaction as their `transacciones` rows. @returns the vouchers sold now.
 */
export async function sellLoggedInVouchers(
  db: Db,
  routerId: string,
  logins: ReadonlyArray<{ username: string; at: Date }>,
  sale: VoucherSale,
): Promise<VoucherRow[]> {
  if (logins.length === 0) return [];
  const values = sql.join(logins.map((l) => sql`(${l.username}, ${l.at}::timestamptz)`));
  return db.transaction().execute(async (trx) => {
    // Through the router's batches (vouchers_batch_state): only its unsold vouchers are read.
    const { rows } = await sql<VoucherRow>`
      update vouchers v set state = 'sold', sold_at = l.login_at
      from (values ${values}) as l(login_name, login_at), voucher_batches b
      where b.id = v.batch_id and b.router_id = ${routerId} and v.state = 'unsold' and v.hotspot_username = l.login_name
      returning v.*`.execute(trx);
    return insertSales(trx, byNumber(rows), sale);
  });
}

/** Writes the sold vouchers' `transacciones` rows, `paid` when each was sold. @returns `sold` */
async function insertSales(trx: Db, sold: VoucherRow[], sale: VoucherSale): Promise<VoucherRow[]> {
  if (sold.length === 0) return [];
  const batches = await trx
    .selectFrom('voucher_batches')
    .selectAll()
    .where('id', 'in', [...new Set(sold.map((v) => v.batch_id))])
    .execute();
  const batchOf = new Map(batches.map((b) => [b.id, b]));
  const rows = sold.map((v) => ({
    ...sale(v, batchOf.get(v.batch_id)!),
    state: 'paid' as const,
    created_at: v.sold_at!,
    updated_at: v.sold_at!,
  }));
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('transacciones')
      .values(rows.slice(i, i + 500))
      .execute();
  }
  return sold;
}

/** A router's unsold vouchers: voucher id (its user's comment names it) by user name. */
export async function unsoldVouchersOn(db: Db, routerId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('vouchers as v')
    .innerJoin('voucher_batches as b', 'b.id', 'v.batch_id')
    .select(['v.id', 'v.hotspot_username'])
    .where('b.router_id', '=', routerId)
    .where('v.state', '=', 'unsold')
    .execute();
  return new Map(rows.map((r) => [r.hotspot_username, r.id]));
}

/**
 * Revokes the selected `unsold` vouchers at `at`. @returns every selected revoked voucher (those
 * revoked now and before), whose users must be off the router: a revoke whose removal failed is
 * finished by revoking again.
 */
export async function revokeVouchers(db: Db, companyId: string, selection: VoucherSelection, at: Date): Promise<VoucherRow[]> {
  await db
    .updateTable('vouchers')
    .set({ state: 'revoked', revoked_at: at })
    .where('id', 'in', selected(db, companyId, selection))
    .where('state', '=', 'unsold')
    .execute();
  return db
    .selectFrom('vouchers')
    .selectAll()
    .where('id', 'in', selected(db, companyId, selection))
    .where('state', '=', 'revoked')
    .orderBy('number')
    .execute();
}

/** The vouchers a sheet prints: those on the router (unsold or sold), by number, optionally a range. */
export async function printableVouchers(
  db: Db,
  batchId: string,
  range: { from?: number | undefined; to?: number | undefined },
): Promise<VoucherRow[]> {
  let query = db.selectFrom('vouchers').selectAll().where('batch_id', '=', batchId).where('state', 'in', ['unsold', 'sold']);
  if (range.from !== undefined) query = query.where('number', '>=', range.from);
  if (range.to !== undefined) query = query.where('number', '<=', range.to);
  return query.orderBy('number').execute();
}

/** A voucher with what its sale's row says of its user, for the lists and the status. */
export type VoucherListRow = VoucherRow & {
  user_kind: BatchRow['user_kind'];
  user_state: UserState | null;
  first_login_at: Date | null;
};

/** The SQL test of a status, over `v` (vouchers) left-joined with `t` (its sale). */
function statusFilter(status: VoucherStatus): Expression<SqlBool> {
  switch (status) {
    case 'sold':
      return sql<SqlBool>`v.state = 'sold' and t.user_state = 'unused'`;
    case 'used':
      return sql<SqlBool>`v.state = 'sold' and t.user_state = 'active'`;
    case 'expired':
      return sql<SqlBool>`v.state = 'sold' and t.user_state in ('exhausted', 'expired', 'removed')`;
    default:
      return sql<SqlBool>`v.state = ${status}`;
  }
}

/** An empresa's vouchers, by batch and number, optionally of one batch, one status, a range of numbers. */
export async function listVouchers(
  db: Db,
  companyId: string,
  filter: { batchId?: string | undefined; status?: VoucherStatus | undefined; from?: number | undefined; to?: number | undefined },
  page: { limit: number; offset: number },
): Promise<{ total: number; rows: VoucherListRow[] }> {
  let query = db
    .selectFrom('vouchers as v')
    .innerJoin('voucher_batches as b', 'b.id', 'v.batch_id')
    .leftJoin('transacciones as t', 't.id', 'v.id')
    .where('b.empresa_id', '=', companyId);
  if (filter.batchId !== undefined) query = query.where('v.batch_id', '=', filter.batchId);
  if (filter.status !== undefined) query = query.where(statusFilter(filter.status));
  if (filter.from !== undefined) query = query.where('v.number', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('v.number', '<=', filter.to);
  const [rows, count] = await Promise.all([
    query
      .selectAll('v')
      .select(['b.user_kind', 't.user_state', 't.first_login_at'])
      .orderBy('b.created_at', 'desc')
      .orderBy('v.batch_id')
      .orderBy('v.number')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: Number(count.n), rows };
}

/** How many vouchers of each batch are in each status. */
export async function batchCounts(db: Db, batchIds: readonly string[]): Promise<Map<string, Partial<Record<VoucherStatus, number>>>> {
  const counts = new Map<string, Partial<Record<VoucherStatus, number>>>(batchIds.map((id) => [id, {}]));
  if (batchIds.length === 0) return counts;
  const status = sql<VoucherStatus>`case when v.state <> 'sold' then v.state
    when t.user_state = 'unused' then 'sold' when t.user_state = 'active' then 'used' else 'expired' end`;
  const rows = await db
    .selectFrom('vouchers as v')
    .leftJoin('transacciones as t', 't.id', 'v.id')
    .select(['v.batch_id', status.as('status'), (eb) => eb.fn.countAll<string>().as('n')])
    .where('v.batch_id', 'in', batchIds)
    .groupBy(['v.batch_id', status])
    .execute();
  for (const row of rows) counts.get(row.batch_id)![row.status] = Number(row.n);
  return counts;
}

/** An empresa's batches, newest first. */
export async function listBatches(
  db: Db,
  companyId: string,
  page: { limit: number; offset: number },
): Promise<{ total: number; rows: BatchRow[] }> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('voucher_batches')
      .selectAll()
      .where('empresa_id', '=', companyId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom('voucher_batches')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('empresa_id', '=', companyId)
      .executeTakeFirstOrThrow(),
  ]);
  return { total: Number(count.n), rows };
}

/**
 * Which of `ids` (transaction ids read from router comments) are vouchers whose user belongs on the
 * router without a sale: `unsold`, or `creating` (a batch may be adding it right now).
 */
export async function unsoldVoucherIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .selectFrom('vouchers')
      .select('id')
      .where('id', 'in', ids.slice(i, i + 1000))
      .where('state', 'in', ['creating', 'unsold'])
      .execute();
    for (const row of rows) found.add(row.id);
  }
  return found;
}

/** Routers that ever had a voucher batch (reconciliation's sweep of stray users covers them too). */
export async function routersWithVouchers(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('voucher_batches').select('router_id').distinct().execute();
  return rows.map((r) => r.router_id);
}
