/** Router API keys as issued: `hsk_` + 32 random bytes, stored as SHA-256, valid API_KEY_TTL_DAYS. */
import type { NewApiKey } from '../db/routers.js';
import { hashToken, issueToken, randomId } from '../security/tokens.js';
import type { AppContext } from './context.js';

const API_KEY_PREFIX = 'hsk_';
const LEGACY_API_KEY_PREFIX = 'jwt_';

/**
 * The stored hash of a presented key. The old service's `jwt_…` keys (imported from its database)
 * were stored as the SHA-256 of the part after `jwt_` (LEGACY-API.md §1.3); this service's keys as
 * the SHA-256 of the whole key.
 */
export function apiKeyHash(key: string): string {
  return hashToken(key.startsWith(LEGACY_API_KEY_PREFIX) ? key.slice(LEGACY_API_KEY_PREFIX.length) : key);
}

/** A fresh key: the value to show once, and the row to store. */
export function newApiKey(ctx: AppContext): { apiKey: string; row: NewApiKey } {
  const { token, hash } = issueToken(API_KEY_PREFIX);
  const issuedAt = ctx.now();
  const expiresAt = new Date(issuedAt.getTime() + ctx.config.apiKeyTtlDays * 86_400_000);
  return { apiKey: token, row: { key_id: randomId('KEY_', 8), key_hash: hash, issued_at: issuedAt, expires_at: expiresAt } };
}
