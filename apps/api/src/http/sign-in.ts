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

/**
 * `local@domain`, alone or as `Name <local@domain>`: the forms the old service's `EmailStr` took (a
 * domain without a dot too: SUPER_ADMIN_EMAIL may be `admin@localhost`).
 */
const EMAIL = /^(?:[^<>]*<\s*([^\s@<>]+@[^\s@<>]+)\s*>|([^\s@<>]+@[^\s@<>]+))$/;

/** The address a login names, lower-cased; 422 for what is no e-mail address at all (as the old service answered). */
function loginEmail(input: string): string {
  const match = EMAIL.exec(input.trim());
  const address = match?.[1] ?? match?.[2];
  if (address === undefined) throw new HttpError(422, 'email: no es una dirección de correo válida');
  return address.toLowerCase();
}

/** Checks the credentials and opens a session (401/422 as HttpError, 429 as TooManyAttemptsError). */
export async function signIn(ctx: AppContext, credentials: { email: string; password: string }, ip: string): Promise<SignedIn> {
  const email = loginEmail(credentials.email);
  const attempt = await ctx.loginThrottle.begin(email, ip);
  const user = await findUserByEmail(ctx.db, email);
  const passwordMatches = await verifyPassword(credentials.password, user?.password_hash);
  // An inactive account gets the same answer whatever the password (as the old service's did), so it
  // does not confirm a guess.
  if (user && !user.activo) throw unauthorized('Usuario inactivo. Contacta al administrador.');
  if (user?.empresa_id && !(await findCompany(ctx.db, user.empresa_id))?.activa) {
    throw unauthorized('Empresa inactiva. Contacta al administrador.');
  }
  if (!user || !passwordMatches) throw unauthorized('Credenciales incorrectas');
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
