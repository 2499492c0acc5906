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

  it('applies nothing the second time', async () => {
    expect(await migrateToLatest(first.db)).toEqual([]);
    expect(await migrateToLatest(second.db)).toEqual([]);
  });
});
