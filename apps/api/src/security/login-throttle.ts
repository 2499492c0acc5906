/**
 * Failed logins per email and per client address, so password guessing is slowed down both against
 * one account and from one address. The attempt is reserved before the password is checked (200
 * simultaneous guesses get the same number of checks as 200 in a row); a login that succeeds gives
 * its reservation back and clears the account's count (not the address's: it may be guessing others).
 */
import type { Throttle } from './throttle.js';

export interface LoginThrottleLimits {
  maxFailuresPerEmail: number;
  maxFailuresPerAddress: number;
  windowSeconds: number;
}

/** A reserved login attempt: report how it went. */
export interface LoginAttempt {
  succeeded(): Promise<void>;
}

export class LoginThrottle {
  constructor(
    private readonly throttle: Throttle,
    private readonly limits: LoginThrottleLimits,
  ) {}

  /**
   * Reserves an attempt for this email from this address; without a later `succeeded()` it counts as a failure.
   * @throws TooManyAttemptsError while either has used up its failures.
   */
  async begin(email: string, address: string): Promise<LoginAttempt> {
    const byEmail = `login-email:${email}`;
    const byAddress = `login-address:${address}`;
    const window = { windowSeconds: this.limits.windowSeconds };
    await this.throttle.reserve([
      { bucket: byEmail, limit: { maxAttempts: this.limits.maxFailuresPerEmail, ...window } },
      { bucket: byAddress, limit: { maxAttempts: this.limits.maxFailuresPerAddress, ...window } },
    ]);
    return {
      succeeded: async () => {
        await this.throttle.clear([byEmail]);
        await this.throttle.release([byAddress]);
      },
    };
  }
}
