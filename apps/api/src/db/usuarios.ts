/** Admin users and their sessions. */
import type { Insertable, Selectable } from 'kysely';
import type { Db } from './connection.js';
import type { UsuariosTable } from './schema.js';

export type UsuarioRow = Selectable<UsuariosTable>;
export type NewUsuario = Insertable<UsuariosTable>;

export async function insertUsuario(db: Db, usuario: NewUsuario): Promise<UsuarioRow> {
  return db.insertInto('usuarios').values(usuario).returningAll().executeTakeFirstOrThrow();
}

export async function findUsuario(db: Db, id: number): Promise<UsuarioRow | undefined> {
  return db.selectFrom('usuarios').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUsuarioByEmail(db: Db, email: string): Promise<UsuarioRow | undefined> {
  return db.selectFrom('usuarios').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function listUsuarios(db: Db): Promise<UsuarioRow[]> {
  return db.selectFrom('usuarios').selectAll().orderBy('id').execute();
}

export async function hasSuperAdmin(db: Db): Promise<boolean> {
  const row = await db.selectFrom('usuarios').select('id').where('rol', '=', 'super_admin').limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function setUsuarioActivo(db: Db, id: number, activo: boolean): Promise<UsuarioRow | undefined> {
  return db.updateTable('usuarios').set({ activo }).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function setUsuarioPasswordHash(db: Db, id: number, passwordHash: string): Promise<void> {
  await db.updateTable('usuarios').set({ password_hash: passwordHash }).where('id', '=', id).execute();
}

export async function insertSession(db: Db, session: { tokenHash: string; usuarioId: number; expiresAt: Date }): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ token_hash: session.tokenHash, usuario_id: session.usuarioId, expires_at: session.expiresAt })
    .execute();
}

/** The user behind a live session: not revoked, not expired, user active (and their empresa active). */
export async function findSessionUser(db: Db, tokenHash: string, now: Date): Promise<UsuarioRow | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('usuarios', 'usuarios.id', 'sessions.usuario_id')
    .leftJoin('empresas', 'empresas.id', 'usuarios.empresa_id')
    .selectAll('usuarios')
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .where('usuarios.activo', '=', true)
    .where((eb) => eb.or([eb('usuarios.empresa_id', 'is', null), eb('empresas.activa', '=', true)]))
    .executeTakeFirst();
}

export async function revokeSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
}

/** Revokes every live session of a user, optionally sparing one (the caller's, after a password change). */
export async function revokeUserSessions(db: Db, usuarioId: number, now: Date, except?: string): Promise<void> {
  let query = db.updateTable('sessions').set({ revoked_at: now }).where('usuario_id', '=', usuarioId).where('revoked_at', 'is', null);
  if (except !== undefined) query = query.where('token_hash', '!=', except);
  await query.execute();
}
