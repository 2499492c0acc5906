/**
 * The `transacciones` table: one row per purchase attempt, a persisted state machine.
 * Every state change is a conditional update on the state it expects, so two processes (a purchase
 * and a reconciler, or two reconcilers) never both act on one attempt.
 */
import { sql, type ColumnType, type Generated, type Insertable, type Selectable } from 'kysely';
import type { Db } from './connection.js';
import type { Currency, Timestamp, ValidityStart } from './schema.js';

/**
 * Where a purchase attempt stands.
 * - `pending`: recorded, credentials chosen; the router add may be on its way.
 * - `user_created`: the hotspot user exists; the charge may be on its way.
 * - `paid`: charged, user enabled. `declined`: not charged, user removed (or to be removed).
 * - `router_failed`: the router could not create the user; nothing charged.
 * - `unresolved`: charge outcome unknown, user disabled; reconciliation asks the gateway.
 * - `reversed`: paid, then refunded or charged back; user removed.
 * - `needs_review`: a person decides; user removed. Either the gateway never showed a charge,
 *   look-up after look-up (a charge that shows up later still pays it), or it refused a refund
 *   (`refund_decided_at` set: news of the still-approved charge never pays it again; an operator's
 *   refund may try again).
 * - `awaiting_payment`: a cash reference issued, nothing on the router until the money arrives.
 * - `expired`: the cash reference ran out unpaid; nothing on the router.
 * - `refunding`: charged, but the customer cannot get access (the router refuses the user, the
 *   router is gone, an operator decided): the charge is being given back; reconciliation reads the
 *   gateway back and finishes it. `refunded`: given back, `refund_id` recorded; no user.
 */
export type TransactionState =
  | 'pending'
  | 'user_created'
  | 'paid'
  | 'declined'
  | 'router_failed'
  | 'unresolved'
  | 'reversed'
  | 'needs_review'
  | 'awaiting_payment'
  | 'expired'
  | 'refunding'
  | 'refunded';

/** How a sale is paid: by card, in cash at a store, or by a printed voucher sold over the counter. */
export type SalesChannel = 'card' | 'cash' | 'voucher';

export interface TransactionsTable {
  id: string;
  empresa_id: string;
  router_id: string;
  producto_id: number;
  product_name: string;
  hotspot_profile: string;
  amount_cents: number;
  moneda: Currency;
  /** Null only for a sold voucher (`channel = 'voucher'`): its money was taken over the counter. */
  gateway: 'conekta' | 'mercadopago' | null;
  state: TransactionState;
  user_kind: 'usuario_contrasena' | 'pin';
  hotspot_username: string;
  /** SecretBox-sealed. */
  hotspot_password_sealed: string;
  /** The hotspot user's `.id` on the router, once created. */
  router_user_id: string | null;
  /** The gateway's charge id (Conekta order, Mercado Pago payment), once known. */
  charge_id: string | null;
  /** Why it was declined or failed; what is still unknown. */
  reason: string | null;
  cliente_nombre: string;
  cliente_email: string;
  cliente_telefono: string | null;
  client_mac: string | null;
  client_ip: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  paid_at: Date | null;
  settled_at: Date | null;
  lease_until: Date | null;
  /** Gateway look-ups that found no charge for the attempt (the gateway may still be indexing it). */
  lookup_misses: Generated<number>;
  /** The plan's limits at the time of sale (see ProductsTable). */
  time_limit: Nullable<string>;
  data_limit_mb: Nullable<number>;
  validity: Nullable<string>;
  validity_start: Nullable<ValidityStart>;
  validity_seconds: Nullable<number>;
  /** When the router first reported a session of the user. */
  first_login_at: Nullable<Date>;
  /** When the service removes the user (set at the sale, or at the first login). */
  expires_at: Nullable<Date>;
  user_state: ColumnType<UserState, UserState | undefined, UserState>;
  /** When the router's counters showed the user's time or data used up. */
  exhausted_at: Nullable<Date>;
  /** When the service removed the user from the router (expired, used up past the retention, or ended by an admin). */
  user_removed_at: Nullable<Date>;
  /** An expiry sweep's claim on the row. */
  expiry_lease_until: Nullable<Date>;
  channel: Generated<SalesChannel>;
  /** Cash: the reference the customer pays at the store. */
  payment_reference: string | null;
  /** Cash: the barcode image (Conekta) or ticket page (Mercado Pago). */
  voucher_url: string | null;
  /** Cash: when the reference stops being payable. */
  payment_expires_at: Date | null;
  /** The gateway's id of the refund that gave the charge back (null when only a read-back showed it refunded). */
  refund_id: Nullable<string>;
  refunded_at: Nullable<Date>;
  /** When someone (the service, the router refusing the user; or an operator) decided to give the charge back: the sale is never paid again by news of its charge. */
  refund_decided_at: Nullable<Date>;
  /** Look-ups of an attempt that ended not paid, asked again in case the gateway approves it late. */
  rechecks: Generated<number>;
}

