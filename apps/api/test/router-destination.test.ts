/** Where router connections may go: always-denied addresses, ROUTER_DENY_NETWORKS, names resolved first. */
import { describe, expect, it } from 'vitest';
import { parseNetwork, RouterDestinationDeniedError, RouterDestinations, type Resolve } from '../src/routers/destination.js';
import { RouterPool } from '../src/routers/pool.js';
import { connectOptions, type RouterTarget } from '../src/routers/target.js';

const names: Record<string, string[]> = {
  'router.example': ['192.0.2.7'],
  'metadata.example': ['192.0.2.8', '169.254.169.254'],
  'loop.example': ['127.0.0.1'],
};
const resolve: Resolve = async (host) => names[host] ?? [];

async function denial(destinations: RouterDestinations, host: string): Promise<RouterDestinationDeniedError | string> {
  try {
    return await destinations.addressOf(host);
  } catch (error) {
    if (error instanceof RouterDestinationDeniedError) return error;
    throw error;
  }
}

describe('RouterDestinations', () => {
  it('always refuses link-local, cloud metadata and unspecified addresses; allows loopback by default', async () => {
    const destinations = new RouterDestinations([], resolve);
    for (const host of [
      '169.254.169.254',
      '169.254.0.1',
      'fe80::1',
      '::ffff:169.254.169.254',
      'fd00:ec2::254',
      '100.100.100.200',
      '0.0.0.0',
      '::',
    ]) {
      expect(await denial(destinations, host)).toBeInstanceOf(RouterDestinationDeniedError);
    }
    expect(await destinations.addressOf('127.0.0.1')).toBe('127.0.0.1');
    expect(await destinations.addressOf('10.1.2.3')).toBe('10.1.2.3');
  });

  it('refuses the configured networks, and a name that resolves to a denied address', async () => {
    const destinations = new RouterDestinations([parseNetwork('127.0.0.0/8')!, parseNetwork('10.0.0.0/8')!], resolve);
    expect(await denial(destinations, '127.0.0.1')).toBeInstanceOf(RouterDestinationDeniedError);
    expect(await denial(destinations, '10.9.9.9')).toBeInstanceOf(RouterDestinationDeniedError);
    expect(await denial(destinations, 'loop.example')).toMatchObject({ host: 'loop.example', address: '127.0.0.1' });
    // One denied address among several is enough.
    expect(await denial(destinations, 'metadata.example')).toMatchObject({ address: '169.254.169.254' });
    expect(await destinations.addressOf('router.example')).toBe('192.0.2.7');
  });

  it('parses CIDR networks and refuses anything else', () => {
    expect(parseNetwork('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseNetwork(' fd00::/8 ')).toEqual({ address: 'fd00::', prefix: 8, family: 'ipv6' });
    for (const bad of ['10.0.0.0', '10.0.0.0/33', 'fd00::/129', 'example.com/8', '10.0.0/8', '']) expect(parseNetwork(bad)).toBeUndefined();
  });
});

describe('connecting to the checked address', () => {
  const target: RouterTarget = {
    id: 'RTR_00000001',
    host: 'router.example',
    port: 8729,
    username: 'api',
    password: 'pw',
    tls: true,
    tlsMode: 'verify-cert',
    tlsCaPem: 'PEM',
  };

  it('connects to the resolved address and checks the certificate against the configured name', () => {
    expect(connectOptions(target, 1000, '192.0.2.7')).toMatchObject({
      host: '192.0.2.7',
      tls: { servername: 'router.example', ca: 'PEM' },
    });
  });

  it('the pool refuses a denied host without creating a connection, and looks again on the next command', async () => {
    let created = 0;
    const pool = new RouterPool({
      timeoutMs: 1000,
      idleMs: 60_000,
      destinations: new RouterDestinations([], resolve),
      createClient: () => {
        created++;
        throw new Error('no connection may be created');
      },
    });
    const denied = { ...target, host: 'metadata.example', tls: false };
    await expect(pool.exec(denied, '/system/identity/print')).rejects.toBeInstanceOf(RouterDestinationDeniedError);
    await expect(pool.exec(denied, '/system/identity/print')).rejects.toBeInstanceOf(RouterDestinationDeniedError);
    expect(created).toBe(0);
    expect(pool.size).toBe(0);
    await pool.close();
  });
});
