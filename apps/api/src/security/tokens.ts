/**
 * Opaque bearer tokens (admin sessions, router API keys): 32 random bytes, shown once, stored only
 * as their SHA-256 so a copy of the database lets nobody in.
 */
import { createHash, randomBytes } from 'node:crypto';

/** A token as issued: the value to hand out once, and the hash to store. */
export interface IssuedToken {
  token: string;
  hash: string;
}

/** Issues a new random token; the prefix (e.g. `hsk_`) makes leaked tokens recognisable. */
export function issueToken(prefix: string): IssuedToken {
  const token = `${prefix}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

/** The stored form of a token (hex SHA-256). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A random upper-case hex identifier with a prefix, e.g. `EMP_` + 10 hex digits. */
export function randomId(prefix: string, hexDigits: number): string {
  return (
    prefix +
    randomBytes(Math.ceil(hexDigits / 2))
      .toString('hex')
      .slice(0, hexDigits)
      .toUpperCase()
  );
}
