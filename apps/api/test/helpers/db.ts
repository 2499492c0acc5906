/**
 * A migrated database for one test file, on the backend named by TEST_DB: `pglite` (in memory,
 * the default) or `postgres` (TEST_DATABASE_URL, in a fresh schema dropped by `close`).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, quoteIdentifier, type Db } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrator.js';

export interface TestDb {
  db: Db;
  backend: 'pglite' | 'postgres';
  /** Closes the database and, on PostgreSQL, drops the test schema. */
  close(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  const backend = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
  if (backend === 'pglite') {
    const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    await migrateToLatest(db);
    return { db, backend, close: () => db.destroy() };
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL');
  const schema = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(url, (client) => client.query(`create schema ${quoteIdentifier(schema)}`));
  const db = await openDatabase({ kind: 'postgres', url }, { schema, maxConnections: 5 });
  await migrateToLatest(db);
  return {
    db,
    backend,
    close: async () => {
      await db.destroy();
      await withAdminClient(url, (client) => client.query(`drop schema ${quoteIdentifier(schema)} cascade`));
    },
  };
}

async function withAdminClient(url: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
