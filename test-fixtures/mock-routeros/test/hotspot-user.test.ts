import { describe, expect, it } from 'vitest';
import { attributes } from './helpers/raw-client.js';
import { loggedInClient, routerForTest } from './helpers/router.js';

const USERS = '/ip/hotspot/user';

describe('/ip/hotspot/user', () => {
  it('adds a user (=ret=*ID), prints it, changes it and removes it', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    const added = await client.command([`${USERS}/add`, '=name=ab12', '=password=pw', '=comment=plan 1h', '.tag=a']);
    expect(added).toEqual([['!done', '=ret=*1', '.tag=a']]);
    const printed = await client.command([`${USERS}/print`, '.tag=p']);
    expect(printed).toHaveLength(2);
    expect(printed[0]![0]).toBe('!re');
    expect(printed[0]!.at(-1)).toBe('.tag=p');
    expect(attributes(printed[0]!)).toMatchObject({
      '.id': '*1',
      name: 'ab12',
      password: 'pw',
      profile: 'default',
      server: 'all',
      disabled: 'false',
      comment: 'plan 1h',
    });
    expect(await client.command([`${USERS}/set`, '=.id=*1', '=password=new', '=disabled=yes'])).toEqual([['!done']]);
    expect(router.state.items(USERS)[0]).toMatchObject({ password: 'new', disabled: 'true' });
    expect(await client.command([`${USERS}/enable`, '=numbers=ab12'])).toEqual([['!done']]);
    expect(router.state.items(USERS)[0]!.disabled).toBe('false');
    expect(await client.command([`${USERS}/disable`, '=numbers=*1'])).toEqual([['!done']]);
    expect(router.state.items(USERS)[0]!.disabled).toBe('true');
    expect(await client.command([`${USERS}/remove`, '=.id=*1'])).toEqual([['!done']]);
    expect(router.state.items(USERS)).toEqual([]);
  });

  it('removes several users from a numbers list and refuses a list naming a missing one', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    for (const name of ['u1', 'u2', 'u3']) await client.command([`${USERS}/add`, `=name=${name}`]);
    expect(await client.command([`${USERS}/remove`, '=numbers=*1,*9'])).toEqual([['!trap', '=message=no such item'], ['!done']]);
    expect(router.state.items(USERS)).toHaveLength(3);
    expect(await client.command([`${USERS}/remove`, '=numbers=*1,u3'])).toEqual([['!done']]);
    expect(router.state.items(USERS).map((user) => user.name)).toEqual(['u2']);
    expect(await client.command([`${USERS}/set`, '=.id=*7', '=comment=x'])).toEqual([['!trap', '=message=no such item'], ['!done']]);
  });

  it('traps a duplicate name and an unknown profile with the router texts', async () => {
    const router = await routerForTest({ profiles: [{ name: '1h', 'session-timeout': '1h' }] });
    const client = await loggedInClient(router);
    await client.command([`${USERS}/add`, '=name=dup', '=profile=1h']);
    expect(await client.command([`${USERS}/add`, '=name=dup', '.tag=9'])).toEqual([
      ['!trap', '=message=failure: already have user with this name for this server', '.tag=9'],
      ['!done', '.tag=9'],
    ]);
    expect(await client.command([`${USERS}/add`, '=name=other', '=profile=2h'])).toEqual([
      ['!trap', '=category=1', '=message=input does not match any value of profile'],
      ['!done'],
    ]);
    await client.command([`${USERS}/add`, '=name=other']);
    expect((await client.command([`${USERS}/set`, '=numbers=other', '=name=dup']))[0]).toEqual([
      '!trap',
      '=message=failure: already have user with this name for this server',
    ]);
    expect(router.state.items(USERS).map((user) => user.name)).toEqual(['dup', 'other']);
  });

  it('lists the default profile and seeded ones', async () => {
    const router = await routerForTest({ profiles: [{ name: '1h', 'session-timeout': '1h' }] });
    const client = await loggedInClient(router);
    const rows = await client.command([`${USERS}/profile/print`, '=.proplist=name,session-timeout,shared-users']);
    expect(rows.map((row) => row[0])).toEqual(['!re', '!re', '!done']);
    expect(rows.slice(0, 2).map(attributes)).toEqual([
      { name: 'default', 'shared-users': '1' },
      { name: '1h', 'session-timeout': '1h', 'shared-users': '1' },
    ]);
  });

  it('answers !empty then !done for an empty print from 7.18 on, and plain !done before', async () => {
    const modern = await routerForTest({ rosVersion: '7.18' });
    const modernClient = await loggedInClient(modern);
    expect(await modernClient.command([`${USERS}/print`, '.tag=3'])).toEqual([
      ['!empty', '.tag=3'],
      ['!done', '.tag=3'],
    ]);
    const older = await routerForTest({ rosVersion: '7.17' });
    const olderClient = await loggedInClient(older);
    expect(await olderClient.command([`${USERS}/print`, '.tag=3'])).toEqual([['!done', '.tag=3']]);
  });
});

