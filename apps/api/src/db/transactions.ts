/**
 * The purchase's records: transactions (one per purchase attempt, a persisted state machine),
 * the payment routes' Idempotency-Key answers, and Mercado Pago notifications already handled.
 * Every state change is a conditional update on the state it expects, so two processes (a purchase
 * and a reconciler, or two reconcilers) never both act on one attempt.
 */
import { sql, type Generated, type Insertable, type Selectable } from 'kysely';
import type { Db } from './connection.js';
import type { Moneda, Timestamp } from './schema.js';

/**
 * Where a purchase attempt stands.
 * - `pending`: recorded, credentials chosen; the router add may be on its way.
 * - `user_created`: the hotspot user exists; the charge may be on its way.
 * - `paid`: charged, user enabled. `declined`: not charged, user removed (or to be removed).
 * - `router_failed`: the router could not create the user; nothing charged.
 * - `unresolved`: charge outcome unknown, user disabled; reconciliation asks the gateway.
 * - `reversed`: paid, then refunded or charged back; user removed.
 * - `needs_review`: the gateway never showed a charge, look-up after look-up; user removed, and a
 *   person decides (a charge that shows up later, by notification, still pays it).
 */
export type Estado = 'pending' | 'user_created' | 'paid' | 'declined' | 'router_failed' | 'unresolved' | 'reversed' | 'needs_review';

export interface TransaccionesTable {
  id: string;
  empresa_id: string;
  router_id: string;
  producto_id: number;
  producto_nombre: string;
  perfil_mikrotik: string;
  monto_centavos: number;
  moneda: Moneda;
  pasarela: 'conekta' | 'mercadopago';
  estado: Estado;
  tipo_usuario: 'usuario_contrasena' | 'pin';
  hotspot_usuario: string;
  /** SecretBox-sealed. */
  hotspot_password_sealed: string;
  /** The hotspot user's `.id` on the router, once created. */
  router_user_id: string | null;
  /** The gateway's charge id (Conekta order, Mercado Pago payment), once known. */
  cargo_id: string | null;
  /** Why it was declined or failed; what is still unknown. */
  motivo: string | null;
  cliente_nombre: string;
  cliente_email: string;
  cliente_telefono: string | null;
  mac_cliente: string | null;
  ip_cliente: string | null;
  creado_en: Timestamp;
  actualizado_en: Timestamp;
  pagado_en: Date | null;
  liquidado_en: Date | null;
  reconciliando_hasta: Date | null;
  /** Gateway look-ups that found no charge for the attempt (the gateway may still be indexing it). */
  lookup_misses: Generated<number>;
}

export interface IdempotencyKeysTable {
  router_id: string;
  key: string;
  request_hash: string;
  /** Null while the first request is still running. */
  status_code: number | null;
  response_sealed: string | null;
  creado_en: Timestamp;
  /** The transaction the request creates, chosen before anything leaves the process. */
  transaction_id: string | null;
  /** Until when the running request holds the key; after it, the key follows its transaction. */
  lease_until: Date | null;
}

export interface WebhookEventosTable {
  id: string;
  recibido_en: Timestamp;
}

declare module './schema.js' {
  interface Database {
    transacciones: TransaccionesTable;
    idempotency_keys: IdempotencyKeysTable;
    webhook_eventos: WebhookEventosTable;
  }
}

export type TransaccionRow = Selectable<TransaccionesTable>;
export type NewTransaccion = Omit<Insertable<TransaccionesTable>, 'estado' | 'creado_en' | 'actualizado_en'>;

/** Fields a state change may set besides the state. */
export type TransitionFields = Partial<
  Pick<
    TransaccionRow,
    | 'router_user_id'
    | 'cargo_id'
    | 'motivo'
    | 'pagado_en'
    | 'liquidado_en'
    | 'hotspot_usuario'
    | 'hotspot_password_sealed'
    | 'lookup_misses'
  >
>;

/** Records a new attempt in state `pending`. */
export async function insertTransaction(db: Db, row: NewTransaccion, now: Date): Promise<void> {
  await db
    .insertInto('transacciones')
    .values({ ...row, estado: 'pending', creado_en: now, actualizado_en: now })
    .execute();
}

/**
 * Moves an attempt to `to` only if it is still in one of `from`.
 * @returns the updated row, or undefined when someone else moved it first.
 */
export async function transition(
  db: Db,
  id: string,
  from: readonly Estado[],
  to: Estado,
  fields: TransitionFields,
  now: Date,
): Promise<TransaccionRow | undefined> {
  return transitionQuery(db, id, from, to, fields, now).returningAll().executeTakeFirst();
}

