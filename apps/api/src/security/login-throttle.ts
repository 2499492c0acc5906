/**
 * Counts failed logins per email and per client address in a sliding window, so password guessing
 * is slowed down both against one account and from one address. In memory: one process's view.
 */

const MAX_TRACKED_KEYS = 10_000;

export interface LoginThrottleLimits {
  maxFailuresPerEmail: number;
  maxFailuresPerAddress: number;
  windowSeconds: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits: LoginThrottleLimits,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Seconds until a login for this email from this address may be tried again; 0 when allowed now. */
  retryAfterSeconds(email: string, address: string): number {
    return Math.max(
      this.wait(`email:${email}`, this.limits.maxFailuresPerEmail),
      this.wait(`addr:${address}`, this.limits.maxFailuresPerAddress),
    );
  }

  recordFailure(email: string, address: string): void {
    const at = this.now().getTime();
    for (const key of [`email:${email}`, `addr:${address}`]) this.recent(key).push(at);
  }

  /** A successful login clears the account's count (not the address's: it may be guessing others). */
  recordSuccess(email: string): void {
    this.failures.delete(`email:${email}`);
  }

  private recent(key: string): number[] {
    if (this.failures.size > MAX_TRACKED_KEYS) this.sweep();
    const horizon = this.now().getTime() - this.limits.windowSeconds * 1000;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > horizon);
    this.failures.set(key, kept);
    return kept;
  }

  /** Forgets every key with no failure left in the window, so the map stays bounded. */
  private sweep(): void {
    const horizon = this.now().getTime() - this.limits.windowSeconds * 1000;
    for (const [key, times] of this.failures) {
      if (!times.some((t) => t > horizon)) this.failures.delete(key);
    }
  }

  private wait(key: string, max: number): number {
    const recent = this.recent(key);
    if (recent.length === 0) this.failures.delete(key);
    if (recent.length < max) return 0;
    const oldestCounted = recent[recent.length - max]!;
    return Math.max(1, Math.ceil((oldestCounted + this.limits.windowSeconds * 1000 - this.now().getTime()) / 1000));
  }
}
