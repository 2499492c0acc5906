/** Hotspot user profiles, read live from the router, in the old service's field names. */
import type { RouterPool } from './pool.js';
import type { RouterTarget } from './target.js';

/** API field ← RouterOS property; a property the router leaves out becomes null. */
const FIELDS = {
  id: '.id',
  name: 'name',
  session_timeout: 'session-timeout',
  idle_timeout: 'idle-timeout',
  keepalive_timeout: 'keepalive-timeout',
  status_autorefresh: 'status-autorefresh',
  shared_users: 'shared-users',
  rate_limit: 'rate-limit',
  address_list: 'address-list',
  mac_cookie_timeout: 'mac-cookie-timeout',
} as const;

export type HotspotProfile = { [K in keyof typeof FIELDS]: string | null };

export const PROFILE_FIELDS = Object.keys(FIELDS) as Array<keyof typeof FIELDS>;

export async function readHotspotProfiles(pool: RouterPool, target: RouterTarget): Promise<HotspotProfile[]> {
  const { rows } = await pool.exec(target, '/ip/hotspot/user/profile/print');
  return rows.map(
    (row) => Object.fromEntries(Object.entries(FIELDS).map(([field, property]) => [field, row[property] ?? null])) as HotspotProfile,
  );
}
