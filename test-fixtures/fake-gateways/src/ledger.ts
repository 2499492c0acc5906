import { createHash } from 'node:crypto';
import type { TokenizedCard } from './card-tokens.js';
import type { CardDecline } from './tokens.js';

/** Where a charge stands at the fake gateway. */
export type FakeChargeStatus = 'approved' | 'declined' | 'pending' | 'refunded' | 'charged_back' | 'expired';

/** The voucher of a cash payment: what the customer shows at the store, until when. */
export interface FakeCashVoucher {
  /** The method as the request named it: Conekta `cash` / `oxxo_cash`, Mercado Pago `oxxo` / `paycash` / `bancomer` / `banamex`. */
  method: string;
  /** The number the cashier types (Conekta `reference`, Mercado Pago `payment_method_reference_id`). */
  reference: string;
  /** The digits of the voucher's barcode (Conekta: the reference; Mercado Pago: `verification_code`). */
  barcode: string;
  /** After this the store refuses the voucher and the payment expires. */
  expiresAt: Date;
}

/** One charge the fake recorded: every card the fake was asked to charge and did charge (or decline), every cash voucher issued. */
export interface FakeCharge {
  /** The gateway's id (Conekta `ord_…`; Mercado Pago a number, kept here as its decimal string). */
  id: string;
  gateway: 'conekta' | 'mercadopago';
  /** The caller's reference: Conekta `metadata.transaction_id`, Mercado Pago `external_reference`. */
  reference: string | undefined;
  amountCents: number;
  currency: string;
  /** The card token; undefined for a cash payment. */
  token: string | undefined;
  /** Set for a cash payment. */
  cash?: FakeCashVoucher;
  /** The card, when the token was minted by the fake for a browser stand-in. */
  card?: TokenizedCard;
  /** Why the card was declined. */
  decline?: CardDecline;
  status: FakeChargeStatus;
  idempotencyKey: string | undefined;
  createdAt: Date;
  /** When the money arrived: the card's approval or the store payment. */
  paidAt?: Date;
  /** The request body as sent, for tests that check what the client put on the wire. */
  request: Record<string, unknown>;
  /** Refunds made through the API (the fakes refund whole charges only). */
  refunds?: FakeRefund[];
  /** Refund requests that reached the charge, refused ones included (a client that retries a refund shows here). */
  refundRequests?: number;
}

/** A refund of a charge, as the gateway recorded it. */
export interface FakeRefund {
  id: string;
  amountCents: number;
  createdAt: Date;
}

/** What a completed idempotency key answers again: the charge it made (as it stands now). */
export interface StoredAnswer {
  chargeId: string;
}

type KeyEntry = { state: 'running'; fingerprint: string } | { state: 'done'; fingerprint: string; answer: StoredAnswer };

/** The outcome of presenting an idempotency key. */
export type KeyClaim = { kind: 'new' } | { kind: 'replay'; answer: StoredAnswer } | { kind: 'in-progress' } | { kind: 'mismatch' };

/** A test control asked for something the gateway could not do (pay an expired voucher, a card charge at a store, an unknown id). */
export class FakeControlError extends Error {
  constructor(
    readonly chargeId: string,
    readonly reason: string,
  ) {
    super(`charge ${chargeId}: ${reason}`);
    this.name = 'FakeControlError';
  }
}

/**
 * The charges of one fake gateway and its idempotency keys: the same key with the same body gets
 * the first answer again and charges nothing new, like the real gateways. Cash vouchers whose
 * time is up on the injected clock are expired before anything reads a charge, as the gateway
 * would have done at `expiresAt`.
 */
export class ChargeLedger {
  readonly #charges: FakeCharge[] = [];
  readonly #byId = new Map<string, FakeCharge>();
  readonly #keys = new Map<string, KeyEntry>();
  #refundRefusal: string | undefined;

  constructor(readonly now: () => Date) {}

  /** Every charge, in the order recorded. */
  get charges(): readonly FakeCharge[] {
    this.#expireDue();
    return this.#charges;
  }

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
    this.#charges.push(charge);
    this.#byId.set(charge.id, charge);
    return charge;
  }

  get(id: string): FakeCharge | undefined {
    this.#expireDue();
    return this.#byId.get(id);
  }

  byReference(reference: string): FakeCharge[] {
    return this.charges.filter((charge) => charge.reference === reference);
  }

  /** The cash charge whose voucher has this barcode. */
  byBarcode(barcode: string): FakeCharge | undefined {
    return this.charges.find((charge) => charge.cash?.barcode === barcode);
  }

  /** Changes a charge's status, as the gateway would later (a pending one approved, a refund, a chargeback). */
  setStatus(id: string, status: FakeChargeStatus): void {
    const charge = this.#byId.get(id);
    if (!charge) throw new FakeControlError(id, 'no such charge');
    charge.status = status;
    if (status === 'approved') charge.paidAt ??= this.now();
  }

  /** From now on every refund is refused with `reason` (a gateway that will not give a charge back: too old, disputed), until called with undefined. */
  refuseRefunds(reason: string | undefined): void {
    this.#refundRefusal = reason;
  }

  /**
   * Refunds an approved charge in full, now, under the refund id `newId` makes.
   * @returns the refund, or why the gateway refuses it (refusing refunds, not approved, already refunded, another amount)
   */
  refund(id: string, amountCents: number, newId: () => string): FakeRefund | string {
    const charge = this.get(id);
    if (!charge) throw new FakeControlError(id, 'no such charge');
    charge.refundRequests = (charge.refundRequests ?? 0) + 1;
    if (this.#refundRefusal !== undefined) return this.#refundRefusal;
    if (charge.status !== 'approved') return `the charge is ${charge.status}, not approved`;
    if (amountCents !== charge.amountCents) return `only a full refund (${charge.amountCents}) is possible`;
    const refund = { id: newId(), amountCents, createdAt: this.now() };
    charge.refunds = [...(charge.refunds ?? []), refund];
    charge.status = 'refunded';
    return refund;
  }

  /** The customer pays the voucher at the store, now. */
  payCash(id: string): FakeCharge {
    const charge = this.#pendingCash(id);
    charge.status = 'approved';
    charge.paidAt = this.now();
    return charge;
  }

  /** The voucher runs out now (whatever its expiry said). */
  expireCash(id: string): FakeCharge {
    const charge = this.#pendingCash(id);
    (charge.cash as FakeCashVoucher).expiresAt = this.now();
    charge.status = 'expired';
    return charge;
  }

  #pendingCash(id: string): FakeCharge {
    const charge = this.get(id);
    if (!charge) throw new FakeControlError(id, 'no such charge');
    if (!charge.cash) throw new FakeControlError(id, 'not a cash payment');
    if (charge.status !== 'pending') throw new FakeControlError(id, `the voucher is ${charge.status}, not pending`);
    return charge;
  }

  #expireDue(): void {
    const now = this.now().getTime();
    for (const charge of this.#charges) {
      if (charge.cash && charge.status === 'pending' && charge.cash.expiresAt.getTime() <= now) charge.status = 'expired';
    }
  }
}

function fingerprintOf(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}
