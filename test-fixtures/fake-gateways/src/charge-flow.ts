import { randomBytes } from 'node:crypto';
import type { ChargeLedger, FakeCashVoucher, FakeCharge } from './ledger.js';
import type { FakeAnswer, FakeRequest } from './server.js';
import { behaviourOf, declineOf, type TokenBehaviour } from './tokens.js';
import type { CardTokens, TakenToken } from './card-tokens.js';

/** What a gateway's request parser extracts from a valid charge request. */
export interface ChargeRequest {
  reference: string | undefined;
  amountCents: number;
  currency: string;
  /** How it is paid: a card token, or a cash voucher the request asked for. */
  payment: { token: string } | { cash: FakeCashVoucher };
  idempotencyKey: string | undefined;
}

/** The gateway-specific parts of a charge. */
export interface ChargeStyle {
  gateway: FakeCharge['gateway'];
  newId(): string;
  /** The HTTP answer that shows `charge` (approved, pending, declined). */
  render(charge: FakeCharge): { status: number; body: unknown };
  error(status: number, message: string): { status: number; body: unknown };
  /** The tokens this gateway's browser stand-in minted. */
  tokens: CardTokens;
  /** The answer to a minted token presented a second time. */
  tokenUsed(): { status: number; body: unknown };
}

/** A cash voucher is issued and waits for the store payment. */
const CASH_ISSUED: TokenBehaviour = { chargeStatus: 'pending', answer: 'normal' };

/**
 * The charge protocol shared by both fakes: idempotency key first (replay, conflict, mismatch),
 * then the token decides whether a charge is recorded and how (or whether) the answer comes;
 * a cash payment is always recorded pending.
 */
export function runCharge(ledger: ChargeLedger, style: ChargeStyle, request: FakeRequest, charge: ChargeRequest): FakeAnswer {
  const key = charge.idempotencyKey;
  if (key !== undefined) {
    const claim = ledger.claim(key, request.body);
    if (claim.kind === 'mismatch') return style.error(422, 'idempotency key reused with a different request');
    if (claim.kind === 'in-progress') return style.error(409, 'a request with this idempotency key is in progress');
    if (claim.kind === 'replay') return style.render(ledger.get(claim.answer.chargeId) as FakeCharge);
  }
  const payment = charge.payment;
  let taken: TakenToken | undefined;
  if ('token' in payment) {
    const minted = style.tokens.take(payment.token);
    if (minted === 'used') {
      if (key !== undefined) ledger.release(key);
      return style.tokenUsed();
    }
    taken = minted;
  }
  const behaviour = 'cash' in payment ? CASH_ISSUED : (taken?.behaviour ?? behaviourOf(payment.token));
  const createdAt = ledger.now();
  const recorded =
    behaviour.chargeStatus === undefined
      ? undefined
      : ledger.record({
          id: style.newId(),
          gateway: style.gateway,
          reference: charge.reference,
          amountCents: charge.amountCents,
          currency: charge.currency,
          token: 'token' in payment ? payment.token : undefined,
          ...('cash' in payment ? { cash: payment.cash } : {}),
          ...(taken ? { card: taken.card } : {}),
          ...(behaviour.chargeStatus === 'declined' ? { decline: declineOf(behaviour) } : {}),
          status: behaviour.chargeStatus,
          idempotencyKey: key,
          createdAt,
          ...(behaviour.chargeStatus === 'approved' ? { paidAt: createdAt } : {}),
          request: request.body as Record<string, unknown>,
        });
  if (key !== undefined) {
    if (recorded) ledger.complete(key, { chargeId: recorded.id });
    // An uncharged hang keeps its key "running", as a gateway still working on it would.
    else if (behaviour.answer !== 'hang') ledger.release(key);
  }
  if (behaviour.answer === 'hang') return 'hang';
  if (behaviour.answer === 'server-error') return style.error(500, 'internal server error');
  return style.render(recorded as FakeCharge);
}

/** A random id in a gateway's style. */
export function randomId(prefix: string): string {
  return prefix + randomBytes(9).toString('base64url');
}
