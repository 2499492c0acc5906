/**
 * The router's clock: a mock-only control, outside RouterOS's command tree. Sessions accrue
 * uptime as it advances. By default only `advance` moves it (tests decide when time passes);
 * a router started with `clock: 'system'` also follows the wall clock, one step a second.
 */

/** What a test sees of the router's clock. */
export interface RouterClock {
  /** The router's time, in milliseconds since the epoch (starts at the wall-clock time the router started). */
  now(): number;
  /** Moves the clock forward by `ms` (>= 0): sessions accrue uptime, and those that reach a limit end. */
  advance(ms: number): void;
}

export class MockClock implements RouterClock {
  private current: number;
  private readonly listeners = new Set<(elapsedMs: number) => void>();

  constructor(start = Date.now()) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock.advance needs a finite number of milliseconds >= 0, got ${ms}`);
    this.current += ms;
    for (const listener of this.listeners) listener(ms);
  }

  /** Calls `listener` with the elapsed milliseconds on every later advance. */
  onAdvance(listener: (elapsedMs: number) => void): void {
    this.listeners.add(listener);
  }

  /** Follows the wall clock (one step a second) until the returned function is called. */
  followWallClock(): () => void {
    let last = Date.now();
    const timer = setInterval(() => {
      const wall = Date.now();
      this.advance(Math.max(0, wall - last));
      last = wall;
    }, 1000);
    timer.unref();
    return () => clearInterval(timer);
  }
}
