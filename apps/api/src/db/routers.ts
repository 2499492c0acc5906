/** Routers and their API keys. Router passwords stay sealed here; keys are stored as SHA-256 only. */
import { CompiledQuery, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db } from './connection.js';
import { definedFields } from './defined.js';
import type { CompanyRow } from './companies.js';
import type { RouterApiKeysTable, RoutersTable } from './schema.js';

export type RouterRow = Selectable<RoutersTable>;
export type NewRouter = Insertable<RoutersTable>;
export type RouterChanges = Omit<Updateable<RoutersTable>, 'id' | 'empresa_id' | 'creado_en'>;
export type ApiKeyRow = Selectable<RouterApiKeysTable>;
export type NewApiKey = Omit<Insertable<RouterApiKeysTable>, 'router_id'>;

export async function insertRouter(db: Db, router: NewRouter, key: NewApiKey): Promise<{ router: RouterRow; key: ApiKeyRow }> {
  return db.transaction().execute(async (trx) => {
    const inserted = await trx.insertInto('routers').values(router).returningAll().executeTakeFirstOrThrow();
    const insertedKey = await trx
      .insertInto('router_api_keys')
      .values({ ...key, router_id: inserted.id })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { router: inserted, key: insertedKey };
  });
}

/** A router by id, optionally only within one empresa (tenant isolation lives in the query). */
export async function findRouter(db: Db, id: string, companyId?: string): Promise<RouterRow | undefined> {
  let query = db.selectFrom('routers').selectAll().where('id', '=', id);
  if (companyId !== undefined) query = query.where('empresa_id', '=', companyId);
  return query.executeTakeFirst();
}

export async function listRouters(db: Db, companyId: string): Promise<RouterRow[]> {
  return db.selectFrom('routers').selectAll().where('empresa_id', '=', companyId).orderBy('creado_en').orderBy('id').execute();
}

/** Applies the given changes; undefined fields are left as they are. */
export async function updateRouter(db: Db, id: string, companyId: string, changes: RouterChanges): Promise<RouterRow | undefined> {
  const defined = definedFields(changes);
  if (Object.keys(defined).length === 0) return findRouter(db, id, companyId);
  return db.updateTable('routers').set(defined).where('id', '=', id).where('empresa_id', '=', companyId).returningAll().executeTakeFirst();
}

