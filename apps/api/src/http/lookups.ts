/**
 * Loads a record for a route or answers 404. A scope (empresa id) makes another empresa's record
 * look exactly like a missing one.
 */
import { findEmpresa, type EmpresaRow } from '../db/empresas.js';
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

/** The empresa a client admin is limited to; undefined for a super admin (every empresa). */
export function scopeOf(admin: UsuarioRow): string | undefined {
  return admin.rol === 'super_admin' ? undefined : admin.empresa_id!;
}
