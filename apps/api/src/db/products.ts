/** Plans (productos) on sale at a router. Prices are integer cents. */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from './connection.js';
import { definedFields } from './defined.js';
import type { ProductsTable } from './schema.js';

export type ProductRow = Selectable<ProductsTable>;
export type NewProduct = Insertable<ProductsTable>;
export type ProductChanges = Omit<Updateable<ProductsTable>, 'id' | 'empresa_id' | 'creado_en'>;

export async function insertProduct(db: Db, product: NewProduct): Promise<ProductRow> {
  return db.insertInto('productos').values(product).returningAll().executeTakeFirstOrThrow();
}

/** A plan by id within one empresa (tenant isolation lives in the query). */
export async function findProduct(db: Db, id: number, companyId: string): Promise<ProductRow | undefined> {
  return db.selectFrom('productos').selectAll().where('id', '=', id).where('empresa_id', '=', companyId).executeTakeFirst();
}

/** The empresa's plan selling `profileId` (a RouterOS profile's `.id`) on the router, if any. */
export async function findProductOfProfile(
  db: Db,
  companyId: string,
  routerId: string,
  profileId: string,
): Promise<ProductRow | undefined> {
  return db
    .selectFrom('productos')
    .selectAll()
    .where('empresa_id', '=', companyId)
    .where('router_id', '=', routerId)
    .where('perfil_mikrotik_id', '=', profileId)
    .executeTakeFirst();
}

/**
 * The empresa's plans by `orden_visual`; within one position the catalogue shows featured plans first,
 * and the admin list (`newestFirst`, as the old admin route sorted) the newest first.
 */
export async function listProducts(
  db: Db,
  companyId: string,
  filter: { routerId?: string; onlyActive?: boolean; newestFirst?: boolean } = {},
): Promise<ProductRow[]> {
  let query = db.selectFrom('productos').selectAll().where('empresa_id', '=', companyId);
  if (filter.routerId !== undefined) query = query.where('router_id', '=', filter.routerId);
  if (filter.onlyActive) query = query.where('activo', '=', true);
  query = query.orderBy('orden_visual');
  if (filter.newestFirst) return query.orderBy('creado_en', 'desc').orderBy('id', 'desc').execute();
  return query.orderBy('destacado', 'desc').orderBy('id').execute();
}

/** Applies the given changes; undefined fields are left as they are. */
export async function updateProduct(db: Db, id: number, companyId: string, changes: ProductChanges): Promise<ProductRow | undefined> {
  const defined = definedFields(changes);
  if (Object.keys(defined).length === 0) return findProduct(db, id, companyId);
  return db
    .updateTable('productos')
    .set(defined)
    .where('id', '=', id)
    .where('empresa_id', '=', companyId)
    .returningAll()
    .executeTakeFirst();
}

/** How many active plans an empresa (or, undefined, every empresa) has. */
/** Active plans of one empresa, of one router, or (neither given) of all. */
export async function countActiveProducts(db: Db, scope: { companyId?: string; routerId?: string }): Promise<number> {
  let query = db
    .selectFrom('productos')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('activo', '=', true);
  if (scope.companyId !== undefined) query = query.where('empresa_id', '=', scope.companyId);
  if (scope.routerId !== undefined) query = query.where('router_id', '=', scope.routerId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}
