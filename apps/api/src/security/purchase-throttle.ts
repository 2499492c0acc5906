/**
 * Card testing defence: purchase attempts are limited per API key, per client address and per MAC,
 * and purchases stop after repeated declines from one API key, address or MAC. A decline is
 * reserved with the attempt (so simultaneous purchases cannot all be charged before the first
 * decline is counted) and given back when the purchase ends any other way.
 *
 * Behind a hotspot's NAT (and a carrier's) every customer of a hotspot reaches the service from one
 * public address, so the address limits are loose by default: a ceiling for one source across many
 * API keys. The device (MAC) and the hotspot (its API key) are the keys that hold a card tester.
 */
import type { Limit, Throttle } from './throttle.js';

export interface PurchaseLimits {
  perApiKey: Limit;
  perAddress: Limit;
  perMac: Limit;
  declinesPerApiKey: Limit;
  declinesPerAddress: Limit;
  declinesPerMac: Limit;
}

/** Who is buying: the router API key, the HTTP client's address and the device's MAC when the portal sends one. */
export interface Purchaser {
  apiKeyId: string;
  address: string;
  mac: string | undefined;
}

/** A reserved purchase attempt: report whether the charge was declined. */
export interface PurchaseAttempt {
  settle(declined: boolean): Promise<void>;
}

export class PurchaseThrottle {
  constructor(
    private readonly throttle: Throttle,
    private readonly limits: PurchaseLimits,
  ) {}

  /** @throws TooManyAttemptsError when any limit is used up; nothing is counted then. */
  async begin(who: Purchaser): Promise<PurchaseAttempt> {
    const { perApiKey, perAddress, perMac, declinesPerApiKey, declinesPerAddress, declinesPerMac } = this.limits;
    const declineBuckets = [
      { bucket: `purchase-declines-key:${who.apiKeyId}`, limit: declinesPerApiKey },
      { bucket: `purchase-declines-address:${who.address}`, limit: declinesPerAddress },
    ];
    const attemptBuckets = [
      { bucket: `purchase-key:${who.apiKeyId}`, limit: perApiKey },
      { bucket: `purchase-address:${who.address}`, limit: perAddress },
    ];
    if (who.mac !== undefined) {
      attemptBuckets.push({ bucket: `purchase-mac:${who.mac}`, limit: perMac });
      declineBuckets.push({ bucket: `purchase-declines-mac:${who.mac}`, limit: declinesPerMac });
    }
    await this.throttle.reserve([...attemptBuckets, ...declineBuckets]);
    return {
      settle: async (declined) => {
        if (!declined) await this.throttle.release(declineBuckets.map((b) => b.bucket));
      },
    };
  }
}
