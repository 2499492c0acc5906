import { describe, expect, it } from 'vitest';
import { attributes } from './helpers/raw-client.js';
import { loggedInClient, routerForTest } from './helpers/router.js';

const LOGIN = '/ip/hotspot/active/login';

describe('/ip/hotspot/active login, cookies and hosts', () => {
  it('logs a user in: checks the password, opens a session and leaves a MAC cookie', async () => {
    const router = await routerForTest({ profiles: [{ name: '1h', 'session-timeout': '1h' }] });
    router.state.add('/ip/hotspot/host', { 'mac-address': 'AA:BB:CC:00:00:01', address: '10.5.50.9' });
    const client = await loggedInClient(router);
    await client.command(['/ip/hotspot/user/add', '=name=ab12', '=password=pw', '=profile=1h']);
    expect(await client.command([LOGIN, '=user=ab12', '=password=bad', '=mac-address=AA:BB:CC:00:00:01', '=ip=10.5.50.9'])).toEqual([
      ['!trap', '=message=invalid username or password'],
      ['!done'],
    ]);
    expect(router.state.items('/ip/hotspot/active')).toEqual([]);
    expect(
      await client.command([LOGIN, '=user=ab12', '=password=pw', '=mac-address=AA:BB:CC:00:00:01', '=ip=10.5.50.9', '.tag=l']),
    ).toEqual([['!done', '.tag=l']]);
    const [session] = await client.command(['/ip/hotspot/active/print']);
    expect(attributes(session!)).toMatchObject({
      '.id': '*1',
      server: 'hotspot1',
      user: 'ab12',
      address: '10.5.50.9',
      'mac-address': 'AA:BB:CC:00:00:01',
      'session-time-left': '1h',
    });
    const [cookie] = await client.command(['/ip/hotspot/cookie/print']);
    expect(attributes(cookie!)).toMatchObject({ user: 'ab12', 'mac-address': 'AA:BB:CC:00:00:01', 'expires-in': '3d' });
    expect(router.state.items('/ip/hotspot/host')[0]).toMatchObject({ authorized: 'true', address: '10.5.50.9' });
  });

  it('allows only shared-users sessions per user and no cookie when the profile disables it', async () => {
    const router = await routerForTest({ profiles: [{ name: 'nocookie', 'add-mac-cookie': 'false' }] });
    const client = await loggedInClient(router);
    await client.command(['/ip/hotspot/user/add', '=name=u', '=password=p', '=profile=nocookie']);
    expect(await client.command([LOGIN, '=user=u', '=password=p', '=mac-address=02:00:00:00:00:01', '=ip=10.0.0.2'])).toEqual([['!done']]);
    expect(await client.command([LOGIN, '=user=u', '=password=p', '=mac-address=02:00:00:00:00:02', '=ip=10.0.0.3'])).toEqual([
      ['!trap', '=message=no more sessions are allowed for user u'],
      ['!done'],
    ]);
    expect(router.state.items('/ip/hotspot/cookie')).toEqual([]);
  });

  it('removes sessions and cookies, and has no add for cookies (as on a real router)', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    await client.command(['/ip/hotspot/user/add', '=name=u', '=password=p']);
    await client.command([LOGIN, '=user=u', '=password=p', '=mac-address=02:00:00:00:00:01', '=ip=10.0.0.2']);
    expect(await client.command(['/ip/hotspot/cookie/add', '=user=u'])).toEqual([
      ['!trap', '=category=0', '=message=no such command or directory (add)'],
      ['!done'],
    ]);
    const cookieId = router.state.items('/ip/hotspot/cookie')[0]!['.id']!;
    expect(await client.command(['/ip/hotspot/cookie/remove', `=.id=${cookieId}`])).toEqual([['!done']]);
    expect(await client.command(['/ip/hotspot/active/remove', '=numbers=*1'])).toEqual([['!done']]);
    expect(router.state.items('/ip/hotspot/active')).toEqual([]);
    expect(router.state.items('/ip/hotspot/cookie')).toEqual([]);
  });

  it('prints hosts seeded through state.add with the menu defaults', async () => {
    const router = await routerForTest();
    const id = router.state.add('/ip/hotspot/host', { 'mac-address': '02:AA:00:00:00:01', address: '10.5.50.20' });
    const client = await loggedInClient(router);
    const [host] = await client.command(['/ip/hotspot/host/print', '?mac-address=02:AA:00:00:00:01']);
    expect(attributes(host!)).toMatchObject({ '.id': id, address: '10.5.50.20', authorized: 'false', server: 'hotspot1' });
    router.state.remove('/ip/hotspot/host', id);
    expect(() => router.state.remove('/ip/hotspot/host', id)).toThrow(/no item/);
  });

  it('seeds 100000 active sessions quickly and prints them through the socket', async () => {
    const started = performance.now();
    const router = await routerForTest({ seedActive: 100_000 });
    const seedMs = performance.now() - started;
    expect(seedMs).toBeLessThan(5000);
    const client = await loggedInClient(router);
    const print = async () => {
      const printStarted = performance.now();
      client.send(['/ip/hotspot/active/print', '=.proplist=.id,user,address,mac-address', '.tag=big']);
      await client.waitFor((all) => all.at(-1)?.[0] === '!done', 15_000);
      return { sentences: client.take(), ms: performance.now() - printStarted };
    };
    const first = await print();
    expect(first.sentences).toHaveLength(100_001);
    expect(new Set(first.sentences.slice(0, -1).map((row) => attributes(row).address)).size).toBe(100_000);
    expect(attributes(first.sentences[99_999]!)).toMatchObject({ '.id': '*186A0', user: 'user100000' });
    // The second print reuses the cached row encodings.
    const second = await print();
    expect(second.sentences).toEqual(first.sentences);
    console.log(
      `seedActive 100000: ${seedMs.toFixed(0)} ms; print of 100000 rows (raw test client included): ` +
        `${first.ms.toFixed(0)} ms, again ${second.ms.toFixed(0)} ms`,
    );
  });
});
