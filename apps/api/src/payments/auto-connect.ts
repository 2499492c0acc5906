/**
 * Logs a customer's device into the hotspot with its credentials: the device's IP from
 * `/ip/hotspot/host` when the portal did not send it, then `/ip/hotspot/active/login` with user,
 * password, mac-address and ip as plain API arguments. Never a router script: the old service pasted
 * the client's MAC into one. MAC and IP are validated strictly before any of this.
 */
import { isIPv4 } from 'node:net';
import { TrapError } from '@hotspot/routeros';
import type { RouterExec } from './hotspot-users.js';
import { isRouterFailure } from '../routers/failure.js';

/** What the portal is told about the login (the old service's `auto_conexion`). */
export interface AutoConnectResult {
  estado: 'conectado' | 'no_conectado';
  mac: string | null;
  ip: string | null;
  mensaje: string;
}

const MAC = /^[0-9A-F]{2}([:-])[0-9A-F]{2}(\1[0-9A-F]{2}){4}$/i;

/** `aa-bb-cc-dd-ee-ff` or `AA:BB:…` → `AA:BB:CC:DD:EE:FF`; undefined when it is not exactly a MAC address. */
export function normalizeMac(mac: string): string | undefined {
  return MAC.test(mac) ? mac.toUpperCase().replaceAll('-', ':') : undefined;
}

/** A dotted-quad IPv4 address (the hotspot's clients), nothing else. */
export function isValidClientIp(ip: string): boolean {
  return isIPv4(ip);
}

/** The device's address as the hotspot sees it, by MAC (a query, not a full-table print). */
async function hostAddress(exec: RouterExec, mac: string): Promise<string | undefined> {
  const { rows } = await exec('/ip/hotspot/host/print', { '?mac-address': mac, '.proplist': ['address'] });
  const address = rows[0]?.address;
  return address && isValidClientIp(address) ? address : undefined;
}

/**
 * Logs the device in. Never throws for a router failure: the purchase must not fail because of
 * this, so a failure is reported in the result.
 * @param mac already normalised; @param ip already validated, or undefined to look it up.
 */
export async function autoConnect(
  exec: RouterExec,
  login: { username: string; password: string; mac: string; ip: string | undefined },
): Promise<AutoConnectResult> {
  let ip = login.ip;
  try {
    ip ??= await hostAddress(exec, login.mac);
    if (!ip) return { estado: 'no_conectado', mac: login.mac, ip: null, mensaje: 'El dispositivo no aparece en el hotspot' };
    await exec('/ip/hotspot/active/login', { user: login.username, password: login.password, 'mac-address': login.mac, ip });
    return { estado: 'conectado', mac: login.mac, ip, mensaje: 'Dispositivo conectado' };
  } catch (error) {
    if (!isRouterFailure(error)) throw error;
    // A trap is the router's own word on this login (bad password, a limit reached); anything else
    // is about the way to the router and may name its address, which a portal must not see.
    const why = error instanceof TrapError ? error.message : 'Router no disponible';
    return { estado: 'no_conectado', mac: login.mac, ip: ip ?? null, mensaje: `No se pudo conectar: ${why}` };
  }
}
