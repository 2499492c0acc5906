/**
 * Issue 15, item 2: voucher batches. A batch is N hotspot users of one plan made on one router in
 * one burst; each voucher is a row written (state `creating`) before its user is added, so a batch
 * cut by a router drop is finished from the router's own list. A sold voucher becomes a
 * `transacciones` row with `channel = 'voucher'` under the voucher's id (the id its router comment
 * already names), `paid` when sold: the same records, states and reports as card and cash. Such a
 * row has no gateway, hence `gateway` may be null for that channel only.
 */
import { sql, type Kysely } from 'kysely';

const LIMITS = sql.raw('time_limit is not null or data_limit_mb is not null or validity is not null');

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('voucher_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('empresa_id', 'text', (c) => c.notNull().references('empresas.id').onDelete('cascade'))
    // No cascade, like transacciones: a router with vouchers is deactivated, not deleted.
    .addColumn('router_id', 'text', (c) => c.notNull().references('routers.id'))
    .addColumn('producto_id', 'integer', (c) => c.notNull())
    // The plan as it was at generation: a voucher sells at the price printed on it.
    .addColumn('product_name', 'text', (c) => c.notNull())
    .addColumn('hotspot_profile', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'integer', (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn('moneda', 'text', (c) => c.notNull())
    .addColumn('time_limit', 'text')
    .addColumn('data_limit_mb', 'integer')
    .addColumn('validity', 'text')
    .addColumn('validity_start', 'text')
    .addColumn('user_kind', 'text', (c) => c.notNull().check(sql`user_kind in ('usuario_contrasena', 'pin')`))
    .addColumn('prefix', 'text')
    .addColumn('size', 'integer', (c) => c.notNull().check(sql`size > 0`))
    // The hotspot's login page as the router named it at generation (the printed QR opens it).
    .addColumn('login_url', 'text')
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('creating', 'ready')`))
    // A creation or resume at work on the batch; another one waits until it ends.
    .addColumn('lease_until', 'timestamptz')
    .addColumn('created_by', 'integer', (c) => c.references('usuarios.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('voucher_batches_empresa').on('voucher_batches').columns(['empresa_id', 'created_at']).execute();

  await db.schema
    .createTable('vouchers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('batch_id', 'text', (c) => c.notNull().references('voucher_batches.id').onDelete('cascade'))
    // 1..size within the batch: what an admin names a range by, and the order cards print in.
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('hotspot_username', 'text', (c) => c.notNull())
    .addColumn('hotspot_password_sealed', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('creating', 'unsold', 'sold', 'revoked')`))
    .addColumn('router_user_id', 'text')
    .addColumn('sold_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addUniqueConstraint('vouchers_batch_number', ['batch_id', 'number'])
    .execute();
  await db.schema.createIndex('vouchers_batch_state').on('vouchers').columns(['batch_id', 'state']).execute();

  await sql`alter table transacciones drop constraint transacciones_channel_check`.execute(db);
  await sql`alter table transacciones add constraint transacciones_channel_check check (channel in ('card', 'cash', 'voucher'))`.execute(
    db,
  );
  await sql`alter table transacciones alter column gateway drop not null`.execute(db);
  await sql`alter table transacciones add constraint transacciones_gateway_present check (gateway is not null or channel = 'voucher')`.execute(
    db,
  );
  // A sold voucher's first login is watched even when its plan has no limit (it makes the voucher `usado`).
  await sql`drop index transacciones_plan_users`.execute(db);
  await sql`create index transacciones_plan_users on transacciones (router_id, expires_at)
    where state = 'paid' and user_removed_at is null and (${LIMITS} or channel = 'voucher')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index transacciones_plan_users`.execute(db);
  await sql`create index transacciones_plan_users on transacciones (router_id, expires_at)
    where state = 'paid' and user_removed_at is null and (${LIMITS})`.execute(db);
  await sql`delete from transacciones where channel = 'voucher'`.execute(db);
  await sql`alter table transacciones drop constraint transacciones_gateway_present`.execute(db);
  await sql`alter table transacciones alter column gateway set not null`.execute(db);
  await sql`alter table transacciones drop constraint transacciones_channel_check`.execute(db);
  await sql`alter table transacciones add constraint transacciones_channel_check check (channel in ('card', 'cash'))`.execute(db);
  await db.schema.dropTable('vouchers').execute();
  await db.schema.dropTable('voucher_batches').execute();
}
