/**
 * `Idempotency-Key` on the payment routes: the same key with the same body gets the first answer
 * again (and the card is charged once); the same key with another body is refused (422); the same
 * key while the first request still runs answers 409. Keys are per router (per API key's router).
 * Stored answers hold hotspot passwords, so they are sealed.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/connection.js';
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey } from '../db/transactions.js';
import type { SecretBox } from '../security/secret-box.js';

/** What to do with a request that carries a key. */
export type IdempotencyDecision =
  | { kind: 'proceed' }
  | { kind: 'replay'; statusCode: number; body: unknown }
  | { kind: 'in-progress' }
  | { kind: 'mismatch' };

/** A stable hash of what the request asks for: the route and the body, keys sorted. */
export function requestFingerprint(route: string, body: unknown): string {
  return createHash('sha256').update(route).update('\n').update(stableJson(body)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The idempotency store of the payment routes. */
export class IdempotencyKeys {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
    private readonly now: () => Date,
  ) {}

  /** Claims the key, or says how the earlier request with it stands. */
  async begin(routerId: string, key: string, fingerprint: string): Promise<IdempotencyDecision> {
    const claim = await claimIdempotencyKey(this.db, routerId, key, fingerprint, this.now());
    if (claim.claimed) return { kind: 'proceed' };
    const { existing } = claim;
    if (existing.request_hash !== fingerprint) return { kind: 'mismatch' };
    if (existing.status_code === null || existing.response_sealed === null) return { kind: 'in-progress' };
    return { kind: 'replay', statusCode: existing.status_code, body: JSON.parse(this.secrets.open(existing.response_sealed)) as unknown };
  }

  /** Stores the answer every retry with this key will get. */
  async finish(routerId: string, key: string, statusCode: number, body: unknown): Promise<void> {
    await completeIdempotencyKey(this.db, routerId, key, statusCode, this.secrets.seal(JSON.stringify(body)));
  }

  /** Frees the key (the request ended without an answer worth repeating), so a retry runs anew. */
  async abandon(routerId: string, key: string): Promise<void> {
    await releaseIdempotencyKey(this.db, routerId, key);
  }
}
