/**
 * The hosted portal's receipts: the short code a customer is shown after paying, and the card's last
 * four digits, so a returning customer can recover the credentials of a paid purchase ("Ya pagué").
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('portal_receipts')
    .addColumn('transaction_id', 'text', (c) => c.primaryKey().references('transacciones.id').onDelete('cascade'))
    .addColumn('receipt_code', 'text', (c) => c.notNull().unique())
    .addColumn('card_last4', 'text', (c) => c.check(sql`card_last4 ~ '^[0-9]{4}$'`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('portal_receipts').execute();
}
