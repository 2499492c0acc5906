/**
 * Issue 14: the empresa's looks on its portal page, and whether the page offers cash. API names
 * are Spanish like the empresa's other fields (`color_primario`, `color_secundario`,
 * `vende_efectivo`, `logo_url`); the columns are English. Logos live in PostgreSQL (several
 * instances serve them; no local files), one per empresa, under the file name of their URL.
 */
import { sql, type Kysely } from 'kysely';

const HEX_COLOR = `'^#[0-9a-f]{6}$'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('company_logos')
    .addColumn('file_name', 'text', (c) => c.primaryKey())
    .addColumn('company_id', 'text', (c) => c.notNull().unique().references('empresas.id').onDelete('cascade'))
    .addColumn('content_type', 'text', (c) => c.notNull().check(sql`content_type in ('image/png', 'image/jpeg', 'image/webp')`))
    .addColumn('image', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .alterTable('empresas')
    .addColumn('primary_color', 'text', (c) => c.check(sql`primary_color ~ ${sql.raw(HEX_COLOR)}`))
    .addColumn('secondary_color', 'text', (c) => c.check(sql`secondary_color ~ ${sql.raw(HEX_COLOR)}`))
    .addColumn('sells_cash', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('empresas').dropColumn('primary_color').dropColumn('secondary_color').dropColumn('sells_cash').execute();
  await db.schema.dropTable('company_logos').execute();
}
