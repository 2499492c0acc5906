/**
 * Issue 15: cash sales through the gateways (a convenience-store reference paid later) and the
 * empresa's time zone for its reports. A cash attempt waits in `awaiting_payment` with nothing on
 * the router; it ends `paid` (the user created then) or `expired`. `channel` says how a sale was paid.
 * `zona_horaria` is an empresa field the issue names (the API speaks Spanish); the rest is English.
 */
import { sql, type Kysely } from 'kysely';

const STATES_BEFORE = `'pending', 'user_created', 'paid', 'declined', 'router_failed', 'unresolved', 'reversed', 'needs_review'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('transacciones')
    .addColumn('channel', 'text', (c) => c.notNull().defaultTo('card').check(sql`channel in ('card', 'cash')`))
    // The number the customer gives at the store, the barcode or ticket page to show, and until when it is good.
    .addColumn('payment_reference', 'text')
    .addColumn('voucher_url', 'text')
    .addColumn('payment_expires_at', 'timestamptz')
    .execute();
  await sql`alter table transacciones drop constraint transacciones_state_check`.execute(db);
  await sql`alter table transacciones add constraint transacciones_state_check
    check (state in (${sql.raw(STATES_BEFORE)}, 'awaiting_payment', 'expired'))`.execute(db);
  // Reports group paid sales by day in the empresa's zone.
  await sql`create index transacciones_empresa_paid on transacciones (empresa_id, paid_at) where state = 'paid'`.execute(db);
  await db.schema
    .alterTable('empresas')
    .addColumn('zona_horaria', 'text', (c) => c.notNull().defaultTo('America/Mexico_City'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('empresas').dropColumn('zona_horaria').execute();
  await sql`drop index transacciones_empresa_paid`.execute(db);
  await sql`alter table transacciones drop constraint transacciones_state_check`.execute(db);
  await sql`alter table transacciones add constraint transacciones_state_check check (state in (${sql.raw(STATES_BEFORE)}))`.execute(db);
  await db.schema
    .alterTable('transacciones')
    .dropColumn('channel')
    .dropColumn('payment_reference')
    .dropColumn('voucher_url')
    .dropColumn('payment_expires_at')
    .execute();
}
