/**
 * An admin's sign-in, shared by the Bearer-token login (scripts) and the console's cookie session:
 * the same throttle, the same answers for a wrong password, an inactive user or empresa.
 */
import { findCompany } from '../db/companies.js';
import { findUserByEmail, insertSession, setUserPasswordHash, type UserRow } from '../db/users.js';
import { hashPassword, needsRehash, verifyPassword } from '../security/passwords.js';
import { issueToken } from '../security/tokens.js';
import type { AppContext } from './context.js';
import { HttpError, unauthorized } from './errors.js';

const SESSION_TOKEN_PREFIX = 'hss_';

export interface SignedIn {
  /** The session token, to hand out once (the database keeps its hash). */
  token: string;
  expiresAt: Date;
  user: UserRow;
}

/** Checks the credentials and opens a session (401/403/429 as HttpError or TooManyAttemptsError). */
export async function signIn(ctx: AppContext, credentials: { email: string; password: string }, ip: string): Promise<SignedIn> {
  const email = credentials.email.trim().toLowerCase();
  const attempt = await ctx.loginThrottle.begin(email, ip);
  const user = await findUserByEmail(ctx.db, email);
  const passwordMatches = await verifyPassword(credentials.password, user?.password_hash);
  // An inactive account gets the same answer whatever the password, so it does not confirm a guess.
  if (user && !user.activo) throw new HttpError(403, 'Usuario inactivo');
  if (user?.empresa_id && !(await findCompany(ctx.db, user.empresa_id))?.activa) {
    throw new HttpError(403, 'Empresa inactiva');
  }
  if (!user || !passwordMatches) throw unauthorized('Email o contraseña incorrectos');
  await attempt.succeeded();
  if (needsRehash(user.password_hash)) await setUserPasswordHash(ctx.db, user.id, await hashPassword(credentials.password));
  const { token, hash } = issueToken(SESSION_TOKEN_PREFIX);
  const expiresAt = new Date(ctx.now().getTime() + ctx.config.sessionTtlHours * 3_600_000);
  await insertSession(ctx.db, { tokenHash: hash, userId: user.id, expiresAt });
  return { token, expiresAt, user };
}

/** The user as the login answers show it (never the password hash). */
export function publicUser(user: UserRow) {
  const { id, email, nombre, rol, empresa_id, activo } = user;
  return { id, email, nombre, rol, empresa_id, activo };
}
