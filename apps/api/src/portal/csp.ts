/**
 * The portal page's Content-Security-Policy: its own origin, the gateway's SDK and API hosts, and
 * the router's login form; inline code runs only with the response's nonce. A script injected
 * through a plan's name or a hotspot variable would have neither.
 */
import { randomBytes } from 'node:crypto';

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export interface PolicySources {
  nonce: string;
  /** The gateway's browser SDK and the API it tokenizes against; none when the page sells no card. */
  sdk: { scriptUrl: string; apiUrl: string } | undefined;
  /** The router's `link-login-only`, where the page posts the credentials. */
  loginUrl: string | undefined;
  /** Where the router sends the device after its login (`dst`): Chromium checks form-action on that redirect too. */
  destinationUrl: string | undefined;
}

const originOf = (url: string | undefined) => (url && URL.canParse(url) ? new URL(url).origin : undefined);

/** The header's value; every source is an origin (no path, nothing that could carry a `;`). */
export function portalPolicy(sources: PolicySources): string {
  const nonce = `'nonce-${sources.nonce}'`;
  const sdk = [originOf(sources.sdk?.scriptUrl), originOf(sources.sdk?.apiUrl)].filter((o): o is string => o !== undefined);
  const forms = [originOf(sources.loginUrl), originOf(sources.destinationUrl)].filter((o): o is string => o !== undefined);
  const list = (...items: string[]) => [...new Set(items)].join(' ');
  return [
    "default-src 'none'",
    `script-src ${list(nonce, ...sdk)}`,
    `style-src ${nonce}`,
    "img-src 'self' data:",
    `connect-src ${list("'self'", ...sdk)}`,
    `frame-src ${sdk.length ? list(...sdk) : "'none'"}`,
    `form-action ${list("'self'", ...forms)}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
