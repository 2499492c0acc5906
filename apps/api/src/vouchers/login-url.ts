/**
 * Where a device behind the router logs in: `http://<dns-name or hotspot-address>/login` of the
 * server profile of the router's first enabled hotspot server (HOTSPOT.md 1.2, 2.1). A printed
 * voucher's QR opens it with `username` and `password` filled in.
 */
import { TrapError } from '@hotspot/routeros';
import type { RouterExec } from '../payments/hotspot-users.js';

/** @returns the login page's URL, or null when the router has no hotspot server with an address. */
export async function hotspotLoginUrl(exec: RouterExec): Promise<string | null> {
  let servers: Array<Record<string, string>>;
  let profiles: Array<Record<string, string>>;
  try {
    [{ rows: servers }, { rows: profiles }] = await Promise.all([
      exec('/ip/hotspot/print', { '.proplist': ['name', 'profile', 'disabled'] }),
      exec('/ip/hotspot/profile/print', { '.proplist': ['name', 'dns-name', 'hotspot-address'] }),
    ]);
  } catch (error) {
    // A router without the hotspot package answers with a trap: its vouchers print without a QR.
    if (error instanceof TrapError) return null;
    throw error;
  }
  const server = servers.find((s) => s.disabled !== 'true');
  const profile = profiles.find((p) => p.name === server?.profile);
  if (!profile) return null;
  const address = profile['hotspot-address'];
  const host = profile['dns-name'] || (address && address !== '0.0.0.0' ? address : undefined);
  return host ? `http://${host}/login` : null;
}

/** The login URL with a voucher's credentials filled in (what its QR code holds). */
export function loginLinkFor(loginUrl: string, credentials: { username: string; password: string }): string {
  const url = new URL(loginUrl);
  url.searchParams.set('username', credentials.username);
  url.searchParams.set('password', credentials.password);
  return url.toString();
}
