/** Applies the migrations of src/db/migrations in order; run at start-up and by `npm run migrate`. */
import { Migrator, sql, type MigrationResult } from 'kysely';
import type { Db } from './connection.js';
import { migrations } from './migrations/index.js';

/** A migration failed; the database keeps every migration applied before it. */
export class MigrationError extends Error {
  constructor(
    readonly migrationName: string | undefined,
    options: { cause: unknown },
  ) {
    super(`migration ${migrationName ?? '(unknown)'} failed: ${String((options.cause as Error)?.message ?? options.cause)}`, options);
    this.name = 'MigrationError';
  }
}

/**
 * Brings the schema up to the latest migration.
 * @returns the names of the migrations applied now (empty when already up to date).
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  // Name the schema explicitly: otherwise Kysely takes a migration table in ANY schema of the database
  // (another tenant's, a parallel test's) for ours, and then fails to find it on the search path.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: rows[0]?.schema ?? 'public',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r: MigrationResult) => r.status === 'Error');
    throw new MigrationError(failed?.migrationName, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
