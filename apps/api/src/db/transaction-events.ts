/**
 * `transaction_events`: every state a transaction has been in, oldest first. Rows are written by the
 * database itself (a trigger of migration 0012) in the statement that changes the state, so this
 * module only reads them.
 */
import type { Generated } from 'kysely';
import type { Db } from './connection.js';
import type { TransactionState } from './transactions.js';

export interface TransactionEventsTable {
  id: Generated<string>;
  transaction_id: string;
  state: TransactionState;
  /** The transaction's `reason` as the change left it. */
  reason: string | null;
  /** The transaction's `updated_at` at the change (the service's clock). */
  at: Date;
}

declare module './schema.js' {
  interface Database {
    transaction_events: TransactionEventsTable;
  }
}

/** A transaction's state changes, oldest first. */
export async function stateChangesOf(db: Db, transactionId: string) {
  return db
    .selectFrom('transaction_events')
    .select(['state', 'reason', 'at'])
    .where('transaction_id', '=', transactionId)
    .orderBy('id')
    .execute();
}
