/**
 * Devices connected now, per router, read live (one `count-only` print of /ip/hotspot/active each,
 * all routers at once) under a short deadline per router: a router that does not answer in time is
 * reported as such, and never holds up or fails the dashboard.
 */
import type { RouterRow } from '../db/routers.js';

/** A router's count did not come back within the deadline. */
export class NoAnswerError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'NoAnswerError';
  }
}

export const DEVICE_COUNT_TIMEOUT_MS = 1_500;

export type DeviceCount =
  | { router: RouterRow; status: 'ok'; connected: number }
  | { router: RouterRow; status: 'inactive' }
  | { router: RouterRow; status: 'no_answer'; error: unknown };

/** Counts a router's hotspot sessions; gets a signal that aborts at the deadline. */
export type CountSessions = (router: RouterRow, signal: AbortSignal) => Promise<number>;

export async function connectedDevices(routers: readonly RouterRow[], count: CountSessions, timeoutMs: number): Promise<DeviceCount[]> {
  return Promise.all(
    routers.map(async (router): Promise<DeviceCount> => {
      if (!router.activo) return { router, status: 'inactive' };
      try {
        return { router, status: 'ok', connected: await withDeadline((signal) => count(router, signal), timeoutMs) };
      } catch (error) {
        return { router, status: 'no_answer', error };
      }
    }),
  );
}

async function withDeadline<T>(work: (signal: AbortSignal) => Promise<T>, timeoutMs: number): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new NoAnswerError(timeoutMs));
    }, timeoutMs);
  });
  try {
    return await Promise.race([work(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
