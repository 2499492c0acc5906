import { describe, expect, it, vi } from 'vitest';
import { MockClock } from '../src/clock.js';
import { NoActiveSessionError } from '../src/index.js';
import { attributes, type RawClient } from './helpers/raw-client.js';
import { loggedInClient, routerForTest } from './helpers/router.js';

const USERS = '/ip/hotspot/user';
const ACTIVE = '/ip/hotspot/active';
const MAC = 'AA:BB:CC:00:00:01';
const HOUR = 3_600_000;

async function login(client: RawClient, user: string, mac = MAC, ip = '10.5.50.9'): Promise<string[][]> {
  return client.command([`${ACTIVE}/login`, `=user=${user}`, '=password=pw', `=mac-address=${mac}`, `=ip=${ip}`]);
}

async function userRow(client: RawClient, name: string): Promise<Record<string, string>> {
  const [row] = await client.command([`${USERS}/print`, `?name=${name}`]);
  return attributes(row!);
}

async function activeRows(client: RawClient): Promise<Array<Record<string, string>>> {
  const rows = await client.command([`${ACTIVE}/print`]);
  return rows.filter((row) => row[0] === '!re').map(attributes);
}

describe('hotspot user limits and counters', () => {
  it('stores limits as RouterOS prints them and traps a value that is no interval or byte count', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    await client.command([`${USERS}/add`, '=name=a', '=limit-uptime=01:30:00', '=limit-bytes-total=0524288000']);
    expect(await userRow(client, 'a')).toMatchObject({
      'limit-uptime': '1h30m',
      'limit-bytes-total': '524288000',
      uptime: '0s',
      'bytes-in': '0',
      'bytes-out': '0',
    });
    await client.command([`${USERS}/set`, '=numbers=a', '=limit-uptime=1d12h']);
    expect((await userRow(client, 'a'))['limit-uptime']).toBe('1d12h');
    expect(await client.command([`${USERS}/add`, '=name=b', '=limit-uptime=ten minutes'])).toEqual([
      ['!trap', '=category=1', '=message=invalid value for argument limit-uptime'],
      ['!done'],
    ]);
    expect(await client.command([`${USERS}/set`, '=numbers=a', '=limit-bytes-total=5MB'])).toEqual([
      ['!trap', '=category=1', '=message=invalid value for argument limit-bytes-total'],
      ['!done'],
    ]);
    // A user without limits has no limit properties at all.
    await client.command([`${USERS}/add`, '=name=c']);
    expect(Object.keys(await userRow(client, 'c')).filter((name) => name.startsWith('limit-'))).toEqual([]);
  });

  it('ends a session at limit-uptime, folds its uptime into the user and refuses the next login', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    await client.command([`${USERS}/add`, '=name=u1', '=password=pw', '=limit-uptime=1h']);
    expect(await login(client, 'u1')).toEqual([['!done']]);
    router.clock.advance(20 * 60_000);
    expect(await activeRows(client)).toMatchObject([{ user: 'u1', uptime: '20m', 'session-time-left': '40m' }]);
    // Counters reach the user only when the session ends (HOTSPOT.md 4.2).
    expect((await userRow(client, 'u1')).uptime).toBe('0s');
    router.clock.advance(2 * HOUR);
    expect(await activeRows(client)).toEqual([]);
    expect((await userRow(client, 'u1')).uptime).toBe('1h');
    expect(await login(client, 'u1')).toEqual([['!trap', '=message=user u1 has reached uptime limit'], ['!done']]);
    expect(await client.command([`${USERS}/reset-counters`, '=numbers=u1'])).toEqual([['!done']]);
    expect(await login(client, 'u1')).toEqual([['!done']]);
  });

  it('gives a new session what the limits leave and ends it when the bytes are used up', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    await client.command([`${USERS}/add`, '=name=u2', '=password=pw', '=limit-uptime=1h', '=limit-bytes-total=1000']);
    await login(client, 'u2');
    router.clock.advance(15 * 60_000);
    router.traffic(MAC.toLowerCase(), 300, 100);
    const [session] = await activeRows(client);
    expect(session).toMatchObject({ uptime: '15m', 'bytes-in': '300', 'bytes-out': '100', 'packets-in': '1', 'limit-bytes-total': '1000' });
    await client.command([`${ACTIVE}/remove`, `=numbers=${session!['.id']}`]);
    expect(await userRow(client, 'u2')).toMatchObject({ uptime: '15m', 'bytes-in': '300', 'bytes-out': '100' });

    await login(client, 'u2');
    expect(await activeRows(client)).toMatchObject([{ 'session-time-left': '45m', 'limit-bytes-total': '600', uptime: '0s' }]);
    // More than the allowance: the router counts up to the limit and ends the session.
    router.traffic(MAC, 500, 500);
    expect(await activeRows(client)).toEqual([]);
    expect(await userRow(client, 'u2')).toMatchObject({ 'bytes-in': '800', 'bytes-out': '200' });
    expect(await login(client, 'u2')).toEqual([['!trap', '=message=user u2 has reached traffic limit'], ['!done']]);
    expect(() => router.traffic(MAC, 1, 1)).toThrow(NoActiveSessionError);
    expect(() => router.traffic(MAC, -1, 0)).toThrow(RangeError);
  });

  it('ends a session at the profile session-timeout without using up the user', async () => {
    const router = await routerForTest({ profiles: [{ name: '30m', 'session-timeout': '30m' }] });
    const client = await loggedInClient(router);
    await client.command([`${USERS}/add`, '=name=u3', '=password=pw', '=profile=30m', '=limit-uptime=1h']);
    await login(client, 'u3');
    expect((await activeRows(client))[0]!['session-time-left']).toBe('30m');
    router.clock.advance(HOUR);
    expect(await activeRows(client)).toEqual([]);
    expect((await userRow(client, 'u3')).uptime).toBe('30m');
    await login(client, 'u3');
    expect((await activeRows(client))[0]!['session-time-left']).toBe('30m');
    router.clock.advance(29 * 60_000 + 59_500);
    expect((await activeRows(client))[0]).toMatchObject({ uptime: '29m59s500ms', 'session-time-left': '500ms' });
    router.clock.advance(500);
    expect(await login(client, 'u3')).toEqual([['!trap', '=message=user u3 has reached uptime limit'], ['!done']]);
  });

  it('refuses a user bound to another MAC and a session beyond shared-users with the errors.txt texts', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    await client.command([`${USERS}/add`, '=name=bound', '=password=pw', `=mac-address=${MAC}`]);
    expect(await login(client, 'bound', '02:00:00:00:00:09')).toEqual([
      ['!trap', '=message=user bound is not allowed to log in from this MAC address'],
      ['!done'],
    ]);
    expect(await login(client, 'bound', MAC.toLowerCase())).toEqual([['!done']]);
    expect(await login(client, 'bound', MAC)).toEqual([['!trap', '=message=no more sessions are allowed for user bound'], ['!done']]);
  });

  it('streams logins and logouts to a listen on /ip/hotspot/active, and ends sessions with active/remove', async () => {
    const router = await routerForTest();
    router.state.add('/ip/hotspot/host', { 'mac-address': MAC, address: '10.5.50.9' });
    const watcher = await loggedInClient(router);
    const client = await loggedInClient(router);
    await client.command([`${USERS}/add`, '=name=u4', '=password=pw', '=limit-uptime=10m']);
    await client.command([`${USERS}/add`, '=name=u5', '=password=pw']);
    watcher.send([`${ACTIVE}/listen`, '.tag=L']);
    await expect.poll(() => router.stats.commands[`${ACTIVE}/listen`]).toBe(1);

    await login(client, 'u4');
    await login(client, 'u5', '02:00:00:00:00:05', '10.5.50.5');
    const logins = await watcher.waitFor((rows) => rows.length === 2);
    expect(logins.map(attributes)).toMatchObject([
      { '.id': '*1', user: 'u4', 'mac-address': MAC, address: '10.5.50.9', uptime: '0s', 'session-time-left': '10m' },
      { '.id': '*2', user: 'u5', 'mac-address': '02:00:00:00:00:05' },
    ]);
    expect(logins.every((row) => row.at(-1) === '.tag=L')).toBe(true);
    expect(router.state.items('/ip/hotspot/host')[0]!.authorized).toBe('true');
    watcher.take();

    // Uptime changes are not streamed; the end of a session is.
    router.clock.advance(5 * 60_000);
    expect(await client.command([`${ACTIVE}/remove`, '=numbers=*2'])).toEqual([['!done']]);
    router.clock.advance(5 * 60_000);
    expect(await watcher.waitFor((rows) => rows.length === 2)).toEqual([
      ['!re', '=.id=*2', '=.dead=yes', '.tag=L'],
      ['!re', '=.id=*1', '=.dead=yes', '.tag=L'],
    ]);
    expect(router.state.items('/ip/hotspot/host')[0]!.authorized).toBe('false');
    expect(router.state.items('/ip/hotspot/cookie')).toEqual([]);
    expect((await userRow(client, 'u5')).uptime).toBe('5m');
    expect(await client.command([`${ACTIVE}/remove`, '=numbers=*2'])).toEqual([['!trap', '=message=no such item'], ['!done']]);
  });

  it('counts router uptime and tells the date and time on the router clock', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    router.clock.advance(90_061_000);
    const [resource] = await client.command(['/system/resource/print', '=.proplist=uptime']);
    expect(attributes(resource!).uptime).toBe('1d1h1m1s');
    // On to a known instant (the clock only goes forward): 2030-01-01 00:00:05 UTC.
    router.clock.advance(Date.UTC(2030, 0, 1, 0, 0, 5) - router.clock.now());
    const [clock] = await client.command(['/system/clock/print']);
    expect(attributes(clock!)).toMatchObject({ date: '2030-01-01', time: '00:00:05', 'time-zone-name': 'UTC' });
    router.state.version = '7.9.2';
    expect(attributes((await client.command(['/system/clock/print', '=.proplist=date']))[0]!)).toEqual({ date: 'jan/01/2030' });
    expect((await client.command(['/system/clock/set', '=time=10:00:00']))[0]).toEqual([
      '!trap',
      '=category=4',
      '=message=mock-routeros does not implement /system/clock/set',
    ]);
  });
});

describe('MockClock', () => {
  it('follows the wall clock one step a second when asked, on top of manual advances', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const clock = new MockClock();
      const steps: number[] = [];
      clock.onAdvance((ms) => steps.push(ms));
      const stop = clock.followWallClock();
      clock.advance(60_000);
      vi.advanceTimersByTime(3000);
      stop();
      vi.advanceTimersByTime(3000);
      expect(steps).toEqual([60_000, 1000, 1000, 1000]);
      expect(clock.now()).toBe(1_063_000);
      expect(() => clock.advance(-1)).toThrow(RangeError);
    } finally {
      vi.useRealTimers();
    }
  });
});
