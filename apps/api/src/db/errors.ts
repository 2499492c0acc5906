/** Recognises PostgreSQL constraint violations (same SQLSTATE codes from pg and PGlite). */

const codeOf = (err: unknown): unknown => (err as { code?: unknown } | null)?.code;

/** A unique constraint refused the write (SQLSTATE 23505). */
export const isUniqueViolation = (err: unknown): boolean => codeOf(err) === '23505';

/** A foreign key refused the write or delete (SQLSTATE 23503). */
export const isForeignKeyViolation = (err: unknown): boolean => codeOf(err) === '23503';
