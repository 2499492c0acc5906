/**
 * Issue 15 item 4 and the console's data (issue 16): every state change of a transaction is
 * recorded, the expiry sweep's last run is kept where every instance sees it, and the indexes the
 * reports, the dashboard and the sales search read.
 *
 * The history is written by a trigger, in the very statement that changes the state: whichever
 * code moves a transaction (a purchase, reconciliation, a webhook, vouchers, the legacy importer, a
 * person with psql), its change and its record commit together or not at all, and no new code path
 * can forget it. It is stamped with the row's `updated_at`, which the service's injected clock sets.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('transaction_events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('transaction_id', 'text', (c) => c.notNull().references('transacciones.id').onDelete('cascade'))
    // No check: the states are the transaction's to define (its own check guards them).
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('transaction_events_transaction').on('transaction_events').columns(['transaction_id', 'id']).execute();
  // What existed before: only the state each attempt is in now is known.
  await sql`insert into transaction_events (transaction_id, state, reason, at)
    select id, state, reason, updated_at from transacciones order by created_at, id`.execute(db);
  await sql`create function record_transaction_event() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' or new.state is distinct from old.state then
        insert into transaction_events (transaction_id, state, reason, at) values (new.id, new.state, new.reason, new.updated_at);
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger transacciones_state_history after insert or update of state on transacciones
    for each row execute function record_transaction_event()`.execute(db);

  // One row per background job: the last run any instance finished (the dashboard's health).
  await db.schema
    .createTable('job_runs')
    .addColumn('job', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz', (c) => c.notNull())
    .addColumn('summary', 'text')
    .execute();

  // The latest purchases and the sales search: newest first (read backwards), keyset on (created_at, id).
  await sql`drop index transacciones_empresa_created`.execute(db);
  await sql`create index transacciones_empresa_created_id on transacciones (empresa_id, created_at, id)`.execute(db);
  // Reports and dashboard figures read paid sales by paid_at: everything they group by rides in the
  // index, so a month of sales is an index-only scan.
  await sql`drop index transacciones_empresa_paid`.execute(db);
  await sql`create index transacciones_empresa_paid on transacciones (empresa_id, paid_at)
    include (channel, router_id, producto_id, moneda, amount_cents) where state = 'paid'`.execute(db);
  // The dashboard's reconciliation health, per empresa.
  await sql`create index transacciones_empresa_unsettled on transacciones (empresa_id) where settled_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index transacciones_empresa_unsettled`.execute(db);
  await sql`drop index transacciones_empresa_paid`.execute(db);
  await sql`create index transacciones_empresa_paid on transacciones (empresa_id, paid_at) where state = 'paid'`.execute(db);
  await sql`drop index transacciones_empresa_created_id`.execute(db);
  await sql`create index transacciones_empresa_created on transacciones (empresa_id, created_at)`.execute(db);
  await db.schema.dropTable('job_runs').execute();
  await sql`drop trigger transacciones_state_history on transacciones`.execute(db);
  await sql`drop function record_transaction_event()`.execute(db);
  await db.schema.dropTable('transaction_events').execute();
}
