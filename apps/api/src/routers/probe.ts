/**
 * The test-connection check: a fresh login (not the pooled connection, so it proves the stored
 * credentials work now), the router's identity and its hotspot profile count, all within one deadline.
 */
import { connect } from '@hotspot/routeros';
import type { RouterDestinations } from './destination.js';
import { connectOptions, type RouterTarget } from './target.js';

export interface ProbeResult {
  identity: string;
  profileCount: number;
}

/** @throws RouterDestinationDeniedError, before any connection, when the host is or resolves to a denied address. */
export async function probeRouter(target: RouterTarget, timeoutMs: number, destinations: RouterDestinations): Promise<ProbeResult> {
  const signal = AbortSignal.timeout(timeoutMs);
  const address = await destinations.addressOf(target.host);
  const client = await connect({ ...connectOptions(target, timeoutMs, address), signal });
  try {
    const identity = await client.exec('/system/identity/print', undefined, { signal });
    const profiles = await client.exec('/ip/hotspot/user/profile/print', undefined, { signal });
    return { identity: identity.rows[0]?.name ?? '', profileCount: profiles.rows.length };
  } finally {
    // A failed close must not hide why the check failed.
    await client.close().catch(() => undefined);
  }
}
