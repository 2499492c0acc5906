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

/** The reason both fakes give for a declined card. */
export const DECLINE_REASON = 'Fondos insuficientes';

/** What the fake does with a charge request, decided by its card token. */
export interface TokenBehaviour {
  /** The status the recorded charge gets, or undefined when no charge is recorded. */
  chargeStatus: 'approved' | 'declined' | 'pending' | undefined;
  /** How the HTTP answer goes. */
  answer: 'normal' | 'server-error' | 'hang';
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
