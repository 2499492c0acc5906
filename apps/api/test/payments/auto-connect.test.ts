import { ConnectionClosedError, TimeoutError, TrapError } from '@hotspot/routeros';
import { describe, expect, it } from 'vitest';
import { autoConnect } from '../../src/payments/auto-connect.js';
import type { RouterExec } from '../../src/payments/hotspot-users.js';

const login = { username: 'u1', password: 'p1', mac: 'AA:BB:CC:00:00:09', ip: '10.5.50.19' };
const failingWith =
  (error: Error): RouterExec =>
  async () => {
    throw error;
  };

describe('autoConnect tells the portal why a login failed, never where the router is', () => {
  it.each([
    new TimeoutError('connect to 192.0.2.7:8728 timed out after 1000 ms', 1000),
    new ConnectionClosedError('connect ECONNREFUSED 192.0.2.7:8728'),
  ])('a failure on the way to the router: "Router no disponible" (%s)', async (error) => {
    const result = await autoConnect(failingWith(error), login);
    expect(result).toEqual({ estado: 'no_conectado', mac: login.mac, ip: login.ip, mensaje: 'No se pudo conectar: Router no disponible' });
    expect(JSON.stringify(result)).not.toContain('192.0.2.7');
  });

  it("a trap: the router's own words about the login", async () => {
    const trap = new TrapError('/ip/hotspot/active/login', [
      { message: 'user u1 has reached uptime limit', category: undefined, attributes: { message: 'user u1 has reached uptime limit' } },
    ]);
    const result = await autoConnect(failingWith(trap), login);
    expect(result.mensaje).toBe('No se pudo conectar: user u1 has reached uptime limit');
  });

  it('a bug is not dressed up as a router failure', async () => {
    await expect(autoConnect(failingWith(new TypeError('boom')), login)).rejects.toThrow(TypeError);
  });
});
