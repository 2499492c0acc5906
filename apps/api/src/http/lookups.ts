/**
 * Loads a record for a route or answers 404. A scope (empresa id) makes another empresa's record
 * look exactly like a missing one.
 */
import { findEmpresa, type EmpresaRow } from '../db/empresas.js';
import { findProducto, type ProductoRow } from '../db/productos.js';
import { findRouter, type RouterRow } from '../db/routers.js';
import type { UsuarioRow } from '../db/usuarios.js';
import type { AppContext } from './context.js';
import { notFound } from './errors.js';

export async function requireEmpresa(ctx: AppContext, empresaId: string): Promise<EmpresaRow> {
  const empresa = await findEmpresa(ctx.db, empresaId);
  if (!empresa) throw notFound('Empresa no encontrada');
  return empresa;
}

/** @param empresaId limit the search to this empresa; undefined searches all (super admin). */
export async function requireRouter(ctx: AppContext, routerId: string, empresaId: string | undefined): Promise<RouterRow> {
  const router = await findRouter(ctx.db, routerId, empresaId);
  if (!router) throw notFound('Router no encontrado');
  return router;
}

/** One of the empresa's plans; an id (from a path or a body) that is not a serial number is not found either. */
export async function requireProducto(ctx: AppContext, productoId: string | number, empresaId: string): Promise<ProductoRow> {
  const id = String(productoId);
  const producto = /^\d{1,9}$/.test(id) ? await findProducto(ctx.db, Number(id), empresaId) : undefined;
  if (!producto) throw notFound('Producto no encontrado');
  return producto;
}

/** The empresa a client admin is limited to; undefined for a super admin (every empresa). */
export function scopeOf(admin: UsuarioRow): string | undefined {
  return admin.rol === 'super_admin' ? undefined : admin.empresa_id!;
}
