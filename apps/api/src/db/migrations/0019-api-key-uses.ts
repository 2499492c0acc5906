/**
 * Issue 12: the old service counted every use of a router API key (`api_keys_tracking.use_count`,
 * LEGACY-API.md §1.3 and §6.5) and its key routes answer the count. Keys imported from it bring
 * their count; keys issued here start at 0.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('router_api_keys')
    .addColumn('use_count', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('router_api_keys').dropColumn('use_count').execute();
}