describe('command tree', () => {
  it('traps an unknown path, a menu without a command and an unknown argument', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    expect(await client.command(['/ip/hotspot/usr/print'])).toEqual([
      ['!trap', '=category=0', '=message=no such command or directory (usr)'],
      ['!done'],
    ]);
    expect(await client.command(['/ip/hotspot/user/prnt', '.tag=x'])).toEqual([
      ['!trap', '=category=0', '=message=no such command or directory (prnt)', '.tag=x'],
      ['!done', '.tag=x'],
    ]);
    expect(await client.command(['/ip/hotspot/user'])).toEqual([['!trap', '=category=0', '=message=no such command prefix'], ['!done']]);
    expect(await client.command([`${USERS}/add`, '=name=a', '=colour=red'])).toEqual([
      ['!trap', '=message=unknown parameter colour'],
      ['!done'],
    ]);
    expect(router.state.items(USERS)).toEqual([]);
  });

  it('starts like a fresh router: hotspot1, the default profile, identity MikroTik, 7.19.6', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    expect(await client.command(['/ip/hotspot/print', '=.proplist=name,disabled'])).toEqual([
      ['!re', '=name=hotspot1', '=disabled=false'],
      ['!done'],
    ]);
    expect(await client.command([`${USERS}/profile/print`, '=.proplist=name,default'])).toEqual([
      ['!re', '=name=default', '=default=true'],
      ['!done'],
    ]);
    expect(router.state.identity).toBe('MikroTik');
    expect(router.state.version).toBe('7.19.6');
    expect(router.state.items(USERS)).toEqual([]);
  });

  it('answers the system menus', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    expect(await client.command(['/system/identity/set', '=name=edge-1'])).toEqual([['!done']]);
    expect(router.state.identity).toBe('edge-1');
    const [resource] = await client.command(['/system/resource/print']);
    expect(attributes(resource!)).toMatchObject({ version: '7.19.6 (stable)', 'board-name': 'CHR' });
    expect(attributes(resource!).uptime).toMatch(/^(\d+[wdhm])*\d+s$|^(\d+[wdhm])+$/);
    expect(await client.command(['/system/resource/print', '=.proplist=version'])).toEqual([
      ['!re', '=version=7.19.6 (stable)'],
      ['!done'],
    ]);
  });
});

describe('generic table commands', () => {
  it('adds with copy-from, unsets a property and reads one with get', async () => {
    const router = await routerForTest({ profiles: [{ name: '1h', 'session-timeout': '1h' }] });
    const client = await loggedInClient(router);
    await client.command([`${USERS}/add`, '=name=template', '=profile=1h', '=limit-uptime=1h', '=comment=t']);
    expect(await client.command([`${USERS}/add`, '=copy-from=template', '=name=copy'])).toEqual([['!done', '=ret=*2']]);
    expect(router.state.items(USERS)[1]).toMatchObject({ '.id': '*2', name: 'copy', profile: '1h', 'limit-uptime': '1h', comment: 't' });
    expect(await client.command([`${USERS}/profile/unset`, '=numbers=1h', '=value-name=session-timeout'])).toEqual([['!done']]);
    expect(router.state.items(`${USERS}/profile`)[1]).not.toHaveProperty('session-timeout');
    expect(await client.command([`${USERS}/get`, '=number=copy', '=value-name=limit-uptime'])).toEqual([['!done', '=ret=1h']]);
    expect(await client.command(['/system/identity/get', '=value-name=name'])).toEqual([['!done', '=ret=MikroTik']]);
  });

  it('keeps plain tables for other menus of the tree and traps commands it does not implement', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    expect(await client.command(['/ip/address/add', '=address=10.5.50.1/24', '=interface=bridge'])).toEqual([['!done', '=ret=*1']]);
    const [row] = await client.command(['/ip/address/print']);
    expect(row).toEqual(['!re', '=.id=*1', '=address=10.5.50.1/24', '=interface=bridge']);
    expect(await client.command(['/system/reboot'])).toEqual([
      ['!trap', '=category=4', '=message=mock-routeros does not implement /system/reboot'],
      ['!done'],
    ]);
  });
});

describe('claimed version', () => {
  it('switches !empty on and off when state.version changes, and refuses a non-version', async () => {
    const router = await routerForTest({ rosVersion: '7.17' });
    const client = await loggedInClient(router);
    expect(await client.command([`${USERS}/print`])).toEqual([['!done']]);
    router.state.version = '7.18.2';
    expect(await client.command([`${USERS}/print`])).toEqual([['!empty'], ['!done']]);
    const [resource] = await client.command(['/system/resource/print', '=.proplist=version']);
    expect(resource).toEqual(['!re', '=version=7.18.2 (stable)']);
    expect(() => (router.state.version = 'latest')).toThrow(RangeError);
    expect(router.state.version).toBe('7.18.2');
  });
});
