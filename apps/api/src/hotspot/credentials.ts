/**
 * Whether a portal's request may act as a hotspot user, judged against the router's record. A
 * user whose password is empty, or is its own name (this service's PINs), logs in with its name
 * alone: knowing the name is knowing the credential, so nothing more can be asked. Any other user
 * needs its password, compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RouterHotspotUser } from './router-user.js';

/** The user's name is its whole credential (an old PIN without password, or a PIN used as both). */
export function isPinUser(user: Pick<RouterHotspotUser, 'name' | 'password'>): boolean {
  return user.password === '' || user.password === user.name;
}

function sameSecret(a: string, b: string): boolean {
  // Hashed first so the comparison takes the same time whatever the lengths.
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * Auto-reconnect: a PIN user whatever the password sent (old portals send `""`), any other user
 * only with its password. The old service checked nothing here (LEGACY-API.md §8.3).
 */
export function reconnectAllowed(user: RouterHotspotUser, password: string | null | undefined): boolean {
  if (isPinUser(user)) return true;
  return password != null && sameSecret(password, user.password);
}

/**
 * profile-info, the old rule (LEGACY-API.md §4.5.7): no password for a PIN user, the password for
 * any other; a password sent for a user that has none is refused. Compared as sent, so a password
 * with a leading zero works (the old service read `0482` back from the router as 482).
 */
export function profileInfoAllowed(user: RouterHotspotUser, password: string | null | undefined): boolean {
  if (password == null) return isPinUser(user);
  return user.password !== '' && sameSecret(password, user.password);
}
