/** Router API keys as issued: `hsk_` + 32 random bytes, stored as SHA-256, valid API_KEY_TTL_DAYS. */
import type { NewApiKey } from '../db/routers.js';
import { issueToken, randomId } from '../security/tokens.js';
import type { AppContext } from './context.js';

const API_KEY_PREFIX = 'hsk_';

/** A fresh key: the value to show once, and the row to store. */
export function newApiKey(ctx: AppContext): { apiKey: string; row: NewApiKey } {
  const { token, hash } = issueToken(API_KEY_PREFIX);
  const issuedAt = ctx.now();
  const expiresAt = new Date(issuedAt.getTime() + ctx.config.apiKeyTtlDays * 86_400_000);
  return { apiKey: token, row: { key_id: randomId('KEY_', 8), key_hash: hash, issued_at: issuedAt, expires_at: expiresAt } };
}
