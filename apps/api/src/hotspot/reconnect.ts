/**
 * Auto-reconnect: a returning device (often with a new random MAC) is logged in again as the
 * hotspot user the portal remembered, once the router's record of that user accepts the password
 * sent (src/hotspot/credentials.ts; the old service asked for none). The user's other sessions are
 * ended first, as the old service did, so a plan for one device moves to the new MAC. The login is
 * the router's own `/ip/hotspot/active/login` with plain arguments, never a script.
 */
import { listActiveSessions, removeActiveSession, type RouterExec } from '../payments/hotspot-users.js';
import { deviceAddress, logInDevice, type DeviceLogin } from '../payments/auto-connect.js';
import { isRouterFailure } from '../routers/failure.js';
import { reconnectAllowed } from './credentials.js';
import { loginUserFor } from './mac-copies.js';
import { readHotspotUser } from './router-user.js';

/** The session the login opened, as the old answer's `datos_sesion` showed it. */
export interface SessionView {
  user: string;
  address: string | null;
  uptime: string | null;
  'bytes-in': number;
  'bytes-out': number;
}

export type ReconnectOutcome =
  /** No such user, or the password does not fit: the same answer, so it tells nothing. */
  | { result: 'refused' }
  /** The router could not be asked. */
  | { result: 'router_unreachable' }
  /** Credentials accepted; how the login went. */
  | { result: 'login'; user: string; login: DeviceLogin | { outcome: 'already_logged_in' }; session: SessionView | null };

/** The old service took a user name that looks like a MAC (a MAC-login user) as not found. */
const MAC_LIKE = /^[0-9a-f]{2}([:.-][0-9a-f]{2}){5}$/i;

/**
 * @param request.mac normalised (`AA:BB:…`); request.ip a valid IPv4 address or undefined (then looked up by MAC).
 */
export async function reconnect(
  exec: RouterExec,
  request: { username: string; password: string | null | undefined; mac: string; ip: string | undefined },
): Promise<ReconnectOutcome> {
  if (MAC_LIKE.test(request.username)) return { result: 'refused' };
  let user: Awaited<ReturnType<typeof readHotspotUser>>;
  try {
    user = await readHotspotUser(exec, request.username);
  } catch (error) {
    if (!isRouterFailure(error)) throw error;
    return { result: 'router_unreachable' };
  }
  if (!user || !reconnectAllowed(user, request.password)) return { result: 'refused' };

  const loginUser = await loginUserFor(exec, user, request.mac);
  const login = await logInAlone(exec, { username: loginUser, password: user.password, mac: request.mac, ip: request.ip });
  const session = login.outcome === 'logged_in' ? await sessionOf(exec, loginUser) : null;
  return { result: 'login', user: loginUser, login, session };
}

/** Ends the user's other sessions, then logs the device in (the address is found first: without it nobody is logged out). */
async function logInAlone(
  exec: RouterExec,
  login: { username: string; password: string; mac: string; ip: string | undefined },
): Promise<DeviceLogin | { outcome: 'already_logged_in' }> {
  let ip = login.ip;
  try {
    ip ??= await deviceAddress(exec, login.mac);
    if (!ip) return { outcome: 'no_address' };
    for (const session of await listActiveSessions(exec, login.username)) await removeActiveSession(exec, session.id);
  } catch (error) {
    if (!isRouterFailure(error)) throw error;
    return { outcome: 'unreachable', ip: ip ?? null };
  }
  const result = await logInDevice(exec, { ...login, ip });
  if (result.outcome === 'refused' && /already logged in/i.test(result.trap)) return { outcome: 'already_logged_in' };
  return result;
}

/** The user's session as the router shows it right after the login; null when it cannot be read. */
async function sessionOf(exec: RouterExec, user: string): Promise<SessionView | null> {
  try {
    const { rows } = await exec('/ip/hotspot/active/print', {
      '?user': user,
      '.proplist': ['user', 'address', 'uptime', 'bytes-in', 'bytes-out'],
    });
    const row = rows[0];
    if (!row) return null;
    return {
      user: row.user ?? user,
      address: row.address ?? null,
      uptime: row.uptime ?? null,
      'bytes-in': Number(row['bytes-in'] ?? 0),
      'bytes-out': Number(row['bytes-out'] ?? 0),
    };
  } catch (error) {
    if (!isRouterFailure(error)) throw error;
    return null;
  }
}
