/**
 * A router as the connection code needs it: the stored record with its password opened, and the
 * `@hotspot/routeros` connect options derived from it.
 */
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

/** Connect options for a target; `timeoutMs` bounds connect + login and each command. */
export function connectOptions(target: RouterTarget, timeoutMs: number): ConnectOptions {
  const base = { host: target.host, port: target.port, username: target.username, password: target.password, timeout: timeoutMs };
  if (!target.tls) return base;
  if (target.tlsMode === 'anonymous-dh') return { ...base, tls: true, tlsAnonymousDH: true };
  return { ...base, tls: target.tlsCaPem ? { ca: target.tlsCaPem } : true };
}
