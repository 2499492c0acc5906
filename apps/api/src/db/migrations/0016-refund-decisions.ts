/**
 * Issue 11: a sale someone decided to refund is never paid again by news of its charge. When the
 * gateway refuses the refund the sale waits in `needs_review`, where an approval (the charge is
 * still approved: that is why the refund was tried) used to pay it again, give its customer access
 * and try the refund again on every re-check. `refund_decided_at` records the decision, so that
 * re-checks and notifications leave the sale to a person, and the operator's refund route may try
 * again.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('transacciones').addColumn('refund_decided_at', 'timestamptz').execute();
  // Refunds began after the state history did (0012 before 0013): the history holds every decision made so far.
  await sql`update transacciones t set refund_decided_at = e.at
    from (select transaction_id, min(at) as at from transaction_events where state = 'refunding' group by transaction_id) e
    where t.id = e.transaction_id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('transacciones').dropColumn('refund_decided_at').execute();
}
