/**
 * The router side of the hosted portal, generated per router: the hotspot's login.html, which sends
 * the device to the hosted page with the hotspot's variables, and the walled-garden entries the page
 * needs before login (HOTSPOT.md 5), as RouterOS commands and applied through the API. Our entries
 * carry one fixed comment, so applying again adds only what is missing.
 */
import type { RouterExec } from '../payments/hotspot-users.js';
import { escapeHtml, type CardSdk } from './page.js';

/** The comment that marks the walled-garden entries this service manages. */
export const WALLED_GARDEN_COMMENT = 'hotspot-portal';

/** The hotspot variables the login page hands over (link-orig URL-escaped: the page decodes it once). */
const VARIABLES = ['mac', 'ip', 'link-login-only', 'link-orig-esc', 'chap-id', 'chap-challenge', 'error', 'identity'];

/** The walled garden's two menus: IP level (HTTPS needs it) and HTTP level (HOTSPOT.md 5.3). */
const MENUS = ['/ip/hotspot/walled-garden/ip', '/ip/hotspot/walled-garden'] as const;

/** login.html: a form that carries the variables to `portalUrl`, sent at once (a button without script). */
export function loginHtml(portalUrl: string): string {
  const fields = VARIABLES.map((name) => `<input type="hidden" name="${name}" value="$(${name})">`).join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>$(identity)</title></head>
<body style="font-family:system-ui,sans-serif;text-align:center;padding:40px 16px">
<form name="portal" action="${escapeHtml(portalUrl)}" method="get">
${fields}
<noscript><button type="submit" style="font-size:18px;padding:12px 20px">Continuar / Continue</button></noscript>
</form>
<script>document.portal.submit();</script>
</body></html>
`;
}

function hostOf(url: string): string {
  return new URL(url).hostname;
}

/** Hosts a device must reach before it logs in: this service, and the card SDK's script and API hosts. */
export function walledGardenHosts(serviceUrl: string, sdk: CardSdk | undefined): string[] {
  const hosts = [hostOf(serviceUrl)];
  if (sdk) hosts.push(hostOf(sdk.scriptUrl), hostOf(sdk.apiUrl));
  return [...new Set(hosts)];
}

/** The entries as RouterOS terminal commands, for an operator who pastes them. */
export function walledGardenCommands(hosts: readonly string[]): string[] {
  return hosts.flatMap((host) => [
    `/ip hotspot walled-garden ip add action=accept dst-host=${host} comment=${WALLED_GARDEN_COMMENT}`,
    `/ip hotspot walled-garden add action=allow dst-host=${host} comment=${WALLED_GARDEN_COMMENT}`,
  ]);
}

/** Adds the entries the router lacks (ours are those with our comment). @returns how many were added and already there. */
export async function applyWalledGarden(exec: RouterExec, hosts: readonly string[]): Promise<{ added: number; present: number }> {
  let added = 0;
  let present = 0;
  for (const menu of MENUS) {
    const { rows } = await exec(`${menu}/print`, { '?comment': WALLED_GARDEN_COMMENT, '.proplist': ['dst-host'] });
    const existing = new Set(rows.map((row) => row['dst-host']));
    for (const host of hosts) {
      if (existing.has(host)) {
        present++;
        continue;
      }
      const action = menu === MENUS[0] ? 'accept' : 'allow';
      await exec(`${menu}/add`, { action, 'dst-host': host, comment: WALLED_GARDEN_COMMENT });
      added++;
    }
  }
  return { added, present };
}