/** `transition` for a caller that needs only to know whether it happened (the hot path reads no row back). */
export async function tryTransition(
  db: Db,
  id: string,
  from: readonly Estado[],
  to: Estado,
  fields: TransitionFields,
  now: Date,
): Promise<boolean> {
  const result = await transitionQuery(db, id, from, to, fields, now).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

function transitionQuery(db: Db, id: string, from: readonly Estado[], to: Estado, fields: TransitionFields, now: Date) {
  return db
    .updateTable('transacciones')
    .set({ ...fields, estado: to, actualizado_en: now })
    .where('id', '=', id)
    .where('estado', 'in', from);
}

/** Marks an attempt settled (money and router agree) without changing its state. */
export async function markSettled(db: Db, id: string, estado: Estado, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('transacciones')
    .set({ liquidado_en: now, actualizado_en: now, reconciliando_hasta: null })
    .where('id', '=', id)
    .where('estado', '=', estado)
    .where('liquidado_en', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** One attempt, optionally only within an empresa or a router (tenant isolation lives in the query). */
export async function findTransaction(
  db: Db,
  id: string,
  scope: { empresaId?: string; routerId?: string } = {},
): Promise<TransaccionRow | undefined> {
  let query = db.selectFrom('transacciones').selectAll().where('id', '=', id);
  if (scope.empresaId !== undefined) query = query.where('empresa_id', '=', scope.empresaId);
  if (scope.routerId !== undefined) query = query.where('router_id', '=', scope.routerId);
  return query.executeTakeFirst();
}

export async function findTransactionByCharge(
  db: Db,
  pasarela: TransaccionRow['pasarela'],
  cargoId: string,
): Promise<TransaccionRow | undefined> {
  return db.selectFrom('transacciones').selectAll().where('pasarela', '=', pasarela).where('cargo_id', '=', cargoId).executeTakeFirst();
}

/** The most recent attempt that created `username` on a router (auto-reconnect looks the customer up by it). */
export async function findTransactionByHotspotUser(db: Db, routerId: string, username: string): Promise<TransaccionRow | undefined> {
  return db
    .selectFrom('transacciones')
    .selectAll()
    .where('router_id', '=', routerId)
    .where('hotspot_usuario', '=', username)
    .orderBy('creado_en', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The states of the given attempts (reconciliation's sweep of the routers' users). */
export async function statesOf(db: Db, ids: readonly string[]): Promise<Map<string, { estado: Estado; settled: boolean }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('transacciones').select(['id', 'estado', 'liquidado_en']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { estado: r.estado, settled: r.liquidado_en !== null }]));
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
): Promise<TransaccionRow[]> {
  const { now, unresolvedBefore, staleBefore, leaseUntil, limit } = options;
  const claimable = sql<boolean>`liquidado_en is null
    and ((estado = 'unresolved' and actualizado_en < ${unresolvedBefore}) or actualizado_en < ${staleBefore})
    and (reconciliando_hasta is null or reconciliando_hasta < ${now})`;
  const result = await sql<TransaccionRow>`
    update transacciones set reconciliando_hasta = ${leaseUntil}
    where id in (
      select id from transacciones where ${claimable}
      order by actualizado_en limit ${limit} for update skip locked
    ) and ${claimable}
    returning *`.execute(db);
  return result.rows;
}

/** Ends a reconciler's claim; `retryAt` keeps the row out of reach until then (a pending charge). */
export async function releaseClaim(db: Db, id: string, retryAt: Date | null): Promise<void> {
  await db.updateTable('transacciones').set({ reconciliando_hasta: retryAt }).where('id', '=', id).execute();
}

/** An empresa's attempts, newest first. */
export async function listTransactions(
  db: Db,
  empresaId: string,
  page: { limit: number; offset: number },
): Promise<{ total: number; rows: TransaccionRow[] }> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('transacciones')
      .selectAll()
      .where('empresa_id', '=', empresaId)
      .orderBy('creado_en', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom('transacciones')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('empresa_id', '=', empresaId)
      .executeTakeFirstOrThrow(),
  ]);
  return { total: Number(count.n), rows };
}

/** Sales figures for the dashboards. Revenue counts only `paid` attempts, per currency, in cents. */
export interface TransactionFigures {
  total: number;
  byEstado: Record<Estado, number>;
  revenueCents: Partial<Record<Moneda, number>>;
  paidSince: number;
  revenueSinceCents: Partial<Record<Moneda, number>>;
}

/** Figures for one empresa, or for every empresa when `empresaId` is undefined; "since" is e.g. today's start. */
export async function transactionFigures(db: Db, empresaId: string | undefined, since: Date): Promise<TransactionFigures> {
  let query = db
    .selectFrom('transacciones')
    .select((eb) => [
      'estado',
      'moneda',
      eb.fn.countAll<string>().as('n'),
      eb.fn.sum<string>('monto_centavos').as('cents'),
      sql<string>`count(*) filter (where pagado_en >= ${since})`.as('n_since'),
      sql<string | null>`sum(monto_centavos) filter (where pagado_en >= ${since})`.as('cents_since'),
    ])
    .groupBy(['estado', 'moneda']);
  if (empresaId !== undefined) query = query.where('empresa_id', '=', empresaId);
  const rows = await query.execute();
  const figures: TransactionFigures = {
    total: 0,
    byEstado: { pending: 0, user_created: 0, paid: 0, declined: 0, router_failed: 0, unresolved: 0, reversed: 0, needs_review: 0 },
    revenueCents: {},
    paidSince: 0,
    revenueSinceCents: {},
  };
  for (const row of rows) {
    const n = Number(row.n);
    figures.total += n;
    figures.byEstado[row.estado] += n;
    if (row.estado !== 'paid') continue;
    figures.revenueCents[row.moneda] = (figures.revenueCents[row.moneda] ?? 0) + Number(row.cents);
    figures.paidSince += Number(row.n_since);
    if (row.cents_since !== null)
      figures.revenueSinceCents[row.moneda] = (figures.revenueSinceCents[row.moneda] ?? 0) + Number(row.cents_since);
  }
  return figures;
}