/** A column that may be null and may be left out of an insert. */
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

/**
 * The sold hotspot user's life (API `estado_usuario`): `unused` (never logged in), `active`,
 * `exhausted` (its time or data is used up; removed after the retention), `expired` (validity
 * over, removed), `removed` (ended by an admin).
 */
export type UserState = 'unused' | 'active' | 'exhausted' | 'expired' | 'removed';

declare module './schema.js' {
  interface Database {
    transacciones: TransactionsTable;
  }
}

export type TransactionRow = Selectable<TransactionsTable>;
export type NewTransaction = Omit<Insertable<TransactionsTable>, 'state' | 'created_at' | 'updated_at'>;

/** Fields a state change may set besides the state. */
export type TransitionFields = Partial<
  Pick<
    TransactionRow,
    | 'router_user_id'
    | 'charge_id'
    | 'reason'
    | 'paid_at'
    | 'settled_at'
    | 'hotspot_username'
    | 'hotspot_password_sealed'
    | 'lookup_misses'
    | 'payment_reference'
    | 'voucher_url'
    | 'payment_expires_at'
    | 'refund_id'
    | 'refunded_at'
  >
>;

/** Records a new attempt in state `pending` (a card purchase) or `awaiting_payment` (cash). */
export async function insertTransaction(
  db: Db,
  row: NewTransaction,
  now: Date,
  state: 'pending' | 'awaiting_payment' = 'pending',
): Promise<void> {
  await db
    .insertInto('transacciones')
    .values({ ...row, state, created_at: now, updated_at: now })
    .execute();
}

/**
 * Moves an attempt to `to` only if it is still in one of `from`.
 * @returns the updated row, or undefined when someone else moved it first.
 */
export async function transition(
  db: Db,
  id: string,
  from: readonly TransactionState[],
  to: TransactionState,
  fields: TransitionFields,
  now: Date,
): Promise<TransactionRow | undefined> {
  return transitionQuery(db, id, from, to, fields, now).returningAll().executeTakeFirst();
}

