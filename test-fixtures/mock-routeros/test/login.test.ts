import { describe, expect, it } from 'vitest';
import { challengeResponse } from '../src/index.js';
import { attributes } from './helpers/raw-client.js';
import { rawClient, routerForTest } from './helpers/router.js';

describe('login', () => {
  it('accepts the plain login of RouterOS 6.43+ and tags its reply', async () => {
    const router = await routerForTest();
    const client = await rawClient(router.port);
    expect(await client.command(['/login', '=name=admin', '=password=secret', '.tag=7'])).toEqual([['!done', '.tag=7']]);
    expect(await client.command(['/system/identity/print'])).toEqual([['!re', '=name=MikroTik'], ['!done']]);
  });

  it('answers a wrong password with the router trap, then !done, and stays logged out', async () => {
    const router = await routerForTest();
    const client = await rawClient(router.port);
    expect(await client.command(['/login', '=name=admin', '=password=wrong'])).toEqual([
      ['!trap', '=message=invalid user name or password (6)'],
      ['!done'],
    ]);
    expect(await client.command(['/login', '=name=root', '=password=secret'])).toEqual([
      ['!trap', '=message=invalid user name or password (6)'],
      ['!done'],
    ]);
    expect(await client.command(['/system/identity/print'])).toEqual([['!fatal', 'not logged in']]);
    await client.closed;
  });

  it('answers a command before login with !fatal and closes', async () => {
    const router = await routerForTest();
    const client = await rawClient(router.port);
    expect(await client.command(['/ip/hotspot/user/print', '.tag=1'])).toEqual([['!fatal', 'not logged in']]);
    await client.closed;
  });

  it('ends the session on /quit with !fatal "session terminated on request"', async () => {
    const router = await routerForTest();
    const client = await rawClient(router.port);
    await client.command(['/login', '=name=admin', '=password=secret']);
    expect(await client.command(['/quit'])).toEqual([['!fatal', 'session terminated on request']]);
    await client.closed;
    expect(router.stats.commands['/quit']).toBe(1);
  });

  it('refuses a client that keeps sending login attempts', async () => {
    const router = await routerForTest();
    const client = await rawClient(router.port);
    for (let i = 0; i < 10; i++) await client.command(['/login', '=name=admin', '=password=x']);
    expect(await client.command(['/login', '=name=admin', '=password=secret'])).toEqual([['!fatal', 'too many commands before login']]);
    await client.closed;
  });

  it('computes MD5 challenge responses that match the PROTOCOL.md vectors', () => {
    const vector = (challenge: string, password: string) => challengeResponse(Buffer.from(password), Buffer.from(challenge, 'hex'));
    expect(vector('259e0bc05acd6f46926dc2f809ed1bba', 'test')).toBe('00c7fd865183a43a772dde231f6d0bff13');
    expect(vector('93b438ec9b80057c06dd9fe67d56aa9a', '')).toBe('00e134102a9d330dd7b1849fedfea3cb57');
  });

  it('runs the MD5 challenge login when it claims a version before 6.43', async () => {
    const router = await routerForTest({ rosVersion: '6.42.12' });
    const client = await rawClient(router.port);
    // Old routers answer any /login without a response with a challenge (portable clients send the plain form first).
    const [first] = await client.command(['/login', '=name=admin', '=password=secret']);
    const challenge = attributes(first!).ret!;
    expect(challenge).toMatch(/^[0-9a-f]{32}$/);
    const wrong = challengeResponse(Buffer.from('nope'), Buffer.from(challenge, 'hex'));
    expect(await client.command(['/login', '=name=admin', `=response=${wrong}`])).toEqual([
      ['!trap', '=message=invalid user name or password (6)'],
      ['!done'],
    ]);
    const [again] = await client.command(['/login']);
    const next = attributes(again!).ret!;
    expect(next).not.toBe(challenge);
    const response = challengeResponse(Buffer.from('secret'), Buffer.from(next, 'hex'));
    expect(await client.command(['/login', '=name=admin', `=response=${response}`])).toEqual([['!done']]);
    expect(await client.command(['/system/identity/print'])).toEqual([['!re', '=name=MikroTik'], ['!done']]);
  });

  it('compares password bytes exactly (UTF-8 passwords included)', async () => {
    const router = await routerForTest({ password: 'contraseña' });
    const client = await rawClient(router.port);
    const latin1 = Buffer.from('=password=contraseña', 'latin1');
    expect((await client.command(['/login', '=name=admin', latin1]))[0]![0]).toBe('!trap');
    expect(await client.command(['/login', '=name=admin', '=password=contraseña'])).toEqual([['!done']]);
  });
});
