/**
 * Issue 11, item 3 and 4: refunds and late approvals. An approved charge that cannot end in a
 * working hotspot user is given back through the gateway: `refunding` (decided, the gateway may have
 * been asked) then `refunded` with the gateway's refund id. `rechecks` counts the look-ups of an
 * attempt that ended not paid, repeated with a growing delay within a bounded window, because a
 * gateway can report a declined charge approved later.
 */
import { sql, type Kysely } from 'kysely';

const STATES_BEFORE = `'pending', 'user_created', 'paid', 'declined', 'router_failed', 'unresolved', 'reversed', 'needs_review', 'awaiting_payment', 'expired'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('transacciones')
    .addColumn('refund_id', 'text')
    .addColumn('refunded_at', 'timestamptz')
    .addColumn('rechecks', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`alter table transacciones drop constraint transacciones_state_check`.execute(db);
  await sql`alter table transacciones add constraint transacciones_state_check
    check (state in (${sql.raw(STATES_BEFORE)}, 'refunding', 'refunded'))`.execute(db);
  // Reconciliation looks for re-checks due every pass: only the attempts that ended not paid.
  await sql`create index transacciones_rechecks on transacciones (settled_at)
    where state in ('declined', 'needs_review', 'expired')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index transacciones_rechecks`.execute(db);
  await sql`alter table transacciones drop constraint transacciones_state_check`.execute(db);
  await sql`alter table transacciones add constraint transacciones_state_check check (state in (${sql.raw(STATES_BEFORE)}))`.execute(db);
  await db.schema.alterTable('transacciones').dropColumn('refund_id').dropColumn('refunded_at').dropColumn('rechecks').execute();
}
