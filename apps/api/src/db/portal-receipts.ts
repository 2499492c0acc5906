/**
 * Receipts of purchases made on the hosted portal page: the code shown to the customer and the
 * card's last four digits, the two ways a returning customer finds a paid purchase again.
 */
import { sql } from 'kysely';
import type { Db } from './connection.js';
import type { TransactionRow } from './transactions.js';

export interface PortalReceiptsTable {
  transaction_id: string;
  /** Upper-case, without separators (the page shows it in groups of four). */
  receipt_code: string;
  card_last4: string | null;
  created_at: Date;
}

declare module './schema.js' {
  interface Database {
    portal_receipts: PortalReceiptsTable;
  }
}

/**
 * Records the receipt of a transaction once; a second call (a replayed request) keeps the first.
 * @returns the transaction's receipt code, whichever call wrote it.
 */
export async function recordReceipt(
  db: Db,
  receipt: { transactionId: string; code: string; cardLast4: string | undefined },
  now: Date,
): Promise<string> {
  await db
    .insertInto('portal_receipts')
    .values({ transaction_id: receipt.transactionId, receipt_code: receipt.code, card_last4: receipt.cardLast4 ?? null, created_at: now })
    .onConflict((c) => c.column('transaction_id').doNothing())
    .execute();
  const row = await db
    .selectFrom('portal_receipts')
    .select('receipt_code')
    .where('transaction_id', '=', receipt.transactionId)
    .executeTakeFirstOrThrow();
  return row.receipt_code;
}

/** The receipt code of a transaction, when it was bought on the portal page. */
export async function receiptCodeOf(db: Db, transactionId: string): Promise<string | undefined> {
  const row = await db.selectFrom('portal_receipts').select('receipt_code').where('transaction_id', '=', transactionId).executeTakeFirst();
  return row?.receipt_code;
}

/** The router's paid purchases that have a receipt, joined with it. */
function paidWithReceipt(db: Db, routerId: string) {
  return db
    .selectFrom('transacciones as t')
    .innerJoin('portal_receipts as r', 'r.transaction_id', 't.id')
    .selectAll('t')
    .where('t.router_id', '=', routerId)
    .where('t.state', '=', 'paid');
}

/** The router's paid purchase with this receipt code. */
export async function findPaidByReceipt(db: Db, routerId: string, code: string): Promise<TransactionRow | undefined> {
  return paidWithReceipt(db, routerId).where('r.receipt_code', '=', code).executeTakeFirst();
}

/** The router's latest paid purchase by this e-mail (any case) with a card ending in `last4`. */
export async function findPaidByEmailAndCard(db: Db, routerId: string, email: string, last4: string): Promise<TransactionRow | undefined> {
  return paidWithReceipt(db, routerId)
    .where(sql`lower(t.cliente_email)`, '=', email.toLowerCase())
    .where('r.card_last4', '=', last4)
    .orderBy('t.paid_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}
