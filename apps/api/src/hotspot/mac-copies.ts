/**
 * The old service's per-device copies (LEGACY-API.md §5.5): a user whose comment carries `MODE=`,
 * `TL=` and `TA=` (written by scripts on the router, never by this service or the old one) gets, for
 * each new device MAC, a copy `<name>_RANDMAC<n>` bound to that MAC, so phones that randomise their
 * MAC keep one user each. Kept so the routers that run those scripts see what they saw before.
 */
import type { RouterExec } from '../payments/hotspot-users.js';
import { isRouterFailure } from '../routers/failure.js';
import type { RouterHotspotUser } from './router-user.js';

/** The old service made at most this many copies of a user. */
const MAX_COPIES = 15;
const COPY_NUMBER = /_RANDMAC(\d+)$/;

function wantsCopies(comment: string | undefined): boolean {
  const upper = (comment ?? '').toUpperCase();
  return upper.includes('MODE=') && upper.includes('TL=') && upper.includes('TA=');
}

/**
 * The user the device should log in as: the user itself, or its copy for this MAC (made now if
 * needed). Anything the router refuses on the way falls back to the user itself, as it did.
 * @param mac normalised (`AA:BB:…`).
 */
export async function loginUserFor(exec: RouterExec, user: RouterHotspotUser, mac: string): Promise<string> {
  if (!wantsCopies(user.comment) || user.macAddress?.toUpperCase() === mac) return user.name;
  try {
    const { rows } = await exec('/ip/hotspot/user/print', { '?mac-address': mac, '.proplist': ['name'] });
    const names = rows.map((r) => r.name ?? '');
    const own = names.find((name) => name.startsWith(`${user.name}_RANDMAC`) && COPY_NUMBER.test(name));
    if (own) return own;
    // Numbered after the copies this MAC already has (of any user), as the old service counted.
    const next = 1 + Math.max(0, ...names.map((name) => Number(COPY_NUMBER.exec(name)?.[1] ?? 0)));
    if (next > MAX_COPIES) return user.name;
    const copy = `${user.name}_RANDMAC${next}`;
    await exec('/ip/hotspot/user/add', {
      name: copy,
      password: user.password,
      ...(user.profile ? { profile: user.profile } : {}),
      ...(user.comment ? { comment: user.comment } : {}),
      'mac-address': mac,
    });
    return copy;
  } catch (error) {
    if (!isRouterFailure(error)) throw error;
    return user.name;
  }
}