/** `transition` for a caller that needs only to know whether it happened (the hot path reads no row back). */
export async function tryTransition(
  db: Db,
  id: string,
  from: readonly TransactionState[],
  to: TransactionState,
  fields: TransitionFields,
  now: Date,
): Promise<boolean> {
  const result = await transitionQuery(db, id, from, to, fields, now).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

function transitionQuery(db: Db, id: string, from: readonly TransactionState[], to: TransactionState, fields: TransitionFields, now: Date) {
  return db
    .updateTable('transacciones')
    .set({ ...fields, state: to, updated_at: now })
    .where('id', '=', id)
    .where('state', 'in', from);
}

/**
 * `tryTransition` to `paid`, for news that the charge was approved: an attempt whose refund was
 * decided stays where it is (its customer is being, or was to be, given the money back; a person
 * settles a refund the gateway refused).
 */
export async function tryMarkPaid(
  db: Db,
  id: string,
  from: readonly TransactionState[],
  fields: TransitionFields,
  now: Date,
): Promise<boolean> {
  const result = await transitionQuery(db, id, from, 'paid', fields, now).where('refund_decided_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Decides to give an attempt's charge back: a paid one, or one left to a person after the gateway
 * refused its refund (an operator tries again), moves to `refunding`.
 * @returns the updated row, or undefined when the attempt is in neither (someone moved it first).
 */
export async function decideRefund(db: Db, id: string, reason: string, now: Date): Promise<TransactionRow | undefined> {
  return db
    .updateTable('transacciones')
    .set((eb) => ({
      state: 'refunding',
      reason,
      settled_at: null,
      updated_at: now,
      refund_decided_at: eb.fn.coalesce('refund_decided_at', sql<Date>`${now}::timestamptz`),
    }))
    .where('id', '=', id)
    .where((eb) => eb.or([eb('state', '=', 'paid'), eb.and([eb('state', '=', 'needs_review'), eb('refund_decided_at', 'is not', null)])]))
    .returningAll()
    .executeTakeFirst();
}

/** Marks an attempt settled (money and router agree) without changing its state. */
export async function markSettled(db: Db, id: string, state: TransactionState, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('transacciones')
    .set({ settled_at: now, updated_at: now, lease_until: null })
    .where('id', '=', id)
    .where('state', '=', state)
    .where('settled_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** One attempt, optionally only within an empresa or a router (tenant isolation lives in the query). */
export async function findTransaction(
  db: Db,
  id: string,
  scope: { companyId?: string; routerId?: string } = {},
): Promise<TransactionRow | undefined> {
  let query = db.selectFrom('transacciones').selectAll().where('id', '=', id);
  if (scope.companyId !== undefined) query = query.where('empresa_id', '=', scope.companyId);
  if (scope.routerId !== undefined) query = query.where('router_id', '=', scope.routerId);
  return query.executeTakeFirst();
}

/** How many attempts the empresa has recorded, whatever their state. */
export async function countCompanyTransactions(db: Db, companyId: string): Promise<number> {
  const row = await db
    .selectFrom('transacciones')
    .select((eb) => eb.fn.countAll<string>().as('total'))
    .where('empresa_id', '=', companyId)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/**
 * A router's transaction by our id or by its gateway's charge id (a Mercado Pago payment id, a
 * Conekta order id), as old portals asked estado-pago with the gateway's. The charge lookup goes
 * through the (gateway, charge_id) index.
 */
export async function findRouterTransaction(db: Db, routerId: string, id: string): Promise<TransactionRow | undefined> {
  return (
    (await findTransaction(db, id, { routerId })) ??
    db
      .selectFrom('transacciones')
      .selectAll()
      .where('gateway', 'in', ['conekta', 'mercadopago'])
      .where('charge_id', '=', id)
      .where('router_id', '=', routerId)
      .executeTakeFirst()
  );
}

export async function findTransactionByCharge(
  db: Db,
  gateway: TransactionRow['gateway'],
  cargoId: string,
): Promise<TransactionRow | undefined> {
  return db.selectFrom('transacciones').selectAll().where('gateway', '=', gateway).where('charge_id', '=', cargoId).executeTakeFirst();
}

/**
 * Empresas with an unsettled Mercado Pago attempt whose payment id is not yet known (the gateway did
 * not answer): the only ones a notification about an unknown payment can be for. At most `limit`,
 * those with the newest such attempt first.
 */
export async function companiesAwaitingMercadoPago(db: Db, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('transacciones')
    .select('empresa_id')
    .where('gateway', '=', 'mercadopago')
    .where('charge_id', 'is', null)
    .where('settled_at', 'is', null)
    .groupBy('empresa_id')
    .orderBy(sql`max(created_at)`, 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.empresa_id);
}

/** The states of the given attempts (reconciliation's sweep of the routers' users). */
export async function statesOf(db: Db, ids: readonly string[]): Promise<Map<string, { state: TransactionState; settled: boolean }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('transacciones').select(['id', 'state', 'settled_at']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { state: r.state, settled: r.settled_at !== null }]));
}

/**
 * Claims up to `limit` unsettled attempts for reconciliation: `unresolved` ones last touched before
 * `unresolvedBefore`, and any other left unsettled since before `staleBefore` (its purchase crashed
 * or gave up). The claim is a lease until `leaseUntil`; a second reconciler skips claimed rows (SKIP
 * LOCKED and the lease test).
 */
export async function claimUnsettled(
  db: Db,
  options: { now: Date; unresolvedBefore: Date; staleBefore: Date; leaseUntil: Date; limit: number },
): Promise<TransactionRow[]> {
  const { now, unresolvedBefore, staleBefore, leaseUntil, limit } = options;
  const claimable = sql<boolean>`settled_at is null
    and ((state = 'unresolved' and updated_at < ${unresolvedBefore}) or updated_at < ${staleBefore})
    and (lease_until is null or lease_until < ${now})`;
  const result = await sql<TransactionRow>`
    update transacciones set lease_until = ${leaseUntil}
    where id in (
      select id from transacciones where ${claimable}
      order by updated_at limit ${limit} for update skip locked
    ) and ${claimable}
    returning *`.execute(db);
  return result.rows;
}

/** Attempts that ended not paid but that a charge approved late still pays (src/payments/reconcile.ts re-checks them). */
const RECHECKED_STATES: readonly TransactionState[] = ['declined', 'needs_review', 'expired'];

/**
 * Claims up to `limit` attempts settled not paid since `settledSince` whose next re-check is due:
 * `firstAfterMs` after they settled, then twice as long after each re-check (`rechecks`). Never
 * one whose refund was decided: its charge is approved, and no news pays it again.
 */
export async function claimRechecks(
  db: Db,
  options: { now: Date; settledSince: Date; firstAfterMs: number; leaseUntil: Date; limit: number },
): Promise<TransactionRow[]> {
  const { now, settledSince, firstAfterMs, leaseUntil, limit } = options;
  const due = sql<boolean>`state in (${sql.join(RECHECKED_STATES)}) and refund_decided_at is null and settled_at > ${settledSince}
    and settled_at + make_interval(secs => ${firstAfterMs / 1000}::double precision * power(2, least(rechecks, 30))) <= ${now}
    and (lease_until is null or lease_until < ${now})`;
  const result = await sql<TransactionRow>`
    update transacciones set lease_until = ${leaseUntil}
    where id in (select id from transacciones where ${due} order by settled_at limit ${limit} for update skip locked) and ${due}
    returning *`.execute(db);
  return result.rows;
}

/** Counts a re-check and ends its claim. */
export async function finishRecheck(db: Db, id: string): Promise<void> {
  await db
    .updateTable('transacciones')
    .set((eb) => ({ rechecks: eb('rechecks', '+', 1), lease_until: null }))
    .where('id', '=', id)
    .execute();
}

/** Ends a reconciler's claim; `retryAt` keeps the row out of reach until then (a pending charge). */
export async function releaseClaim(db: Db, id: string, retryAt: Date | null): Promise<void> {
  await db.updateTable('transacciones').set({ lease_until: retryAt }).where('id', '=', id).execute();
}

/** An empresa's attempts, newest first. */
export async function listTransactions(
  db: Db,
  companyId: string,
  page: { limit: number; offset: number },
): Promise<{ total: number; rows: TransactionRow[] }> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('transacciones')
      .selectAll()
      .where('empresa_id', '=', companyId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom('transacciones')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('empresa_id', '=', companyId)
      .executeTakeFirstOrThrow(),
  ]);
  return { total: Number(count.n), rows };
}

/** Sales figures for the dashboards. Revenue counts only `paid` attempts, per currency, in cents. */
export interface TransactionFigures {
  total: number;
  byState: Record<TransactionState, number>;
  revenueCents: Partial<Record<Currency, number>>;
  paidSince: number;
  revenueSinceCents: Partial<Record<Currency, number>>;
}

/** Figures for one empresa, or for every empresa when `companyId` is undefined; "since" is e.g. today's start. */
export async function transactionFigures(db: Db, companyId: string | undefined, since: Date): Promise<TransactionFigures> {
  let query = db
    .selectFrom('transacciones')
    .select((eb) => [
      'state',
      'moneda',
      eb.fn.countAll<string>().as('n'),
      eb.fn.sum<string>('amount_cents').as('cents'),
      sql<string>`count(*) filter (where paid_at >= ${since})`.as('n_since'),
      sql<string | null>`sum(amount_cents) filter (where paid_at >= ${since})`.as('cents_since'),
    ])
    .groupBy(['state', 'moneda']);
  if (companyId !== undefined) query = query.where('empresa_id', '=', companyId);
  const rows = await query.execute();
  const figures: TransactionFigures = {
    total: 0,
    byState: {
      pending: 0,
      user_created: 0,
      paid: 0,
      declined: 0,
      router_failed: 0,
      unresolved: 0,
      reversed: 0,
      needs_review: 0,
      awaiting_payment: 0,
      expired: 0,
      refunding: 0,
      refunded: 0,
    },
    revenueCents: {},
    paidSince: 0,
    revenueSinceCents: {},
  };
  for (const row of rows) {
    const n = Number(row.n);
    figures.total += n;
    figures.byState[row.state] += n;
    if (row.state !== 'paid') continue;
    figures.revenueCents[row.moneda] = (figures.revenueCents[row.moneda] ?? 0) + Number(row.cents);
    figures.paidSince += Number(row.n_since);
    if (row.cents_since !== null)
      figures.revenueSinceCents[row.moneda] = (figures.revenueSinceCents[row.moneda] ?? 0) + Number(row.cents_since);
  }
  return figures;
}

/** Routers that ever had a purchase: the only ones that can carry the service's hotspot users. */
export async function routersWithTransactions(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('transacciones').select('router_id').distinct().execute();
  return rows.map((r) => r.router_id);
}

/** Records where a transaction's hotspot user now lives (it was created again). */
export async function setRouterUserId(db: Db, id: string, routerUserId: string, now: Date): Promise<void> {
  await db.updateTable('transacciones').set({ router_user_id: routerUserId, updated_at: now }).where('id', '=', id).execute();
}
