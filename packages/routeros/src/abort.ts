/**
 * AbortSignal helpers.
 */

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
