/**
 * A router as the connection code needs it: the stored record with its password opened, and the
 * `@hotspot/routeros` connect options derived from it.
 */
import { isIP } from 'node:net';
import type { ConnectOptions } from '@hotspot/routeros';
import type { RouterRow } from '../db/routers.js';
import type { RouterTlsMode } from '../db/schema.js';
import type { SecretBox } from '../security/secret-box.js';

export interface RouterTarget {
  id: string;
  host: string;
  port: number;
  username: string;
  password: string;
  tls: boolean;
  tlsMode: RouterTlsMode;
  tlsCaPem: string | null;
}

/** Opens the stored router password and gathers what a connection needs. */
export function routerTarget(row: RouterRow, secrets: SecretBox): RouterTarget {
  return {
    id: row.id,
    host: row.host,
    port: row.puerto,
    username: row.usuario,
    password: secrets.open(row.password_sealed),
    tls: row.tls,
    tlsMode: row.tls_mode,
    tlsCaPem: row.tls_ca_pem,
  };
}

/**
 * Connect options for a target; `timeoutMs` bounds connect + login and each command. `address` is
 * where to connect (the checked address the host resolved to); certificates are still checked
 * against the host name the router was configured with.
 */
export function connectOptions(target: RouterTarget, timeoutMs: number, address = target.host): ConnectOptions {
  const base = { host: address, port: target.port, username: target.username, password: target.password, timeout: timeoutMs };
  if (!target.tls) return base;
  if (target.tlsMode === 'anonymous-dh') return { ...base, tls: true, tlsAnonymousDH: true };
  const servername = address !== target.host && isIP(target.host) === 0 ? { servername: target.host } : {};
  const tls = { ...servername, ...(target.tlsCaPem ? { ca: target.tlsCaPem } : {}) };
  return { ...base, tls: Object.keys(tls).length > 0 ? tls : true };
}
