/**
 * TLS settings for the api-ssl service: verified TLS (optionally with a pinned CA through
 * Node's `ca` option), or the router's certificate-less anonymous Diffie-Hellman mode.
 */
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';

/**
 * The only cipher setting that reaches a certificate-less router from Node 20 / OpenSSL 3:
 * anonymous DH suites exist only at security level 0, and only up to TLS 1.2.
 */
export const ANONYMOUS_DH_TLS_OPTIONS = {
  ciphers: 'ADH:@SECLEVEL=0',
  maxVersion: 'TLSv1.2',
  rejectUnauthorized: false,
} as const satisfies ConnectionOptions;

/** Code of the process warning emitted (once per host) when anonymous DH is used. */
export const ANONYMOUS_DH_WARNING_CODE = 'ROUTEROS_TLS_ANONYMOUS_DH';

const warnedHosts = new Set<string>();

/** What {@link tlsOptionsFor} reads from the connect options. */
export interface TlsChoice {
  /** The router's host: a name becomes the TLS server name (SNI and certificate check). */
  host: string;
  /** As in `ConnectOptions.tls`. */
  tls?: boolean | ConnectionOptions | undefined;
  /** As in `ConnectOptions.tlsAnonymousDH`. */
  tlsAnonymousDH?: boolean | undefined;
}

/**
 * The Node TLS options for a connection, or `undefined` for plain TCP. Certificates are
 * verified unless the caller's own options say otherwise; with `tlsAnonymousDH` there is none to verify.
 */
export function tlsOptionsFor(choice: TlsChoice): ConnectionOptions | undefined {
  if (!choice.tls && !choice.tlsAnonymousDH) return undefined;
  const base: ConnectionOptions = isIP(choice.host) === 0 ? { servername: choice.host } : {};
  const custom = typeof choice.tls === 'object' ? choice.tls : {};
  if (!choice.tlsAnonymousDH) return { ...base, ...custom };
  return { ...base, ...custom, ...ANONYMOUS_DH_TLS_OPTIONS };
}

/**
 * Tells the user, through a process warning (once per host), that anonymous DH does not
 * authenticate the router.
 */
export function warnUnauthenticated(host: string): void {
  if (warnedHosts.has(host)) return;
  warnedHosts.add(host);
  process.emitWarning(
    `TLS with anonymous Diffie-Hellman to ${host} is encrypted but unauthenticated: ` +
      'anyone on the network path can impersonate the router. Install a certificate on the api-ssl service.',
    { code: ANONYMOUS_DH_WARNING_CODE },
  );
}
