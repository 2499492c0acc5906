/**
 * Start-up provisioning: the first super admin, from SUPER_ADMIN_EMAIL / SUPER_ADMIN_PASSWORD, or
 * generated in embedded mode when those are not set.
 */
import { randomBytes } from 'node:crypto';
import { access, chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from './db/connection.js';
import { hasSuperAdmin, insertUser } from './db/users.js';
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
  await insertUser(db, {
    email: credentials.email.toLowerCase(),
    password_hash: await hashPassword(credentials.password),
    nombre: 'Super admin',
    rol: 'super_admin',
    empresa_id: null,
  });
  return 'created';
}

/** The file, in the embedded data directory, that holds a generated first super admin's password. */
export const INITIAL_PASSWORD_FILE = 'initial-super-admin-password';
/** The email of a super admin generated because none was configured. */
export const GENERATED_SUPER_ADMIN_EMAIL = 'admin@hotspot.local';

/**
 * Embedded mode with no SUPER_ADMIN_* set: creates the first super admin with a random password
 * kept in a file only its owner can read, so `npm start` on a fresh machine can be logged in to
 * without ever printing the password.
 * @returns the email and the path of the password file.
 */
export async function createGeneratedSuperAdmin(db: Db, dataDir: string): Promise<{ email: string; passwordFile: string }> {
  const password = randomBytes(18).toString('base64url');
  const passwordFile = join(dataDir, INITIAL_PASSWORD_FILE);
  // No super admin exists, so a file an interrupted earlier start left holds a password nobody can
  // use: overwrite it (and tighten its mode, which writeFile sets only when it creates the file).
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  await chmod(passwordFile, 0o600);
  await ensureSuperAdmin(db, { email: GENERATED_SUPER_ADMIN_EMAIL, password });
  return { email: GENERATED_SUPER_ADMIN_EMAIL, passwordFile };
}

/**
 * The generated password file a first start left in the data directory, while it is still there
 * (a later start points at it rather than at a password nobody typed).
 * @returns its path, or undefined when it was deleted (or never written).
 */
export async function leftoverPasswordFile(dataDir: string): Promise<string | undefined> {
  const passwordFile = join(dataDir, INITIAL_PASSWORD_FILE);
  try {
    await access(passwordFile);
    return passwordFile;
  } catch {
    return undefined;
  }
}
