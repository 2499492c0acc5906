/**
 * The naming rule (CONTRIBUTING.md): legacy tables and columns keep their Spanish names (the old
 * service's schema, LEGACY-API.md §6); what this service added is named in English. Renames only:
 * no row changes, and the constraints and indexes follow their columns' new names.
 */
import { sql, type Kysely } from 'kysely';

/** [table, old column, new column]: columns this service added to `transacciones`, `productos` and `sessions`. */
const COLUMNS: ReadonlyArray<readonly [string, string, string]> = [
  ['transacciones', 'producto_nombre', 'product_name'],
  ['transacciones', 'perfil_mikrotik', 'hotspot_profile'],
  ['transacciones', 'monto_centavos', 'amount_cents'],
  ['transacciones', 'pasarela', 'gateway'],
  ['transacciones', 'estado', 'state'],
  ['transacciones', 'tipo_usuario', 'user_kind'],
  ['transacciones', 'hotspot_usuario', 'hotspot_username'],
  ['transacciones', 'cargo_id', 'charge_id'],
  ['transacciones', 'motivo', 'reason'],
  ['transacciones', 'mac_cliente', 'client_mac'],
  ['transacciones', 'ip_cliente', 'client_ip'],
  ['transacciones', 'creado_en', 'created_at'],
  ['transacciones', 'actualizado_en', 'updated_at'],
  ['transacciones', 'pagado_en', 'paid_at'],
  ['transacciones', 'liquidado_en', 'settled_at'],
  ['transacciones', 'reconciliando_hasta', 'lease_until'],
  ['productos', 'precio_centavos', 'price_cents'],
  ['sessions', 'usuario_id', 'user_id'],
  ['idempotency_keys', 'creado_en', 'created_at'],
  ['webhook_eventos', 'recibido_en', 'received_at'],
];

/** [table (after the table renames), old constraint, new constraint]. */
const CONSTRAINTS: ReadonlyArray<readonly [string, string, string]> = [
  ['transacciones', 'transacciones_estado_check', 'transacciones_state_check'],
  ['transacciones', 'transacciones_monto_centavos_check', 'transacciones_amount_cents_check'],
  ['transacciones', 'transacciones_pasarela_check', 'transacciones_gateway_check'],
  ['transacciones', 'transacciones_tipo_usuario_check', 'transacciones_user_kind_check'],
  ['productos', 'productos_precio_centavos_check', 'productos_price_cents_check'],
  ['sessions', 'sessions_usuario_id_fkey', 'sessions_user_id_fkey'],
  ['webhook_events', 'webhook_eventos_pkey', 'webhook_events_pkey'],
];

/** [old index, new index]. */
const INDEXES: ReadonlyArray<readonly [string, string]> = [
  ['transacciones_cargo', 'transacciones_charge'],
  ['transacciones_empresa_creado', 'transacciones_empresa_created'],
  ['transacciones_router_usuario', 'transacciones_router_hotspot_username'],
  ['transacciones_sin_liquidar', 'transacciones_unsettled'],
  ['sessions_usuario_id', 'sessions_user_id'],
  ['idempotency_keys_creado', 'idempotency_keys_created_at'],
  ['webhook_eventos_recibido', 'webhook_events_received_at'],
];

async function rename(db: Kysely<unknown>, direction: 'up' | 'down'): Promise<void> {
  const pair = (older: string, newer: string) => (direction === 'up' ? [older, newer] : [newer, older]) as [string, string];
  for (const [table, older, newer] of COLUMNS) {
    const [from, to] = pair(older, newer);
    await db.schema.alterTable(table).renameColumn(from, to).execute();
  }
  const [events, eventsNow] = pair('webhook_eventos', 'webhook_events');
  await db.schema.alterTable(events).renameTo(eventsNow).execute();
  for (const [table, older, newer] of CONSTRAINTS) {
    const [from, to] = pair(older, newer);
    const owner = table === 'webhook_events' ? eventsNow : table;
    await sql`alter table ${sql.id(owner)} rename constraint ${sql.id(from)} to ${sql.id(to)}`.execute(db);
  }
  for (const [older, newer] of INDEXES) {
    const [from, to] = pair(older, newer);
    await sql`alter index ${sql.id(from)} rename to ${sql.id(to)}`.execute(db);
  }
}

export const up = (db: Kysely<unknown>) => rename(db, 'up');
export const down = (db: Kysely<unknown>) => rename(db, 'down');
