/**
 * Limits on the portal's credential checks (auto-reconnect, profile-info), which answer whether a
 * user name and password are right and so could be used to guess them; the old service had no limit
 * at all (LEGACY-API.md §8.10). Every check is reserved before the router is asked, in all buckets
 * or in none; a check that did not fail on the credentials gives back its failure reservations.
 */
import type { Limit, Throttle } from '../security/throttle.js';

export const HOTSPOT_CHECK_LIMITS: {
  /** Auto-reconnects per router and device MAC. */
  perDevice: Limit;
  /** Checks per client address (a hotspot's customers share its public address: loose). */
  perAddress: Limit;
  /** Wrong passwords per router and user name. */
  failuresPerUser: Limit;
  /** Unknown users and wrong passwords per router: guessing PINs across names. */
  failuresPerRouter: Limit;
} = {
  perDevice: { maxAttempts: 5, windowSeconds: 60 },
  perAddress: { maxAttempts: 120, windowSeconds: 60 },
  failuresPerUser: { maxAttempts: 10, windowSeconds: 900 },
  failuresPerRouter: { maxAttempts: 60, windowSeconds: 600 },
};

/** A reserved check; `settle` says whether it failed on the credentials. */
export interface ReservedCheck {
  settle(failedOnCredentials: boolean): Promise<void>;
}

/** @throws TooManyAttemptsError when a limit is reached (nothing reserved then). */
export async function reserveCheck(
  throttle: Throttle,
  check: { routerId: string; username: string; address: string; mac?: string },
): Promise<ReservedCheck> {
  const limits = HOTSPOT_CHECK_LIMITS;
  const failureBuckets = [`hotspot-user-failures:${check.routerId}|${check.username}`, `hotspot-router-failures:${check.routerId}`];
  await throttle.reserve([
    { bucket: failureBuckets[0]!, limit: limits.failuresPerUser },
    { bucket: failureBuckets[1]!, limit: limits.failuresPerRouter },
    { bucket: `hotspot-address:${check.address}`, limit: limits.perAddress },
    ...(check.mac === undefined ? [] : [{ bucket: `reconnect-device:${check.routerId}|${check.mac}`, limit: limits.perDevice }]),
  ]);
  return {
    settle: async (failedOnCredentials) => {
      if (!failedOnCredentials) await throttle.release(failureBuckets);
    },
  };
}
