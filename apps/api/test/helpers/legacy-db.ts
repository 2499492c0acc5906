/**
 * The old service's database (LEGACY-API.md §6), built for a test in a schema of its own on the
 * test PostgreSQL server: its DDL as the models declare it, or as the known dump has it (without
 * the ten columns added later). The connection URL it hands out carries the schema and the old
 * server's time zone, as `--from` would point at the old server.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { quoteIdentifier } from '../../src/db/connection.js';

/** The old server's time zone in these tests: server-local timestamps are read in it. */
export const LEGACY_TIME_ZONE = 'America/Mexico_City';

/** The columns added after the dump (§6.0), present only in the model-shaped schema. */
const NEWER = {
  empresas: `logo_url varchar(255), mercado_pago_webhook_secret varchar(255), telegram_bot_token varchar(255),
    telegram_chat_id varchar(50), notificaciones_telegram boolean`,
  transacciones: `external_reference varchar(256) unique, notification_id varchar(100), webhook_processed boolean,
    metadata_json jsonb, webhook_received_at timestamp`,
};

function ddl(shape: 'model' | 'dump'): string {
  const newer = (table: keyof typeof NEWER) => (shape === 'model' ? `${NEWER[table]},` : '');
  return `
  create table empresas (
    id varchar(50) primary key, nombre varchar(100) not null, contacto_email varchar(100), contacto_telefono varchar(20),
    conekta_private_key varchar(100) not null, conekta_public_key varchar(100) not null, conekta_mode varchar(10) default 'test',
    mercado_pago_access_token varchar(255), mercado_pago_public_key varchar(255), mercado_pago_mode varchar(20) default 'test',
    ${newer('empresas')}
    activa boolean default true, creada_en timestamp default current_timestamp);
  create table usuarios (
    id serial primary key, rol varchar(20) not null check (rol in ('super_admin', 'cliente_admin')),
    empresa_id varchar(50) references empresas(id), email varchar(100) not null unique, password_hash varchar(255) not null,
    nombre varchar(100) not null, activo boolean default true, ultimo_login timestamp, creado_en timestamp default current_timestamp,
    constraint check_empresa_required_for_cliente check ((rol = 'cliente_admin' and empresa_id is not null) or (rol = 'super_admin' and empresa_id is null)));
  create table routers (
    id varchar(50) primary key, empresa_id varchar(50) not null references empresas(id), nombre varchar(100) not null,
    host varchar(50) not null, puerto integer default 8728, usuario varchar(50) not null, password_encrypted text not null,
    ubicacion varchar(200), api_key_hash varchar(64) not null unique, activo boolean default true,
    creado_en timestamp default current_timestamp, unique (empresa_id, id));
  create table productos (
    id serial primary key, empresa_id varchar(50) not null, router_id varchar(50) not null,
    perfil_mikrotik_id varchar(100) not null, perfil_mikrotik_nombre varchar(100) not null, nombre_venta varchar(100) not null,
    descripcion text, imagen_url varchar(500), precio numeric(10,2) not null, moneda varchar(3) default 'MXN',
    detalles jsonb default '[]', activo boolean default true, orden_visual integer default 0, destacado boolean default false,
    creado_en timestamp default current_timestamp,
    foreign key (empresa_id, router_id) references routers(empresa_id, id), unique (empresa_id, router_id, perfil_mikrotik_id));
  create table api_keys_tracking (
    key_id varchar(50) primary key, empresa_id varchar(50) not null references empresas(id),
    router_id varchar(50) not null references routers(id), key_hash varchar(64) not null unique,
    issued_at timestamp not null, expires_at timestamp not null, revoked boolean default false, last_used timestamp,
    use_count integer default 0);
  create table transacciones (
    id serial primary key, transaccion_id varchar(100) unique, empresa_id varchar(50) not null references empresas(id),
    router_id varchar(50) not null references routers(id), producto_id integer references productos(id),
    monto numeric(10,2) not null, moneda varchar(3) default 'MXN', cliente_nombre varchar(100), cliente_email varchar(100),
    cliente_telefono varchar(20), usuario_hotspot varchar(50), password_hotspot varchar(50), expiracion_hotspot timestamp,
    estado_pago varchar(20) default 'pending', estado_hotspot varchar(20) default 'pending', ${newer('transacciones')}
    api_key_usada varchar(64), creada_en timestamp default current_timestamp, pagada_en timestamp, usuario_creado_en timestamp);
  create index idx_transacciones_empresa on transacciones (empresa_id);
  create table alembic_version (version_num varchar(32) primary key);
  insert into alembic_version values ('60f9103d1248');`;
}

export interface LegacyDb {
  /** The `--from` URL: this schema, the old server's time zone. */
  url: string;
  /** Runs SQL in the old database (to insert its rows). */
  query(text: string, params?: unknown[]): Promise<pg.QueryResult>;
  /** Drops the schema. */
  close(): Promise<void>;
}

export async function createLegacyDb(shape: 'model' | 'dump'): Promise<LegacyDb> {
  const base = process.env.TEST_LEGACY_DATABASE_URL;
  if (!base) throw new Error('the legacy import tests need TEST_LEGACY_DATABASE_URL (set in vitest.workspace.ts)');
  const schema = `legacy_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema} -c TimeZone=${LEGACY_TIME_ZONE}`);
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(`create schema ${quoteIdentifier(schema)}`);
  await client.query(ddl(shape));
  return {
    url: url.toString(),
    query: (text, params) => client.query(text, params),
    close: async () => {
      await client.query(`drop schema ${quoteIdentifier(schema)} cascade`);
      await client.end();
    },
  };
}
