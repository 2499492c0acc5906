/** Whether a router answers right now, through its pooled connection (the portal's router check). */
import type { RouterExec } from '../payments/hotspot-users.js';
import { isRouterFailure } from './failure.js';

/** True when the router answers a command; false when it or the way to it fails. */
export async function routerAnswers(exec: RouterExec): Promise<boolean> {
  try {
    await exec('/system/identity/print');
    return true;
  } catch (error) {
    if (!isRouterFailure(error)) throw error;
    return false;
  }
}
