/** Plans (productos) on sale at a router. Prices are integer cents. */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from './connection.js';
import { definedFields } from './defined.js';
import type { ProductosTable } from './schema.js';

export type ProductoRow = Selectable<ProductosTable>;
export type NewProducto = Insertable<ProductosTable>;
export type ProductoChanges = Omit<Updateable<ProductosTable>, 'id' | 'empresa_id' | 'creado_en'>;

export async function insertProducto(db: Db, producto: NewProducto): Promise<ProductoRow> {
  return db.insertInto('productos').values(producto).returningAll().executeTakeFirstOrThrow();
}

/** A plan by id within one empresa (tenant isolation lives in the query). */
export async function findProducto(db: Db, id: number, empresaId: string): Promise<ProductoRow | undefined> {
  return db.selectFrom('productos').selectAll().where('id', '=', id).where('empresa_id', '=', empresaId).executeTakeFirst();
}

export async function listProductos(
  db: Db,
  empresaId: string,
  filter: { routerId?: string; onlyActive?: boolean } = {},
): Promise<ProductoRow[]> {
  let query = db.selectFrom('productos').selectAll().where('empresa_id', '=', empresaId);
  if (filter.routerId !== undefined) query = query.where('router_id', '=', filter.routerId);
  if (filter.onlyActive) query = query.where('activo', '=', true);
  return query.orderBy('orden_visual').orderBy('destacado', 'desc').orderBy('id').execute();
}

/** Applies the given changes; undefined fields are left as they are. */
export async function updateProducto(db: Db, id: number, empresaId: string, changes: ProductoChanges): Promise<ProductoRow | undefined> {
  const defined = definedFields(changes);
  if (Object.keys(defined).length === 0) return findProducto(db, id, empresaId);
  return db
    .updateTable('productos')
    .set(defined)
    .where('id', '=', id)
    .where('empresa_id', '=', empresaId)
    .returningAll()
    .executeTakeFirst();
}

/** How many active plans an empresa (or, undefined, every empresa) has. */
export async function countActiveProductos(db: Db, empresaId: string | undefined): Promise<number> {
  let query = db
    .selectFrom('productos')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('activo', '=', true);
  if (empresaId !== undefined) query = query.where('empresa_id', '=', empresaId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}
