/**
 * Card tokens the fakes understand. A real gateway tokenizes the card in the browser; here the token
 * itself says how the charge must end, so a test picks an outcome by picking a token.
 */
export const TEST_TOKENS = {
  /** The charge is approved. */
  approve: 'tok_test_approve',
  /** The charge is declined, with {@link DECLINE_REASON}. */
  decline: 'tok_test_decline',
  /** The charge stays pending (the gateway decides later; a test settles it with `setStatus`). */
  pending: 'tok_test_pending',
  /** The card IS charged, but the answer is a 500: the outcome the caller must not guess about. */
  serverError: 'tok_test_error_500',
  /** A 500 and no charge at all. */
  serverErrorUncharged: 'tok_test_error_500_uncharged',
  /** The card IS charged, but the answer never comes (until the fake is closed). */
  hang: 'tok_test_hang',
  /** No charge and no answer. */
  hangUncharged: 'tok_test_hang_uncharged',
} as const;

/** The reason both fakes give for a card declined by {@link TEST_TOKENS}.decline. */
export const DECLINE_REASON = 'Fondos insuficientes';

/** Why a card was declined, in each gateway's words. */
export interface CardDecline {
  /** The customer-facing reason (Spanish): Conekta's `message` and `failure_message`. */
  reason: string;
  /** Mercado Pago's `status_detail`. */
  detail: string;
  /** Conekta's `failure_code`. */
  code: string;
}

const INSUFFICIENT_FUNDS: CardDecline = { reason: DECLINE_REASON, detail: 'cc_rejected_insufficient_amount', code: 'insufficient_funds' };

/** What the fake does with a charge request, decided by its card token. */
export interface TokenBehaviour {
  /** The status the recorded charge gets, or undefined when no charge is recorded. */
  chargeStatus: 'approved' | 'declined' | 'pending' | undefined;
  /** How the HTTP answer goes. */
  answer: 'normal' | 'server-error' | 'hang';
  /** Why, when declined; insufficient funds by default. */
  decline?: CardDecline;
}

/**
 * Card numbers the browser stand-ins tokenize to a known outcome (Luhn-valid; the Conekta ones are
 * the numbers behind its test tokens, GATEWAYS.md §1.10). Any other valid number approves.
 */
export const TEST_CARDS = {
  approveVisa: '4242424242424242',
  approveMastercard: '5555555555554444',
  /** Declined, "Tarjeta declinada" (Mercado Pago `cc_rejected_other_reason`). */
  decline: '4000000000000002',
  /** Declined, "Fondos insuficientes" (`cc_rejected_insufficient_amount`). */
  insufficientFunds: '4000000000000127',
  /** Stays pending (Mercado Pago `in_process` / `pending_contingency`). */
  pending: '4000000000000259',
} as const;

const declined = (reason: string, detail: string, code: string): TokenBehaviour => ({
  chargeStatus: 'declined',
  answer: 'normal',
  decline: { reason, detail, code },
});
const APPROVED: TokenBehaviour = { chargeStatus: 'approved', answer: 'normal' };

/**
 * Mercado Pago's test cardholder names (GATEWAYS.md §3.7): the name on a tokenized card picks the
 * outcome, whatever the number, in both stand-ins.
 */
const HOLDER_OUTCOMES: Record<string, TokenBehaviour> = {
  APRO: APPROVED,
  CONT: { chargeStatus: 'pending', answer: 'normal' },
  OTHE: declined('Tarjeta declinada', 'cc_rejected_other_reason', 'card_declined'),
  CALL: declined('Llama a tu banco para autorizar el pago', 'cc_rejected_call_for_authorize', 'call_issuer'),
  FUND: { chargeStatus: 'declined', answer: 'normal', decline: INSUFFICIENT_FUNDS },
  SECU: declined('Código de seguridad incorrecto', 'cc_rejected_bad_filled_security_code', 'invalid_security_code'),
  EXPI: declined('Fecha de vencimiento incorrecta', 'cc_rejected_bad_filled_date', 'invalid_expiration_date'),
  FORM: declined('Revisa los datos de la tarjeta', 'cc_rejected_bad_filled_other', 'invalid_card_data'),
  DUPL: declined('Ya hiciste un pago por ese monto', 'cc_rejected_duplicated_payment', 'duplicated_payment'),
  LOCK: declined('La tarjeta está deshabilitada', 'cc_rejected_card_disabled', 'card_disabled'),
  BLAC: declined('Pago rechazado', 'cc_rejected_blacklist', 'suspected_fraud'),
  INST: declined('La tarjeta no acepta esas cuotas', 'cc_rejected_invalid_installments', 'invalid_installments'),
  ATTE: declined('Demasiados intentos con esta tarjeta', 'cc_rejected_max_attempts', 'attempts_over_limit'),
};

const NUMBER_OUTCOMES: Record<string, TokenBehaviour> = {
  [TEST_CARDS.decline]: HOLDER_OUTCOMES.OTHE as TokenBehaviour,
  [TEST_CARDS.insufficientFunds]: HOLDER_OUTCOMES.FUND as TokenBehaviour,
  [TEST_CARDS.pending]: HOLDER_OUTCOMES.CONT as TokenBehaviour,
};

/** The outcome of charging a card the stand-ins tokenized: by cardholder name, then by number; approved otherwise. */
export function behaviourOfCard(number: string, holder: string): TokenBehaviour {
  return HOLDER_OUTCOMES[holder.trim().toUpperCase()] ?? NUMBER_OUTCOMES[number] ?? APPROVED;
}

/** The decline of a charge that behaved as `behaviour`. */
export function declineOf(behaviour: TokenBehaviour): CardDecline {
  return behaviour.decline ?? INSUFFICIENT_FUNDS;
}

/** Unknown tokens are approved, like a sandbox's default test card. */
export function behaviourOf(token: string): TokenBehaviour {
  switch (token) {
    case TEST_TOKENS.decline:
      return { chargeStatus: 'declined', answer: 'normal' };
    case TEST_TOKENS.pending:
      return { chargeStatus: 'pending', answer: 'normal' };
    case TEST_TOKENS.serverError:
      return { chargeStatus: 'approved', answer: 'server-error' };
    case TEST_TOKENS.serverErrorUncharged:
      return { chargeStatus: undefined, answer: 'server-error' };
    case TEST_TOKENS.hang:
      return { chargeStatus: 'approved', answer: 'hang' };
    case TEST_TOKENS.hangUncharged:
      return { chargeStatus: undefined, answer: 'hang' };
    default:
      return { chargeStatus: 'approved', answer: 'normal' };
  }
}