export type IdempotencyRow = Selectable<IdempotencyKeysTable>;

/**
 * Claims an Idempotency-Key for a router for the request that will create `transactionId`, under a
 * lease until `leaseUntil`; or returns the row already there (running, or done with its first answer).
 */
export async function claimIdempotencyKey(
  db: Db,
  claim: { routerId: string; key: string; requestHash: string; transactionId: string; leaseUntil: Date },
  now: Date,
): Promise<{ claimed: true } | { claimed: false; existing: IdempotencyRow }> {
  const { routerId, key } = claim;
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({
      router_id: routerId,
      key,
      request_hash: claim.requestHash,
      transaction_id: claim.transactionId,
      lease_until: claim.leaseUntil,
      creado_en: now,
    })
    .onConflict((oc) => oc.columns(['router_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) return { claimed: true };
  const existing = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('router_id', '=', routerId)
    .where('key', '=', key)
    .executeTakeFirst();
  // Released between our insert and our read: the caller may simply try again.
  return existing ? { claimed: false, existing } : claimIdempotencyKey(db, claim, now);
}

/**
 * Hands an unanswered key from the transaction it named to a new one (the first request left
 * nothing that can have charged). False when another retry took it first or it was answered.
 */
export async function takeOverIdempotencyKey(
  db: Db,
  existing: Pick<IdempotencyRow, 'router_id' | 'key' | 'transaction_id'>,
  transactionId: string,
  leaseUntil: Date,
): Promise<boolean> {
  let query = db
    .updateTable('idempotency_keys')
    .set({ transaction_id: transactionId, lease_until: leaseUntil })
    .where('router_id', '=', existing.router_id)
    .where('key', '=', existing.key)
    .where('status_code', 'is', null);
  query =
    existing.transaction_id === null
      ? query.where('transaction_id', 'is', null)
      : query.where('transaction_id', '=', existing.transaction_id);
  const result = await query.executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Stores the answer for a key, if it still names `transactionId`. */
export async function completeIdempotencyKey(
  db: Db,
  claim: { routerId: string; key: string; transactionId: string },
  statusCode: number,
  responseSealed: string,
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ status_code: statusCode, response_sealed: responseSealed, lease_until: null })
    .where('router_id', '=', claim.routerId)
    .where('key', '=', claim.key)
    .where('transaction_id', '=', claim.transactionId)
    .execute();
}

/** Forgets a key whose request left nothing that can have charged, if it still names `transactionId`. */
export async function releaseIdempotencyKey(db: Db, claim: { routerId: string; key: string; transactionId: string }): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('router_id', '=', claim.routerId)
    .where('key', '=', claim.key)
    .where('transaction_id', '=', claim.transactionId)
    .execute();
}

/** Records a webhook notification; false when it was seen before (a duplicate to ignore). */
export async function recordWebhookEvent(db: Db, id: string, now: Date): Promise<boolean> {
  const inserted = await db
    .insertInto('webhook_eventos')
    .values({ id, recibido_en: now })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Routers that ever had a purchase: the only ones that can carry the service's hotspot users. */
export async function routersWithTransactions(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('transacciones').select('router_id').distinct().execute();
  return rows.map((r) => r.router_id);
}

/** Records where a transaction's hotspot user now lives (it was created again). */
export async function setRouterUserId(db: Db, id: string, routerUserId: string, now: Date): Promise<void> {
  await db.updateTable('transacciones').set({ router_user_id: routerUserId, actualizado_en: now }).where('id', '=', id).execute();
}

/** Forgets a notification whose handling failed, so the gateway's retry is handled rather than ignored. */
export async function forgetWebhookEvent(db: Db, id: string): Promise<void> {
  await db.deleteFrom('webhook_eventos').where('id', '=', id).execute();
}

/**
 * Forgets Idempotency-Keys (answered or not: a claim that never finished, its process dead) and
 * handled notifications older than `before`: a portal retries within minutes, and Mercado Pago
 * stops retrying a notification within days. A key still under its lease stays.
 * @returns how many rows went.
 */
export async function purgeExpiredKeys(db: Db, keysBefore: Date, eventsBefore: Date, now: Date): Promise<number> {
  const keys = await db
    .deleteFrom('idempotency_keys')
    .where('creado_en', '<', keysBefore)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .executeTakeFirst();
  const events = await db.deleteFrom('webhook_eventos').where('recibido_en', '<', eventsBefore).executeTakeFirst();
  return Number(keys.numDeletedRows) + Number(events.numDeletedRows);
}
