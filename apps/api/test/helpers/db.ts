/**
 * A migrated database for one test file, on the backend named by TEST_DB: `pglite` (in memory,
 * the default) or `postgres` (TEST_DATABASE_URL, in a fresh schema dropped by `close`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createPGlite, databaseOver, openDatabase, quoteIdentifier, type Db } from '../../src/db/connection.js';
import { migrations } from '../../src/db/migrations/index.js';
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
    const db = await migratedPGlite();
    return { db, backend, close: () => db.destroy() };
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL');
  const schema = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(url, (client) => client.query(`create schema ${quoteIdentifier(schema)}`));
  const db = await openDatabase({ kind: 'postgres', url }, { schema, maxConnections: 5 });
  const close = async () => {
    await db.destroy();
    await withAdminClient(url, (client) => client.query(`drop schema ${quoteIdentifier(schema)} cascade`));
  };
  try {
    await migrateToLatest(db);
  } catch (err) {
    await close();
    throw err;
  }
  return { db, backend, close };
}

/**
 * An in-memory PGlite with every migration applied. Creating a PGlite runs initdb, the slow part
 * of every test file; so the first file saves a migrated snapshot in the temp directory, keyed by
 * the migrations' source, and the others load it (about twice as fast).
 */
async function migratedPGlite(): Promise<Db> {
  const key = createHash('sha256')
    .update(JSON.stringify(Object.entries(migrations).map(([name, m]) => [name, String(m.up)])))
    .digest('hex')
    .slice(0, 16);
  const snapshot = join(tmpdir(), `hotspot-api-pglite-${key}.tar`);
  const saved = await readFile(snapshot).catch(() => undefined);
  if (saved) {
    const db = databaseOver(await createPGlite({ loadDataDir: new Blob([saved]) }));
    await migrateToLatest(db);
    return db;
  }
  const pglite = await createPGlite({ dataDir: 'memory://' });
  const db = databaseOver(pglite);
  await migrateToLatest(db);
  const dump = Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer());
  // Written aside then renamed: a parallel test file never reads half a snapshot.
  const partial = `${snapshot}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(partial, dump);
  await rename(partial, snapshot);
  return db;
}

/** Runs `work` on a short-lived connection outside any test schema (to create or drop one). */
export async function withAdminClient(url: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
