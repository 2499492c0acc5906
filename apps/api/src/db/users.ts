/** Admin users and their sessions. */
import type { Insertable, Selectable } from 'kysely';
import type { Db } from './connection.js';
import type { Role, UsersTable } from './schema.js';

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;

export async function insertUser(db: Db, user: NewUser): Promise<UserRow> {
  return db.insertInto('usuarios').values(user).returningAll().executeTakeFirstOrThrow();
}

export async function findUser(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('usuarios').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('usuarios').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

/** Admin users, optionally only those of one role and/or one empresa (exact matches). */
export async function listUsers(db: Db, filter: { rol?: Role; companyId?: string } = {}): Promise<UserRow[]> {
  let query = db.selectFrom('usuarios').selectAll();
  if (filter.rol !== undefined) query = query.where('rol', '=', filter.rol);
  if (filter.companyId !== undefined) query = query.where('empresa_id', '=', filter.companyId);
  return query.orderBy('id').execute();
}

/** Admin users of one empresa, or (undefined) of every empresa and the super admins. */
export async function countUsers(db: Db, companyId: string | undefined): Promise<number> {
  let query = db.selectFrom('usuarios').select((eb) => eb.fn.countAll<string>().as('n'));
  if (companyId !== undefined) query = query.where('empresa_id', '=', companyId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export async function hasSuperAdmin(db: Db): Promise<boolean> {
  const row = await db.selectFrom('usuarios').select('id').where('rol', '=', 'super_admin').limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function setUserActive(db: Db, id: number, activo: boolean): Promise<UserRow | undefined> {
  return db.updateTable('usuarios').set({ activo }).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function setUserPasswordHash(db: Db, id: number, passwordHash: string): Promise<void> {
  await db.updateTable('usuarios').set({ password_hash: passwordHash }).where('id', '=', id).execute();
}

export async function insertSession(db: Db, session: { tokenHash: string; userId: number; expiresAt: Date }): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ token_hash: session.tokenHash, user_id: session.userId, expires_at: session.expiresAt })
    .execute();
}

/** The user behind a live session: not revoked, not expired, user active (and their empresa active). */
export async function findSessionUser(db: Db, tokenHash: string, now: Date): Promise<UserRow | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('usuarios', 'usuarios.id', 'sessions.user_id')
    .leftJoin('empresas', 'empresas.id', 'usuarios.empresa_id')
    .selectAll('usuarios')
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .where('usuarios.activo', '=', true)
    .where((eb) => eb.or([eb('usuarios.empresa_id', 'is', null), eb('empresas.activa', '=', true)]))
    .executeTakeFirst();
}

/** Whether the token names a session that ended by expiring (not revoked): its 401 says so. */
export async function isExpiredSession(db: Db, tokenHash: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('sessions')
    .select('token_hash')
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return row !== undefined;
}

export async function revokeSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
}

/** Revokes every live session of a user, optionally sparing one (the caller's, after a password change). */
export async function revokeUserSessions(db: Db, userId: number, now: Date, except?: string): Promise<void> {
  let query = db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (except !== undefined) query = query.where('token_hash', '!=', except);
  await query.execute();
}
