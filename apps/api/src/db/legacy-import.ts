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

/** A column of `table` that tells its rows apart. */
export type KeyColumn<T extends ImportedTable> = keyof Database[T] & string;

/**
 * Inserts each row unless it would repeat a key already there.
 * @returns the `key` values of the rows inserted now (as text).
 */
export async function insertIfAbsent<T extends ImportedTable>(
  db: Db,
  table: T,
  rows: ReadonlyArray<Insertable<Database[T]>>,
  key: KeyColumn<T>,
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await db
    .insertInto(table)
    .values(rows as never)
    .onConflict((oc) => oc.doNothing())
    .returning(sql.ref(key).as('key'))
    .execute();
  return new Set(inserted.map((row) => String((row as { key: unknown }).key)));
}

/** Moves the plans' id sequence past the highest id, never back, so a new plan never takes an imported id. */
export async function moveProductIdsPastImported(db: Db): Promise<void> {
  await sql`select setval(seq, greatest(top, coalesce(pg_sequence_last_value(seq), 0)))
    from (select pg_get_serial_sequence('productos', 'id')::regclass as seq, (select max(id) from productos) as top) s
    where top is not null`.execute(db);
}
