/**
 * The purchase's tables: one row per purchase attempt (its state machine), the Idempotency-Key
 * answers of the payment routes, and the Mercado Pago notifications already handled.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('transacciones')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('empresa_id', 'text', (c) => c.notNull().references('empresas.id').onDelete('cascade'))
    // No cascade: sales records outlive nothing by accident; a router with sales is deactivated, not deleted.
    .addColumn('router_id', 'text', (c) => c.notNull().references('routers.id'))
    // Plans are deactivated, not deleted; the sold name, profile and price are copied anyway.
    .addColumn('producto_id', 'integer', (c) => c.notNull())
    .addColumn('producto_nombre', 'text', (c) => c.notNull())
    .addColumn('perfil_mikrotik', 'text', (c) => c.notNull())
    .addColumn('monto_centavos', 'integer', (c) => c.notNull().check(sql`monto_centavos > 0`))
    .addColumn('moneda', 'text', (c) => c.notNull())
    .addColumn('pasarela', 'text', (c) => c.notNull().check(sql`pasarela in ('conekta', 'mercadopago')`))
    .addColumn('estado', 'text', (c) =>
      c.notNull().check(sql`estado in ('pending', 'user_created', 'paid', 'declined', 'router_failed', 'unresolved', 'reversed')`),
    )
    .addColumn('tipo_usuario', 'text', (c) => c.notNull().check(sql`tipo_usuario in ('usuario_contrasena', 'pin')`))
    .addColumn('hotspot_usuario', 'text', (c) => c.notNull())
    .addColumn('hotspot_password_sealed', 'text', (c) => c.notNull())
    .addColumn('router_user_id', 'text')
    .addColumn('cargo_id', 'text')
    .addColumn('motivo', 'text')
    .addColumn('cliente_nombre', 'text', (c) => c.notNull())
    .addColumn('cliente_email', 'text', (c) => c.notNull())
    .addColumn('cliente_telefono', 'text')
    .addColumn('mac_cliente', 'text')
    .addColumn('ip_cliente', 'text')
    .addColumn('creado_en', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actualizado_en', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('pagado_en', 'timestamptz')
    // Set once money and router agree and nothing is left to do; reconciliation works on the rest.
    .addColumn('liquidado_en', 'timestamptz')
    // A reconciler's claim on the row; another instance skips it until the lease ends.
    .addColumn('reconciliando_hasta', 'timestamptz')
    .execute();
  await db.schema.createIndex('transacciones_empresa_creado').on('transacciones').columns(['empresa_id', 'creado_en']).execute();
  await db.schema.createIndex('transacciones_cargo').on('transacciones').columns(['pasarela', 'cargo_id']).execute();
  // Auto-reconnect finds the customer by router and hotspot user name.
  await db.schema.createIndex('transacciones_router_usuario').on('transacciones').columns(['router_id', 'hotspot_usuario']).execute();
  await sql`create index transacciones_sin_liquidar on transacciones (actualizado_en) where liquidado_en is null`.execute(db);

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('router_id', 'text', (c) => c.notNull().references('routers.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    // The first answer, sealed: it holds the hotspot password.
    .addColumn('response_sealed', 'text')
    .addColumn('creado_en', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['router_id', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_creado').on('idempotency_keys').column('creado_en').execute();

  await db.schema
    .createTable('webhook_eventos')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('recibido_en', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('webhook_eventos_recibido').on('webhook_eventos').column('recibido_en').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['webhook_eventos', 'idempotency_keys', 'transacciones']) await db.schema.dropTable(table).execute();
}
