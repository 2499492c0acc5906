/**
 * `Idempotency-Key` on the payment routes: the same key with the same body gets the first answer
 * again (and the card is charged once); the same key with another body is refused (422). Keys are
 * per router (per API key's router). Stored answers hold hotspot passwords, so they are sealed.
 *
 * A claim names the transaction its request will create before anything leaves the process, and
 * holds the key under a lease. A key is handed to a new attempt only when its transaction cannot
 * have charged anything: it was never recorded (and the lease ran out), or the router failed before
 * the charge. Otherwise a retry answers what the transaction says (409 while it is unsettled), so
 * an error after the charge, or a crash, never leads to a second charge, and a crashed claim does
 * not answer 409 for ever: once reconciliation settles its transaction, the retry gets the outcome.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/connection.js';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
  takeOverIdempotencyKey,
  type IdempotencyRow,
} from '../db/idempotency-keys.js';
import { findTransaction, type TransactionRow } from '../db/transactions.js';
import type { SecretBox } from '../security/secret-box.js';
import { newTransactionId } from './purchase.js';

/** What to do with a request that carries a key. */
export type IdempotencyDecision =
  | { kind: 'proceed'; claim: KeyClaim }
  /** The first answer, as stored. */
  | { kind: 'replay'; statusCode: number; body: unknown }
  /** The first request ended without storing its answer, but its transaction is settled: answer from it (then `finish`). */
  | { kind: 'settled'; claim: KeyClaim; transaction: TransactionRow }
  | { kind: 'in-progress' }
  | { kind: 'mismatch' };

/** A key held for the request that creates `transactionId`. */
export interface KeyClaim {
  routerId: string;
  key: string;
  transactionId: string;
}

/** How long a running request holds its key before the key follows its transaction alone (longer than a purchase runs). */
export const IDEMPOTENCY_LEASE_MS = 120_000;

/** States in which a transaction's attempt is over and says how it ended. */
const SETTLED: ReadonlySet<TransactionRow['state']> = new Set(['paid', 'declined', 'reversed', 'needs_review', 'expired']);

/** Whether a transaction tells how its request ended: its attempt is over, or its cash reference was issued (the reference is the answer). */
function answers(tx: TransactionRow): boolean {
  return SETTLED.has(tx.state) || (tx.state === 'awaiting_payment' && tx.payment_reference !== null);
}

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
    private readonly leaseMs = IDEMPOTENCY_LEASE_MS,
  ) {}

  /** Claims the key for a new transaction, or says how the earlier request with it stands. */
  async begin(routerId: string, key: string, fingerprint: string): Promise<IdempotencyDecision> {
    const claim: KeyClaim = { routerId, key, transactionId: newTransactionId() };
    const now = this.now();
    const leaseUntil = new Date(now.getTime() + this.leaseMs);
    const result = await claimIdempotencyKey(this.db, { ...claim, requestHash: fingerprint, leaseUntil }, now);
    if (result.claimed) return { kind: 'proceed', claim };
    const { existing } = result;
    if (existing.request_hash !== fingerprint) return { kind: 'mismatch' };
    const tx = existing.transaction_id === null ? undefined : await this.transactionOf(existing);
    if (existing.status_code !== null && existing.response_sealed !== null) {
      // A stored refusal is stale once the charge turned out approved (news after a decline): answer the payment.
      if (tx?.state === 'paid' && existing.status_code !== 200)
        return { kind: 'settled', claim: { ...claim, transactionId: tx.id }, transaction: tx };
      return { kind: 'replay', statusCode: existing.status_code, body: JSON.parse(this.secrets.open(existing.response_sealed)) as unknown };
    }
    if (tx && answers(tx)) return { kind: 'settled', claim: { ...claim, transactionId: tx.id }, transaction: tx };
    // Nothing charged: no transaction recorded once the lease is over (the request died first), or the router failed.
    const leaseOver = existing.transaction_id !== null && existing.lease_until !== null && existing.lease_until < now;
    const nothingCharged = tx ? tx.state === 'router_failed' : leaseOver;
    if (nothingCharged && (await takeOverIdempotencyKey(this.db, existing, claim.transactionId, leaseUntil)))
      return { kind: 'proceed', claim };
    return { kind: 'in-progress' };
  }

  /** Stores the answer every retry with this key will get. */
  async finish(claim: KeyClaim, statusCode: number, body: unknown): Promise<void> {
    await completeIdempotencyKey(this.db, claim, statusCode, this.secrets.seal(JSON.stringify(body)));
  }

  /** Frees the key (its request left nothing that can have charged), so a retry runs anew. */
  async release(claim: KeyClaim): Promise<void> {
    await releaseIdempotencyKey(this.db, claim);
  }

  /**
   * After a request failed with an error: frees the key when its transaction was never recorded
   * (nothing left the process); otherwise the key stays with the transaction and retries follow it.
   */
  async releaseIfUnrecorded(claim: KeyClaim): Promise<void> {
    if (!(await findTransaction(this.db, claim.transactionId))) await this.release(claim);
  }

  private async transactionOf(row: IdempotencyRow): Promise<TransactionRow | undefined> {
    return row.transaction_id === null ? undefined : findTransaction(this.db, row.transaction_id, { routerId: row.router_id });
  }
}
