/** The `idempotency_keys` table: the payment routes' Idempotency-Key claims and their answers. */
import type { Selectable } from 'kysely';
import type { Db } from './connection.js';
import type { Timestamp } from './schema.js';

export interface IdempotencyKeysTable {
  router_id: string;
  key: string;
  request_hash: string;
  /** Null while the first request is still running. */
  status_code: number | null;
  response_sealed: string | null;
  created_at: Timestamp;
  /** The transaction the request creates, chosen before anything leaves the process. */
  transaction_id: string | null;
  /** Until when the running request holds the key; after it, the key follows its transaction. */
  lease_until: Date | null;
}

declare module './schema.js' {
  interface Database {
    idempotency_keys: IdempotencyKeysTable;
  }
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
      created_at: now,
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

/**
 * Forgets Idempotency-Keys older than `before`, answered or not (a claim that never finished, its
 * process dead): a portal retries within minutes. A key still under its lease stays.
 * @returns how many went.
 */
export async function purgeIdempotencyKeys(db: Db, before: Date, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', before)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
