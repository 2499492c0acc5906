/**
 * The sold hotspot users of plans that end (src/plans/): who still waits for a first login, who
 * is due for removal (validity over, or used up longer than the retention), who must be metered,
 * and what happened to each. Every change is conditional on the state it expects, so listeners
 * and sweeps of several instances never undo each other's work.
 */
import { sql, type Generated, type SqlBool } from 'kysely';
import type { Db } from './connection.js';
import type { UserState, TransactionRow } from './transactions.js';

export interface HotspotUserEventsTable {
  id: Generated<number>;
  transaction_id: string;
  kind: HotspotUserEventKind;
  user_id: number | null;
  detail: string | null;
  at: Date;
}

declare module './schema.js' {
  interface Database {
    hotspot_user_events: HotspotUserEventsTable;
  }
}

/**
 * Rows a sweep or listener works on: sold, user still on the router, plan with a limit; or a sold
 * voucher, whose first login makes it `usado` whatever its plan (the predicate of the index
 * transacciones_plan_users, migration 0010).
 */
const LIVE = sql<SqlBool>`state = 'paid' and user_removed_at is null
  and (time_limit is not null or data_limit_mb is not null or validity is not null or channel = 'voucher')`;

/** What a sweep needs of a sold user due for removal. */
export type PlanUser = Pick<TransactionRow, 'id' | 'router_id' | 'hotspot_username' | 'expires_at'>;

export type HotspotUserEventKind = 'first_login' | 'extended' | 'terminated' | 'expired' | 'exhausted' | 'removed';

export interface HotspotUserEvent {
  transactionId: string;
  kind: HotspotUserEventKind;
  userId?: number | null;
  detail?: string | null;
  /** When it happened, if not when it is recorded (a first login learnt later). */
  at?: Date;
}

/**
 * Routers with sold users still waiting for their first login, or with unsold vouchers (a login on
 * one sells it): each gets one listener.
 */
export async function routersAwaitingLogin(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('transacciones')
    .select('router_id')
    .where(LIVE)
    .where('first_login_at', 'is', null)
    .union((eb) =>
      eb
        .selectFrom('voucher_batches as b')
        .select('b.router_id')
        .where((w) =>
          w.exists(w.selectFrom('vouchers as v').select('v.id').whereRef('v.batch_id', '=', 'b.id').where('v.state', '=', 'unsold')),
        ),
    )
    .execute();
  return rows.map((r) => r.router_id);
}

/** A router's sold users still waiting for their first login: transaction id by user name. */
export async function usersAwaitingLogin(db: Db, routerId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('transacciones')
    .select(['id', 'hotspot_username'])
    .where(LIVE)
    .where('router_id', '=', routerId)
    .where('first_login_at', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.hotspot_username, r.id]));
}

/** Most users one statement changes (two parameters each, well under PostgreSQL's 65,535). */
const USERS_PER_STATEMENT = 1000;

/**
 * Records first logins of a router's users, each at `at` (when the router says it began): the
 * user becomes `activo` and, for validity from the first login, gets its `expires_at`. A login
 * already recorded, a user not sold with limits, or one made by hand changes nothing.
 * @returns the transaction ids this call recorded.
 */
export async function recordFirstLogins(
  db: Db,
  routerId: string,
  logins: ReadonlyArray<{ username: string; at: Date }>,
  now: Date,
): Promise<string[]> {
  const recorded: string[] = [];
  for (let i = 0; i < logins.length; i += USERS_PER_STATEMENT) {
    const batch = logins.slice(i, i + USERS_PER_STATEMENT);
    const values = sql.join(batch.map((l) => sql`(${l.username}, ${l.at}::timestamptz)`));
    // The update and its events commit together: a login recorded always has its event.
    const rows = await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: string; first_login_at: Date }>`
        update transacciones set first_login_at = l.login_at,
          user_state = case when user_state = 'unused' then 'active' else user_state end,
          expires_at = case when validity_start = 'first_login'
            then l.login_at + validity_seconds * interval '1 second' else expires_at end
        from (values ${values}) as l(login_name, login_at)
        where ${LIVE} and router_id = ${routerId} and hotspot_username = l.login_name and first_login_at is null
        returning id, first_login_at`.execute(trx);
      await insertUserEvents(
        trx,
        rows.map((r) => ({ transactionId: r.id, kind: 'first_login', detail: r.first_login_at.toISOString(), at: r.first_login_at })),
        now,
      );
      return rows;
    });
    recorded.push(...rows.map((r) => r.id));
  }
  return recorded;
}

/**
 * Claims up to `limit` users due for removal at `now`: validity over, or used up since before
 * `exhaustedBefore`. The claim is a lease until `leaseUntil`; another sweep skips claimed rows
 * (SKIP LOCKED and the lease test), so each user is removed by one sweep.
 */
export async function claimDueUsers(
  db: Db,
  options: { now: Date; exhaustedBefore: Date; leaseUntil: Date; limit: number },
): Promise<PlanUser[]> {
  const { now, exhaustedBefore, leaseUntil, limit } = options;
  const due = sql`${LIVE} and (expires_at <= ${now} or (user_state = 'exhausted' and exhausted_at <= ${exhaustedBefore}))
    and (expiry_lease_until is null or expiry_lease_until < ${now})`;
  const result = await sql<PlanUser>`
    update transacciones set expiry_lease_until = ${leaseUntil}
    where id in (select id from transacciones where ${due} order by expires_at limit ${limit} for update skip locked) and ${due}
    returning id, router_id, hotspot_username, expires_at`.execute(db);
  return result.rows;
}

