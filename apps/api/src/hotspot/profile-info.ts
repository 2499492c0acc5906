/**
 * profile-info: what the router says about a hotspot user the portal holds credentials for (its
 * profile, the profile's MAC-cookie timeout, whether it is disabled), once the credentials fit
 * (src/hotspot/credentials.ts). The user's record is answered without its password.
 */
import type { RouterExec } from '../payments/hotspot-users.js';
import { isRouterFailure } from '../routers/failure.js';
import { isPinUser, profileInfoAllowed } from './credentials.js';
import { readHotspotUser, readUserProfile, type HotspotUserProfile, type RouterHotspotUser } from './router-user.js';

export type ProfileInfoOutcome =
  | { result: 'refused' }
  | { result: 'router_unreachable' }
  | { result: 'ok'; user: RouterHotspotUser; kind: 'pin' | 'usuario_contrasena'; profile: HotspotUserProfile | undefined };

export async function profileInfo(
  exec: RouterExec,
  request: { username: string; password: string | null | undefined },
): Promise<ProfileInfoOutcome> {
  try {
    const user = await readHotspotUser(exec, request.username);
    if (!user || !profileInfoAllowed(user, request.password)) return { result: 'refused' };
    const profile = user.profile === undefined ? undefined : await readUserProfile(exec, user.profile);
    return { result: 'ok', user, kind: isPinUser(user) ? 'pin' : 'usuario_contrasena', profile };
  } catch (error) {
    if (!isRouterFailure(error)) throw error;
    return { result: 'router_unreachable' };
  }
}
