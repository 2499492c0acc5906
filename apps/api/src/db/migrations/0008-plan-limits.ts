/**
 * Plans that end (issue 13): limits on plans, copied onto each sale with the hotspot user's life
 * (first login, expiry, exhaustion, removal), a lease for the expiry sweep, and the record of every
 * change made to a sold user.
 */
import { sql, type Kysely } from 'kysely';

const USER_STATES = sql`('unused', 'active', 'exhausted', 'expired', 'removed')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('productos')
    .addColumn('time_limit', 'text')
    .addColumn('data_limit_mb', 'integer', (c) => c.check(sql`data_limit_mb > 0`))
    .addColumn('validity', 'text')
    .addColumn('validity_start', 'text', (c) => c.check(sql`validity_start in ('purchase', 'first_login')`))
    .execute();

  await db.schema
    .alterTable('transacciones')
    .addColumn('time_limit', 'text')
    .addColumn('data_limit_mb', 'integer')
    .addColumn('validity', 'text')
    .addColumn('validity_start', 'text')
    // `validity` in seconds, so a first login sets expires_at in one statement.
    .addColumn('validity_seconds', 'integer')
    .addColumn('first_login_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('user_state', 'text', (c) => c.notNull().defaultTo('unused').check(sql`user_state in ${USER_STATES}`))
    .addColumn('exhausted_at', 'timestamptz')
    .addColumn('user_removed_at', 'timestamptz')
    // An expiry sweep's claim on the row; another instance skips it until the lease ends.
    .addColumn('expiry_lease_until', 'timestamptz')
    .execute();
  // The sweep's and the listeners' working set: sold users with a limit still on their router.
  await sql`create index transacciones_plan_users on transacciones (router_id, expires_at)
    where state = 'paid' and user_removed_at is null
      and (time_limit is not null or data_limit_mb is not null or validity is not null)`.execute(db);

  await db.schema
    .createTable('hotspot_user_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('transaction_id', 'text', (c) => c.notNull().references('transacciones.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('first_login', 'extended', 'terminated', 'expired', 'exhausted', 'removed')`),
    )
    // The admin who made the change; null for the service's own sweep.
    .addColumn('user_id', 'integer', (c) => c.references('usuarios.id').onDelete('set null'))
    .addColumn('detail', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hotspot_user_events_transaction').on('hotspot_user_events').columns(['transaction_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('hotspot_user_events').execute();
  await sql`drop index transacciones_plan_users`.execute(db);
  for (const column of [
    'time_limit',
    'data_limit_mb',
    'validity',
    'validity_start',
    'validity_seconds',
    'first_login_at',
    'expires_at',
    'user_state',
    'exhausted_at',
    'user_removed_at',
    'expiry_lease_until',
  ]) {
    await db.schema.alterTable('transacciones').dropColumn(column).execute();
  }
  for (const column of ['time_limit', 'data_limit_mb', 'validity', 'validity_start']) {
    await db.schema.alterTable('productos').dropColumn(column).execute();
  }
}
