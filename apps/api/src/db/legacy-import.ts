/**
 * The importer's writes into the service's database: a row goes in only when nothing with the same
 * key is there yet, so a second run imports nothing twice; plan ids are kept, so the plans'
 * sequence is moved past them.
 */
import { sql, type Insertable } from 'kysely';
import type { Db } from './connection.js';
import type { Database } from './schema.js';

/** The tables the importer fills. */
export type ImportedTable = 'empresas' | 'usuarios' | 'routers' | 'router_api_keys' | 'productos' | 'transacciones';

/** Inserts `row` unless it would repeat a key already there. @returns whether it was inserted. */
export async function insertIfAbsent<T extends ImportedTable>(db: Db, table: T, row: Insertable<Database[T]>): Promise<boolean> {
  const result = await db
    .insertInto(table)
    .values(row as never)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/** Moves the plans' id sequence past the highest id, never back, so a new plan never takes an imported id. */
export async function moveProductoIdsPastImported(db: Db): Promise<void> {
  await sql`select setval(seq, greatest(top, coalesce(pg_sequence_last_value(seq), 0)))
    from (select pg_get_serial_sequence('productos', 'id')::regclass as seq, (select max(id) from productos) as top) s
    where top is not null`.execute(db);
}
