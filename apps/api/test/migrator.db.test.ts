import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrator.js';
import { createTestDb, type TestDb } from './helpers/db.js';

let first: TestDb;
let second: TestDb;
beforeAll(async () => {
  // Two databases side by side: on PostgreSQL two schemas of one database, as parallel test files
  // (or two services sharing a server) have them.
  first = await createTestDb();
  second = await createTestDb();
});
afterAll(async () => {
  await first.close();
  await second.close();
});

describe('migrateToLatest', () => {
  it('keeps its migration tables in the schema it migrates, whatever other schemas hold', async () => {
    for (const t of [first, second]) {
      const found = await sql<{ n: number }>`
        select count(*)::int as n from information_schema.tables
        where table_schema = current_schema() and table_name in ('kysely_migration', 'kysely_migration_lock')`.execute(t.db);
      expect(found.rows).toEqual([{ n: 2 }]);
    }
  });

  it('indexes the customer search by trigrams in every schema (0020), and the search plan can use them', async () => {
    for (const t of [first, second]) {
      const found = await sql<{ indexname: string }>`
        select indexname from pg_indexes where schemaname = current_schema() and indexname like 'transacciones_cliente_%_trgm'
        order by indexname`.execute(t.db);
      expect(found.rows.map((r) => r.indexname)).toEqual([
        'transacciones_cliente_email_trgm',
        'transacciones_cliente_nombre_trgm',
        'transacciones_cliente_telefono_trgm',
      ]);
    }
    // An empty table is read whole either way; with scans made dear (in one transaction: one connection) the plan shows the index answers the substring.
    const plan = await first.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      return sql<{ 'QUERY PLAN': string }>`explain select id from transacciones where cliente_email ilike '%ana@ej%'`.execute(trx);
    });
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('transacciones_cliente_email_trgm');
  });

  it('applies nothing the second time', async () => {
    expect(await migrateToLatest(first.db)).toEqual([]);
    expect(await migrateToLatest(second.db)).toEqual([]);
  });
});
