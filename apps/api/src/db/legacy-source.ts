/**
 * Reads the old service's database (LEGACY-API.md §6) for the importer. The production schema was
 * evolved by hand, so the columns are introspected: the ten added after the known dump may be
 * missing and read as NULL; any other missing column means this is not the old service's database.
 * Timestamps come back as instants: the columns the application wrote hold naive UTC, the ones
 * filled by `DEFAULT CURRENT_TIMESTAMP` hold the old server's local time (§6.9).
 */
import pg from 'pg';
import { quoteIdentifier } from './connection.js';

/** How a column is read: as stored, as naive UTC, as the old server's local time, or as exact text (numeric money). */
type ColumnKind = 'value' | 'utc' | 'local' | 'text';

interface ColumnSpec {
  kind: ColumnKind;
  /** Added after the known dump: may be missing (read as NULL). */
  newer?: true;
}

const value: ColumnSpec = { kind: 'value' };
const utc: ColumnSpec = { kind: 'utc' };
const local: ColumnSpec = { kind: 'local' };
const newerValue: ColumnSpec = { kind: 'value', newer: true };

/** The columns the importer reads, per table (§6.1–6.6). */
const TABLES = {
  empresas: {
    id: value,
    nombre: value,
    contacto_email: value,
    contacto_telefono: value,
    logo_url: newerValue,
    conekta_private_key: value,
    conekta_public_key: value,
    conekta_mode: value,
    mercado_pago_access_token: value,
    mercado_pago_public_key: value,
    mercado_pago_mode: value,
    mercado_pago_webhook_secret: newerValue,
    telegram_bot_token: newerValue,
    telegram_chat_id: newerValue,
    notificaciones_telegram: newerValue,
    activa: value,
    creada_en: local,
  },
  usuarios: {
    id: value,
    rol: value,
    empresa_id: value,
    email: value,
    password_hash: value,
    nombre: value,
    activo: value,
    creado_en: local,
  },
  routers: {
    id: value,
    empresa_id: value,
    nombre: value,
    host: value,
    puerto: value,
    usuario: value,
    password_encrypted: value,
    ubicacion: value,
    activo: value,
    creado_en: local,
  },
  productos: {
    id: value,
    empresa_id: value,
    router_id: value,
    perfil_mikrotik_id: value,
    perfil_mikrotik_nombre: value,
    nombre_venta: value,
    descripcion: value,
    imagen_url: value,
    precio: { kind: 'text' },
    moneda: value,
    detalles: value,
    activo: value,
    orden_visual: value,
    destacado: value,
    creado_en: local,
  },
  api_keys_tracking: {
    key_id: value,
    empresa_id: value,
    router_id: value,
    key_hash: value,
    issued_at: utc,
    expires_at: utc,
    revoked: value,
    last_used: utc,
    use_count: value,
  },
  transacciones: {
    id: value,
    transaccion_id: value,
    external_reference: newerValue,
    empresa_id: value,
    router_id: value,
    producto_id: value,
    monto: { kind: 'text' },
    moneda: value,
    cliente_nombre: value,
    cliente_email: value,
    cliente_telefono: value,
    usuario_hotspot: value,
    password_hotspot: value,
    estado_pago: value,
    metadata_json: newerValue,
    creada_en: local,
    pagada_en: utc,
    webhook_received_at: { kind: 'utc', newer: true },
  },
} as const satisfies Record<string, Record<string, ColumnSpec>>;

export interface LegacyCompany {
  id: string;
  nombre: string;
  contacto_email: string | null;
  contacto_telefono: string | null;
  logo_url: string | null;
  conekta_private_key: string | null;
  conekta_public_key: string | null;
  conekta_mode: string | null;
  mercado_pago_access_token: string | null;
  mercado_pago_public_key: string | null;
  mercado_pago_mode: string | null;
  mercado_pago_webhook_secret: string | null;
  telegram_bot_token: string | null;
  telegram_chat_id: string | null;
  notificaciones_telegram: boolean | null;
  activa: boolean | null;
  creada_en: Date | null;
}

export interface LegacyUser {
  id: number;
  rol: string;
  empresa_id: string | null;
  email: string;
  password_hash: string;
  nombre: string;
  activo: boolean | null;
  creado_en: Date | null;
}

export interface LegacyRouter {
  id: string;
  empresa_id: string;
  nombre: string;
  host: string;
  puerto: number | null;
  usuario: string;
  /** Plain text despite the name (§6.3). */
  password_encrypted: string;
  ubicacion: string | null;
  activo: boolean | null;
  creado_en: Date | null;
}

export interface LegacyProduct {
  id: number;
  empresa_id: string;
  router_id: string;
  perfil_mikrotik_id: string | null;
  perfil_mikrotik_nombre: string;
  nombre_venta: string;
  descripcion: string | null;
  imagen_url: string | null;
  /** numeric(10,2) as exact text. */
  precio: string;
  moneda: string | null;
  /** jsonb: an array of `{"texto": …}` objects or of strings (§6.10). */
  detalles: unknown;
  activo: boolean | null;
  orden_visual: number | null;
  destacado: boolean | null;
  creado_en: Date | null;
}

export interface LegacyApiKey {
  key_id: string;
  empresa_id: string;
  router_id: string;
  key_hash: string;
  issued_at: Date;
  expires_at: Date;
  revoked: boolean | null;
  last_used: Date | null;
  use_count: number | null;
}

