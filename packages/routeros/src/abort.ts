/**
 * Cancellation helpers: AbortSignal listeners and deadlines.
 */

/** Node timers overflow above this many ms (about 24.8 days) and would fire at once. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls `onExpire` after `ms`; no deadline at all for `0`, `Infinity` or more than a timer can
 * hold. Returns the timer for `clearTimeout`.
 */
export function startDeadline(ms: number, onExpire: () => void): NodeJS.Timeout | undefined {
  if (!(ms > 0 && ms <= LONGEST_TIMER_MS)) return undefined;
  return setTimeout(onExpire, ms);
}

/**
 * Calls `handler` once when `signal` aborts (at once, in a microtask, if it already has);
 * returns a function that stops listening, so long-lived signals do not collect listeners.
 */
export function onAbort(signal: AbortSignal, handler: () => void): () => void {
  if (signal.aborted) {
    let cancelled = false;
    queueMicrotask(() => {
      if (!cancelled) handler();
    });
    return () => {
      cancelled = true;
    };
  }
  signal.addEventListener('abort', handler, { once: true });
  return () => signal.removeEventListener('abort', handler);
}
