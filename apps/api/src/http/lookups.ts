/**
 * Loads a record for a route or answers 404. A scope (empresa id) makes another empresa's record
 * look exactly like a missing one.
 */
import { findCompany, type CompanyRow } from '../db/companies.js';
import { findProduct, type ProductRow } from '../db/products.js';
import { findRouter, type RouterRow } from '../db/routers.js';
import type { UserRow } from '../db/users.js';
import type { AppContext } from './context.js';
import { notFound } from './errors.js';

export async function requireCompany(ctx: AppContext, companyId: string): Promise<CompanyRow> {
  const company = await findCompany(ctx.db, companyId);
  if (!company) throw notFound('Empresa no encontrada');
  return company;
}

/**
 * @param companyId limit the search to this empresa; undefined searches all (super admin).
 * @param detail the 404's words (the old service's differ per route).
 */
export async function requireRouter(
  ctx: AppContext,
  routerId: string,
  companyId: string | undefined,
  detail = 'Router no encontrado',
): Promise<RouterRow> {
  const router = await findRouter(ctx.db, routerId, companyId);
  if (!router) throw notFound(detail);
  return router;
}

/** One of the empresa's plans; an id (from a path or a body) that is not a serial number is not found either. */
export async function requireProduct(
  ctx: AppContext,
  productId: string | number,
  companyId: string,
  detail = 'Producto no encontrado',
): Promise<ProductRow> {
  const id = String(productId);
  const product = /^\d{1,9}$/.test(id) ? await findProduct(ctx.db, Number(id), companyId) : undefined;
  if (!product) throw notFound(detail);
  return product;
}

/** The empresa a client admin is limited to; undefined for a super admin (every empresa). */
export function scopeOf(admin: UserRow): string | undefined {
  return admin.rol === 'super_admin' ? undefined : admin.empresa_id!;
}
