/**
 * A hotspot user's record as the router keeps it, read for the portal's credential checks
 * (auto-reconnect, profile-info): the router is where the login happens, so its record, whoever
 * created the user (a sale, a voucher, the operator, the old service), is the one that counts.
 */
import type { RouterExec } from '../payments/hotspot-users.js';

export interface RouterHotspotUser {
  id: string;
  name: string;
  /** Empty for a user that logs in with its name alone (the old service's PINs). */
  password: string;
  profile: string | undefined;
  disabled: boolean;
  comment: string | undefined;
  limitUptime: string | undefined;
  /** The MAC address the user is bound to, if any. */
  macAddress: string | undefined;
}

const USER_PROPS = ['.id', 'name', 'password', 'profile', 'disabled', 'comment', 'limit-uptime', 'mac-address'];

/** RouterOS prints flags as `true`/`false` (v7) or `yes`/`no` (v6). */
export const isSet = (flag: string | undefined): boolean => flag === 'true' || flag === 'yes';

/** The user named exactly `name`, by a query (not a full-table print); undefined when there is none. */
export async function readHotspotUser(exec: RouterExec, name: string): Promise<RouterHotspotUser | undefined> {
  const { rows } = await exec('/ip/hotspot/user/print', { '?name': name, '.proplist': USER_PROPS });
  const row = rows.find((r) => r.name === name);
  const id = row?.['.id'];
  if (!row || !id) return undefined;
  return {
    id,
    name,
    password: row.password ?? '',
    profile: row.profile,
    disabled: isSet(row.disabled),
    comment: row.comment,
    limitUptime: row['limit-uptime'],
    macAddress: row['mac-address'],
  };
}

export interface HotspotUserProfile {
  macCookieTimeout: string | undefined;
  macAuthentication: boolean;
}

/** The user profile named `name`; undefined when the router has none by that name. */
export async function readUserProfile(exec: RouterExec, name: string): Promise<HotspotUserProfile | undefined> {
  const { rows } = await exec('/ip/hotspot/user/profile/print', {
    '?name': name,
    '.proplist': ['name', 'mac-cookie-timeout', 'mac-authentication'],
  });
  const row = rows.find((r) => r.name === name);
  return row && { macCookieTimeout: row['mac-cookie-timeout'], macAuthentication: isSet(row['mac-authentication']) };
}