export interface LegacyTransaction {
  id: number;
  transaccion_id: string | null;
  external_reference: string | null;
  empresa_id: string;
  router_id: string;
  producto_id: number | null;
  /** numeric(10,2) as exact text. */
  monto: string;
  moneda: string | null;
  cliente_nombre: string | null;
  cliente_email: string | null;
  cliente_telefono: string | null;
  usuario_hotspot: string | null;
  password_hotspot: string | null;
  estado_pago: string | null;
  metadata_json: unknown;
  creada_en: Date | null;
  pagada_en: Date | null;
  webhook_received_at: Date | null;
}

/** Everything the importer reads, plus how it read it. */
export interface LegacyData {
  /** The time zone the server-local timestamps were read in. */
  timeZone: string;
  /** `table.column` of each newer column the old database lacks. */
  missingColumns: string[];
  empresas: LegacyCompany[];
  usuarios: LegacyUser[];
  routers: LegacyRouter[];
  productos: LegacyProduct[];
  apiKeys: LegacyApiKey[];
  transacciones: LegacyTransaction[];
}

/** The old database lacks a table or a column the old service always had. */
export class LegacySchemaError extends Error {
  constructor(readonly missing: readonly string[]) {
    super(`the --from database is not the old service's: it has no ${missing.join(', ')}`);
    this.name = 'LegacySchemaError';
  }
}

/** The old database could not be reached or refused the login (the URL, which may hold a password, is not repeated). */
export class LegacyConnectionError extends Error {
  constructor(cause: unknown) {
    super(`cannot connect to the --from database: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'LegacyConnectionError';
  }
}

/** The time zone given for the old server is not one PostgreSQL knows. */
export class TimeZoneError extends Error {
  constructor(readonly timeZone: string) {
    super(`unknown time zone ${JSON.stringify(timeZone)} (use an IANA name such as America/Mexico_City)`);
    this.name = 'TimeZoneError';
  }
}

function selectList(table: keyof typeof TABLES, present: ReadonlySet<string>): string {
  return Object.entries(TABLES[table] as Record<string, ColumnSpec>)
    .map(([column, spec]) => {
      const name = quoteIdentifier(column);
      if (!present.has(`${table}.${column}`)) return `null as ${name}`;
      if (spec.kind === 'utc') return `${name} at time zone 'UTC' as ${name}`;
      if (spec.kind === 'local') return `${name} at time zone $1 as ${name}`;
      if (spec.kind === 'text') return `${name}::text as ${name}`;
      return name;
    })
    .join(', ');
}

/**
 * Reads the six tables from the database at `url` (its current schema).
 * @param timeZone the old server's time zone; by default the one the database reports (what its
 *   `CURRENT_TIMESTAMP` defaults used, unless the dump was restored on another server).
 * @throws LegacySchemaError, TimeZoneError
 */
export async function readLegacyDatabase(url: string, options: { timeZone?: string } = {}): Promise<LegacyData> {
  const client = new pg.Client({ connectionString: url });
  await client.connect().catch((error: unknown) => {
    throw new LegacyConnectionError(error);
  });
  try {
    const zone = options.timeZone ?? (await client.query<{ tz: string }>(`select current_setting('TimeZone') as tz`)).rows[0]!.tz;
    // Any zone PostgreSQL itself accepts (IANA names, POSIX specs), as the conversion will use it.
    await client.query('select now() at time zone $1', [zone]).catch(() => {
      throw new TimeZoneError(zone);
    });
    // One snapshot: a row written while the import reads cannot reference a row it did not read.
    await client.query('begin isolation level repeatable read read only');

    const tables = Object.keys(TABLES) as Array<keyof typeof TABLES>;
    const { rows } = await client.query<{ name: string }>(
      `select table_name || '.' || column_name as name from information_schema.columns
        where table_schema = current_schema() and table_name = any($1)`,
      [tables],
    );
    const present = new Set(rows.map((r) => r.name));
    const missing = tables.flatMap((table) =>
      Object.entries(TABLES[table] as Record<string, ColumnSpec>).flatMap(([column, spec]) =>
        present.has(`${table}.${column}`) ? [] : [{ name: `${table}.${column}`, newer: spec.newer === true }],
      ),
    );
    const required = missing.filter((m) => !m.newer).map((m) => m.name);
    if (required.length > 0) throw new LegacySchemaError(required);

    const read = async <Row>(table: keyof typeof TABLES, orderBy: string): Promise<Row[]> => {
      const list = selectList(table, present);
      const params = list.includes('$1') ? [zone] : [];
      return (await client.query(`select ${list} from ${quoteIdentifier(table)} order by ${orderBy}`, params)).rows as Row[];
    };
    const data: LegacyData = {
      timeZone: zone,
      missingColumns: missing.map((m) => m.name),
      empresas: await read('empresas', 'id'),
      usuarios: await read('usuarios', 'id'),
      routers: await read('routers', 'id'),
      productos: await read('productos', 'id'),
      apiKeys: await read('api_keys_tracking', 'key_id'),
      transacciones: await read('transacciones', 'id'),
    };
    await client.query('commit');
    return data;
  } finally {
    await client.end();
  }
}
