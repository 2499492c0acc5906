/**
 * The hotspot's login errors: the keys and stock English texts of RouterOS's `errors.txt`
 * (router texts, HOTSPOT.md 2.4). The HTTP servlet shows them as `$(error)`; the API's
 * `/ip/hotspot/active/login` traps with the same texts (whether a router words its traps
 * exactly so is unverified).
 */

export const HOTSPOT_ERRORS = {
  'not-logged-in': 'you are not logged in (ip $(ip))',
  'user-session-limit': 'no more sessions are allowed for user $(username)',
  'chap-missing': 'web browser did not send challenge response (try again, enable JavaScript)',
  'invalid-username': 'invalid username or password',
  'invalid-mac': 'user $(username) is not allowed to log in from this MAC address',
  'uptime-limit': 'user $(username) has reached uptime limit',
  'traffic-limit': 'user $(username) has reached traffic limit',
} as const;

export type HotspotErrorKey = keyof typeof HOTSPOT_ERRORS;

/** The text of an error, with `$(username)` and `$(ip)` filled in. */
export function hotspotErrorText(key: HotspotErrorKey, variables: { username?: string; ip?: string }): string {
  return HOTSPOT_ERRORS[key].replace(/\$\((username|ip)\)/g, (_, name: 'username' | 'ip') => variables[name] ?? '');
}

/** A refused hotspot login: the errors.txt key and its text. */
export class LoginRefusal {
  readonly message: string;
  constructor(
    readonly key: HotspotErrorKey,
    username: string,
  ) {
    this.message = hotspotErrorText(key, { username });
  }
}