/** Deletes a router with its keys and plans. @returns false when it does not exist in that empresa. */
export async function deleteRouter(db: Db, id: string, companyId: string): Promise<boolean> {
  const result = await db.deleteFrom('routers').where('id', '=', id).where('empresa_id', '=', companyId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * Revokes every unrevoked key of the router and issues `key` in the same transaction.
 * @returns the new key, and how many keys it revoked.
 */
export async function replaceApiKey(db: Db, routerId: string, key: NewApiKey, now: Date): Promise<{ key: ApiKeyRow; revoked: number }> {
  return db.transaction().execute(async (trx) => {
    const revoked = await trx
      .updateTable('router_api_keys')
      .set({ revoked_at: now })
      .where('router_id', '=', routerId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const inserted = await trx
      .insertInto('router_api_keys')
      .values({ ...key, router_id: routerId })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { key: inserted, revoked: Number(revoked.numUpdatedRows) };
  });
}

export async function listApiKeys(db: Db, routerId: string): Promise<ApiKeyRow[]> {
  return db
    .selectFrom('router_api_keys')
    .selectAll()
    .where('router_id', '=', routerId)
    .orderBy('issued_at', 'desc')
    .orderBy('key_id')
    .execute();
}

/**
 * Revokes one key.
 * @returns the key and whether this call revoked it (false: it was revoked already), or undefined
 *   when the router has no such key.
 */
export async function revokeApiKey(
  db: Db,
  routerId: string,
  keyId: string,
  now: Date,
): Promise<{ key: ApiKeyRow; revokedNow: boolean } | undefined> {
  const revoked = await db
    .updateTable('router_api_keys')
    .set({ revoked_at: now })
    .where('router_id', '=', routerId)
    .where('key_id', '=', keyId)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (revoked) return { key: revoked, revokedNow: true };
  const key = await db
    .selectFrom('router_api_keys')
    .selectAll()
    .where('router_id', '=', routerId)
    .where('key_id', '=', keyId)
    .executeTakeFirst();
  return key && { key, revokedNow: false };
}

/** What an API key opens: its router and the router's empresa. */
export interface ApiKeyGrant {
  keyId: string;
  router: RouterRow;
  company: CompanyRow;
}

/** Every column of a row type, checked by the compiler (a column added to the table must be added here). */
const columnsOf = <Row>(columns: Record<keyof Row, true>) => Object.keys(columns) as Array<keyof Row & string>;

const ROUTER_COLUMNS = columnsOf<RouterRow>({
  id: true,
  empresa_id: true,
  nombre: true,
  host: true,
  puerto: true,
  usuario: true,
  password_sealed: true,
  ubicacion: true,
  activo: true,
  creado_en: true,
  tls: true,
  tls_mode: true,
  tls_ca_pem: true,
});

const EMPRESA_COLUMNS = columnsOf<CompanyRow>({
  id: true,
  nombre: true,
  contacto_email: true,
  contacto_telefono: true,
  activa: true,
  creada_en: true,
  conekta_public_key: true,
  conekta_private_key_sealed: true,
  conekta_mode: true,
  mercadopago_public_key: true,
  mercadopago_access_token_sealed: true,
  mercadopago_mode: true,
  mercadopago_webhook_secret_sealed: true,
  zona_horaria: true,
  primary_color: true,
  secondary_color: true,
  sells_cash: true,
  telegram_bot_token_sealed: true,
  telegram_chat_id: true,
  telegram_notifications: true,
});

/**
 * The API-key check runs on every portal call, so it is one statement, written once: the text is
 * built here rather than by the query builder on each call. It records the use (when, and one more
 * in the old service's `use_count`) on the key row it finds and returns the key's router and
 * empresa; router and empresa share column names (`id`, `nombre`), so each table's come back under
 * a prefix.
 */
const GRANT_QUERY = `update router_api_keys k set last_used_at = $2, use_count = k.use_count + 1
  from routers r join empresas e on e.id = r.empresa_id
  where k.key_hash = $1 and k.revoked_at is null and k.expires_at > $2 and r.id = k.router_id and r.activo and e.activa
  returning k.key_id, ${[
    ...ROUTER_COLUMNS.map((column) => `r.${column} as router_${column}`),
    ...EMPRESA_COLUMNS.map((column) => `e.${column} as empresa_${column}`),
  ].join(', ')}`;

interface GrantRow extends Record<string, unknown> {
  key_id: string;
}

function unprefixed<Row>(row: GrantRow, prefix: string, columns: ReadonlyArray<keyof Row & string>): Row {
  return Object.fromEntries(columns.map((column) => [column, row[`${prefix}${column}`]])) as Row;
}

/**
 * Resolves a key hash to its router and empresa when the key is live (not revoked, not expired)
 * and both router and empresa are active, and records the use, as the old service did on every call.
 */
export async function findApiKeyGrant(db: Db, keyHash: string, now: Date): Promise<ApiKeyGrant | undefined> {
  const { rows } = await db.executeQuery<GrantRow>(CompiledQuery.raw(GRANT_QUERY, [keyHash, now]));
  const row = rows[0];
  if (!row) return undefined;
  return {
    keyId: row.key_id,
    router: unprefixed<RouterRow>(row, 'router_', ROUTER_COLUMNS),
    company: unprefixed<CompanyRow>(row, 'empresa_', EMPRESA_COLUMNS),
  };
}

/** Keys of the empresa's routers that open them now: not revoked, not expired. */
export async function countLiveApiKeys(db: Db, companyId: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('router_api_keys as k')
    .innerJoin('routers as r', 'r.id', 'k.router_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('r.empresa_id', '=', companyId)
    .where('k.revoked_at', 'is', null)
    .where('k.expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Router counts, for one empresa or (undefined) all of them. */
export async function countRouters(db: Db, companyId: string | undefined): Promise<{ total: number; activos: number }> {
  let query = db
    .selectFrom('routers')
    .select((eb) => [eb.fn.countAll<string>().as('total'), eb.fn.count<string>('id').filterWhere('activo', '=', true).as('activos')]);
  if (companyId !== undefined) query = query.where('empresa_id', '=', companyId);
  const row = await query.executeTakeFirstOrThrow();
  return { total: Number(row.total), activos: Number(row.activos) };
}
