/** Comparing secrets (passwords, challenge responses) in time that does not depend on their content. */
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * True when the two byte strings are equal. Both are hashed first, so the lengths match and
 * the comparison time says nothing about where (or whether) they differ.
 */
export function sameSecret(given: Uint8Array, expected: Uint8Array): boolean {
  const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
