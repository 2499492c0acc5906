/**
 * What issue 11 found in the money paths: an Idempotency-Key now names the transaction it creates
 * (chosen before anything leaves the process) and holds its claim under a lease, so a retry answers
 * what that transaction says and a crashed claim expires; an attempt counts the gateway look-ups
 * that found no charge, and after a bounded number it waits in `needs_review` for a person.
 */
import { sql, type Kysely } from 'kysely';

const STATES_BEFORE = `'pending', 'user_created', 'paid', 'declined', 'router_failed', 'unresolved', 'reversed'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').addColumn('transaction_id', 'text').addColumn('lease_until', 'timestamptz').execute();
  await db.schema
    .alterTable('transacciones')
    .addColumn('lookup_misses', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`alter table transacciones drop constraint transacciones_estado_check`.execute(db);
  await sql`alter table transacciones add constraint transacciones_estado_check
    check (estado in (${sql.raw(STATES_BEFORE)}, 'needs_review'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table transacciones drop constraint transacciones_estado_check`.execute(db);
  await sql`alter table transacciones add constraint transacciones_estado_check check (estado in (${sql.raw(STATES_BEFORE)}))`.execute(db);
  await db.schema.alterTable('transacciones').dropColumn('lookup_misses').execute();
  await db.schema.alterTable('idempotency_keys').dropColumn('transaction_id').dropColumn('lease_until').execute();
}
