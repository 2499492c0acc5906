import { createHash } from 'node:crypto';

/** Where a charge stands at the fake gateway. */
export type FakeChargeStatus = 'approved' | 'declined' | 'pending' | 'refunded' | 'charged_back';

/** One charge the fake recorded: every card the fake was asked to charge and did charge (or decline). */
export interface FakeCharge {
  /** The gateway's id (Conekta `ord_…`; Mercado Pago a number, kept here as its decimal string). */
  id: string;
  gateway: 'conekta' | 'mercadopago';
  /** The caller's reference: Conekta `metadata.transaction_id`, Mercado Pago `external_reference`. */
  reference: string | undefined;
  amountCents: number;
  currency: string;
  token: string;
  status: FakeChargeStatus;
  idempotencyKey: string | undefined;
  createdAt: Date;
  /** The request body as sent, for tests that check what the client put on the wire. */
  request: Record<string, unknown>;
}

/** What a completed idempotency key answers again: the charge it made (as it stands now). */
export interface StoredAnswer {
  chargeId: string;
}

type KeyEntry = { state: 'running'; fingerprint: string } | { state: 'done'; fingerprint: string; answer: StoredAnswer };

/** The outcome of presenting an idempotency key. */
export type KeyClaim = { kind: 'new' } | { kind: 'replay'; answer: StoredAnswer } | { kind: 'in-progress' } | { kind: 'mismatch' };

/**
 * The charges of one fake gateway and its idempotency keys: the same key with the same body gets
 * the first answer again and charges nothing new, like the real gateways.
 */
export class ChargeLedger {
  readonly charges: FakeCharge[] = [];
  readonly #byId = new Map<string, FakeCharge>();
  readonly #keys = new Map<string, KeyEntry>();

  /** Claims `key` for a request whose body is `body`. */
  claim(key: string, body: unknown): KeyClaim {
    const fingerprint = fingerprintOf(body);
    const entry = this.#keys.get(key);
    if (!entry) {
      this.#keys.set(key, { state: 'running', fingerprint });
      return { kind: 'new' };
    }
    if (entry.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (entry.state === 'running') return { kind: 'in-progress' };
    return { kind: 'replay', answer: entry.answer };
  }

  /** Remembers the answer for `key`, so a retry replays it. */
  complete(key: string, answer: StoredAnswer): void {
    const entry = this.#keys.get(key);
    if (entry) this.#keys.set(key, { state: 'done', fingerprint: entry.fingerprint, answer });
  }

  /** Forgets `key`: nothing happened, so a retry may run again. */
  release(key: string): void {
    this.#keys.delete(key);
  }

  record(charge: FakeCharge): FakeCharge {
    this.charges.push(charge);
    this.#byId.set(charge.id, charge);
    return charge;
  }

  get(id: string): FakeCharge | undefined {
    return this.#byId.get(id);
  }

  byReference(reference: string): FakeCharge[] {
    return this.charges.filter((charge) => charge.reference === reference);
  }

  /** Changes a charge's status, as the gateway would later (a pending one approved, a refund, a chargeback). */
  setStatus(id: string, status: FakeChargeStatus): void {
    const charge = this.#byId.get(id);
    if (!charge) throw new Error(`no charge ${id}`);
    charge.status = status;
  }
}

function fingerprintOf(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}
