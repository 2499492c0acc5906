/**
 * Opens the database named by the configuration: the embedded PGlite (a data directory or
 * `memory://`) or PostgreSQL through `pg`. Both give the same `Kysely<Database>`.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from '../config.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

/** Typed query builder over the service's tables. */
export type Db = Kysely<Database>;

export interface OpenDatabaseOptions {
  /** PostgreSQL only: the schema to work in (it must exist); tests use one per file. */
  schema?: string;
  /** PostgreSQL only: pool size. */
  maxConnections?: number;
}

/** Opens the database; `db.destroy()` closes it (and its pool or PGlite instance). */
export async function openDatabase(target: DatabaseTarget, options: OpenDatabaseOptions = {}): Promise<Db> {
  if (target.kind === 'pglite') {
    if (target.dataDir !== 'memory://') await mkdir(target.dataDir, { recursive: true });
    return databaseOver(await createPGlite({ dataDir: target.dataDir }));
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: options.maxConnections ?? 10,
    ...(options.schema ? { options: `-c search_path=${quoteIdentifier(options.schema)}` } : {}),
  });
  // An idle client that loses its server emits 'error' on the pool; without a listener it would crash the process.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * A PGlite instance with the extensions the migrations may use (pg_trgm: 0020's customer search index).
 * Every instance over this service's data must load them: an index built with one is unusable without it.
 */
export function createPGlite(options: PGliteOptions): Promise<PGlite> {
  return PGlite.create({ ...options, extensions: { pg_trgm } });
}

/** A `Db` over an open PGlite instance; `db.destroy()` closes the instance. */
export function databaseOver(pglite: PGlite): Db {
  return new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
}

/** Quotes a PostgreSQL identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
