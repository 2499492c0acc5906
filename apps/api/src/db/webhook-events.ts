/** The `webhook_events` table: the gateway notifications already handled (a retry or duplicate is ignored). */
import { sql } from 'kysely';
import type { Db } from './connection.js';
import type { Timestamp } from './schema.js';

export interface WebhookEventsTable {
  id: string;
  received_at: Timestamp;
}

declare module './schema.js' {
  interface Database {
    webhook_events: WebhookEventsTable;
  }
}

/** Records a webhook notification; false when it was seen before (a duplicate to ignore). */
export async function recordWebhookEvent(db: Db, id: string, now: Date): Promise<boolean> {
  const inserted = await db
    .insertInto('webhook_events')
    .values({ id, received_at: now })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Whether a notification whose id starts with `prefix` was handled (and not yet purged). */
export async function webhookEventSeen(db: Db, prefix: string): Promise<boolean> {
  const row = await db
    .selectFrom('webhook_events')
    .select('id')
    .where(sql<boolean>`starts_with(id, ${prefix})`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Forgets a notification whose handling failed, so the gateway's retry is handled rather than ignored. */
export async function forgetWebhookEvent(db: Db, id: string): Promise<void> {
  await db.deleteFrom('webhook_events').where('id', '=', id).execute();
}

/** Forgets handled notifications older than `before`: Mercado Pago stops retrying within days. @returns how many went. */
export async function purgeWebhookEvents(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('webhook_events').where('received_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
