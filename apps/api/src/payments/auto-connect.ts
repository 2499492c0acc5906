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
export async function deviceAddress(exec: RouterExec, mac: string): Promise<string | undefined> {
  const { rows } = await exec('/ip/hotspot/host/print', { '?mac-address': mac, '.proplist': ['address'] });
  const address = rows[0]?.address;
  return address && isValidClientIp(address) ? address : undefined;
}

/** How a device login went: logged in, not seen by the hotspot, refused by the router (its trap's words), or the router not reached. */
export type DeviceLogin =
  | { outcome: 'logged_in'; ip: string }
  | { outcome: 'no_address' }
  | { outcome: 'refused'; ip: string; trap: string }
  | { outcome: 'unreachable'; ip: string | null };

/**
 * Logs the device in. Never throws for a router failure: it is an outcome.
 * @param mac already normalised; @param ip already validated, or undefined to look it up.
 */
export async function logInDevice(
  exec: RouterExec,
  login: { username: string; password: string; mac: string; ip: string | undefined },
): Promise<DeviceLogin> {
  let ip = login.ip;
  try {
    ip ??= await deviceAddress(exec, login.mac);
    if (!ip) return { outcome: 'no_address' };
    await exec('/ip/hotspot/active/login', { user: login.username, password: login.password, 'mac-address': login.mac, ip });
    return { outcome: 'logged_in', ip };
  } catch (error) {
    if (!isRouterFailure(error)) throw error;
    // A trap is the router's own word on this login (bad password, a limit reached); anything else
    // is about the way to the router and may name its address, which a portal must not see.
    if (error instanceof TrapError && ip) return { outcome: 'refused', ip, trap: error.message };
    return { outcome: 'unreachable', ip: ip ?? null };
  }
}

/** Logs the device in and says how it went, in the purchase answer's terms; never throws for a router failure. */
export async function autoConnect(
  exec: RouterExec,
  login: { username: string; password: string; mac: string; ip: string | undefined },
): Promise<AutoConnectResult> {
  const result = await logInDevice(exec, login);
  switch (result.outcome) {
    case 'logged_in':
      return { estado: 'conectado', mac: login.mac, ip: result.ip, mensaje: 'Dispositivo conectado' };
    case 'no_address':
      return { estado: 'no_conectado', mac: login.mac, ip: null, mensaje: 'El dispositivo no aparece en el hotspot' };
    case 'refused':
      return { estado: 'no_conectado', mac: login.mac, ip: result.ip, mensaje: `No se pudo conectar: ${result.trap}` };
    case 'unreachable':
      return { estado: 'no_conectado', mac: login.mac, ip: result.ip, mensaje: 'No se pudo conectar: Router no disponible' };
  }
}
