/**
 * Issue 16: the console's sales search finds a customer by any part of the name, e-mail or phone
 * (`ilike '%…%'`), which without an index reads every sale of the empresa (0.7 s at 1,000,000).
 * Trigram indexes (pg_trgm) answer it from the index. The extension is optional: a PostgreSQL role
 * that may not create it, or a server without it, keeps the search as it was, only slower.
 */
import { type Kysely, sql } from 'kysely';

const COLUMNS = ['cliente_nombre', 'cliente_email', 'cliente_telefono'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  // In a block of its own: a refused CREATE EXTENSION must not abort the migration's transaction.
  await sql`do $$ begin
    create extension if not exists pg_trgm with schema public;
  exception when others then
    raise notice 'pg_trgm unavailable (%): the customer search stays a scan', sqlerrm;
  end $$`.execute(db);
  const creates = COLUMNS.map(
    (column) => `create index if not exists transacciones_${column}_trgm on transacciones using gin (${column} public.gin_trgm_ops);`,
  ).join('\n');
  await sql`do $$ begin
    if exists (select 1 from pg_extension where extname = 'pg_trgm') then
      ${sql.raw(creates)}
    end if;
  end $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of COLUMNS) await sql`drop index if exists ${sql.id(`transacciones_${column}_trgm`)}`.execute(db);
}
