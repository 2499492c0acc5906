/** Empresas (tenants): their contact data and gateway settings (secrets stay sealed here). */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from './connection.js';
import { definedFields } from './defined.js';
import type { CompaniesTable } from './schema.js';

export type CompanyRow = Selectable<CompaniesTable>;
export type NewCompany = Insertable<CompaniesTable>;
export type CompanyChanges = Omit<Updateable<CompaniesTable>, 'id' | 'creada_en'>;

/** The gateway columns of an empresa that has configured no gateway yet. */
export const NO_GATEWAY_SETTINGS = {
  conekta_public_key: null,
  conekta_private_key_sealed: null,
  conekta_mode: null,
  mercadopago_public_key: null,
  mercadopago_access_token_sealed: null,
  mercadopago_mode: null,
  mercadopago_webhook_secret_sealed: null,
} as const satisfies Partial<NewCompany>;

export async function insertCompany(db: Db, company: NewCompany): Promise<CompanyRow> {
  return db.insertInto('empresas').values(company).returningAll().executeTakeFirstOrThrow();
}

export async function findCompany(db: Db, id: string): Promise<CompanyRow | undefined> {
  return db.selectFrom('empresas').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listCompanies(db: Db): Promise<CompanyRow[]> {
  return db.selectFrom('empresas').selectAll().orderBy('creada_en').orderBy('id').execute();
}

/** Applies the given changes; undefined fields are left as they are. */
export async function updateCompany(db: Db, id: string, changes: CompanyChanges): Promise<CompanyRow | undefined> {
  const defined = definedFields(changes);
  if (Object.keys(defined).length === 0) return findCompany(db, id);
  return db.updateTable('empresas').set(defined).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function countCompanies(db: Db): Promise<{ total: number; activas: number }> {
  const row = await db
    .selectFrom('empresas')
    .select((eb) => [eb.fn.countAll<string>().as('total'), eb.fn.count<string>('id').filterWhere('activa', '=', true).as('activas')])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), activas: Number(row.activas) };
}