/** Ends sweep claims without a change (the router could not be reached; the next sweep tries again). */
export async function releaseDueUsers(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await db.updateTable('transacciones').set({ expiry_lease_until: null }).where('id', 'in', ids).execute();
}

/** Routers with users whose time or data the router may have used up: sold with `time_limit` or `data_limit_mb`, not yet `agotado`. */
export async function routersToMeter(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('transacciones')
    .select('router_id')
    .distinct()
    .where(LIVE)
    .where('user_state', 'in', ['unused', 'active'])
    .where((eb) => eb.or([eb('time_limit', 'is not', null), eb('data_limit_mb', 'is not', null)]))
    .execute();
  return rows.map((r) => r.router_id);
}

/**
 * Marks a router's users `agotado` at `at` (its counters reached their limits): each by
 * transaction and user name, so a comment copied onto another user marks nothing. Users already
 * `agotado` (they stay on the router for the retention) are left as they are.
 * @returns the ids marked now.
 */
export async function markExhausted(
  db: Db,
  routerId: string,
  users: ReadonlyArray<{ transactionId: string; username: string }>,
  at: Date,
): Promise<string[]> {
  const marked: string[] = [];
  for (let i = 0; i < users.length; i += USERS_PER_STATEMENT) {
    const values = sql.join(users.slice(i, i + USERS_PER_STATEMENT).map((u) => sql`(${u.transactionId}, ${u.username})`));
    const rows = await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: string }>`
        update transacciones set user_state = 'exhausted', exhausted_at = ${at}
        from (values ${values}) as u(used_id, used_name)
        where id = u.used_id and hotspot_username = u.used_name and router_id = ${routerId}
          and ${LIVE} and user_state in ('unused', 'active')
        returning id`.execute(trx);
      await insertUserEvents(
        trx,
        rows.map((r) => ({ transactionId: r.id, kind: 'exhausted' })),
        at,
      );
      return rows;
    });
    marked.push(...rows.map((r) => r.id));
  }
  return marked;
}

/**
 * Records users removed from their router at `at`, in `state` (`expired`, or `exhausted` kept
 * for a used-up one), ending the sweep's claim. @returns the ids recorded now.
 */
export async function recordRemoved(
  db: Db,
  removals: ReadonlyArray<{ id: string; state: Extract<UserState, 'expired' | 'exhausted'> }>,
  at: Date,
): Promise<string[]> {
  const recorded: string[] = [];
  for (const state of ['expired', 'exhausted'] as const) {
    const ids = removals.filter((r) => r.state === state).map((r) => r.id);
    if (ids.length === 0) continue;
    const rows = await db
      .updateTable('transacciones')
      .set({ user_state: state, user_removed_at: at, expiry_lease_until: null })
      .where('id', 'in', ids)
      .where('user_removed_at', 'is', null)
      .returning('id')
      .execute();
    recorded.push(...rows.map((r) => r.id));
    await insertUserEvents(
      db,
      rows.map((r) => ({ transactionId: r.id, kind: state === 'expired' ? 'expired' : 'removed' })),
      at,
    );
  }
  return recorded;
}

/**
 * Moves a user's validity: `expires_at` to `expiresAt`, or (not started yet) its validity to
 * `validitySeconds`; only while the user is still on its router.
 */
export async function updateValidity(
  db: Db,
  id: string,
  change: { expiresAt: Date | null; validitySeconds: number; validity: string },
  event: HotspotUserEvent,
  at: Date,
): Promise<TransactionRow | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('transacciones')
      .set({ expires_at: change.expiresAt, validity_seconds: change.validitySeconds, validity: change.validity, updated_at: at })
      .where('id', '=', id)
      .where('state', '=', 'paid')
      .where('user_removed_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (row) await insertUserEvents(trx, [event], at);
    return row;
  });
}

/** Records a user an admin ended now (`eliminado`). @returns the row, or undefined when it was already removed. */
export async function recordTerminated(db: Db, id: string, event: HotspotUserEvent, at: Date): Promise<TransactionRow | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('transacciones')
      .set({ user_state: 'removed', user_removed_at: at, updated_at: at })
      .where('id', '=', id)
      .where('user_removed_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (row) await insertUserEvents(trx, [event], at);
    return row;
  });
}

export async function insertUserEvents(db: Db, events: readonly HotspotUserEvent[], at: Date): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('hotspot_user_events')
    .values(
      events.map((e) => ({
        transaction_id: e.transactionId,
        kind: e.kind,
        user_id: e.userId ?? null,
        detail: e.detail ?? null,
        at: e.at ?? at,
      })),
    )
    .execute();
}

/** A transaction's user events, oldest first. */
export async function userEventsOf(db: Db, transactionId: string) {
  return db
    .selectFrom('hotspot_user_events')
    .select(['kind', 'user_id', 'detail', 'at'])
    .where('transaction_id', '=', transactionId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}
