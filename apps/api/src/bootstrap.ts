/** Start-up provisioning: the first super admin, from SUPER_ADMIN_EMAIL / SUPER_ADMIN_PASSWORD. */
import type { Db } from './db/connection.js';
import { hasSuperAdmin, insertUsuario } from './db/usuarios.js';
import { hashPassword } from './security/passwords.js';

/**
 * Creates the super admin when none exists yet.
 * @returns 'created', 'exists' (a super admin is already there), or 'unconfigured' (no credentials given and none exists).
 */
export async function ensureSuperAdmin(
  db: Db,
  credentials: { email: string; password: string } | undefined,
): Promise<'created' | 'exists' | 'unconfigured'> {
  if (await hasSuperAdmin(db)) return 'exists';
  if (!credentials) return 'unconfigured';
  await insertUsuario(db, {
    email: credentials.email.toLowerCase(),
    password_hash: await hashPassword(credentials.password),
    nombre: 'Super admin',
    rol: 'super_admin',
    empresa_id: null,
  });
  return 'created';
}
