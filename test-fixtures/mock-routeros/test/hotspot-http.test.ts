import { describe, expect, it } from 'vitest';
import { chapResponse } from '../src/hotspot-http/chap.js';
import type { MockRouter } from '../src/index.js';
import { http } from './helpers/http-client.js';
import { loggedInClient, routerForTest } from './helpers/router.js';

const USERS = '/ip/hotspot/user';
const DST = 'http://example.com/news?a=1&b=2';
/** The MAC the servlet gives a device it first sees at 127.0.0.1. */
const LOOPBACK_MAC = '02:00:7F:00:00:01';

/** A login page of the operator's own, as `/file/add` leaves it: the variables a hosted portal reads. */
const PORTAL_LOGIN_PAGE =
  'mac=$(mac)|ip=$(ip)|chap-id=$(chap-id)|chap-challenge=$(chap-challenge)|error=$(error)|link-login-only=$(link-login-only)|link-orig=$(link-orig)|link-orig-esc=$(link-orig-esc)';

async function addUser(router: MockRouter, ...words: string[]): Promise<void> {
  const client = await loggedInClient(router);
  const reply = await client.command([`${USERS}/add`, '=password=pw', ...words]);
  expect(reply.at(-1)![0]).toBe('!done');
}

/** The variables of PORTAL_LOGIN_PAGE as rendered. */
function pageVariables(body: string): Record<string, string> {
  return Object.fromEntries(body.split('|').map((pair) => pair.split(/=(.*)/s).slice(0, 2) as [string, string]));
}

/** Bytes from RouterOS's octal escapes (`\371\015`). */
function unescapeOctal(text: string): Buffer {
  return Buffer.from([...text.matchAll(/\\([0-7]{3})/g)].map(([, octal]) => Number.parseInt(octal!, 8)));
}

describe('hotspot HTTP login (PAP)', () => {
  it('logs the requesting device in, redirects to dst, then serves status, api.json and logout', async () => {
    const router = await routerForTest({ hotspotHttp: { loginBy: 'http-pap' } });
    await addUser(router, '=name=ab12', '=limit-uptime=1h');
    const base = router.hotspotUrl!;
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const loginPage = await http(`${base}/login?dst=${encodeURIComponent(DST)}`);
    expect(loginPage.status).toBe(200);
    expect(loginPage.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(loginPage.body).toContain(`action="${base}/login"`);
    expect(loginPage.body).toContain(`name="dst" value="${DST}"`);
    expect(loginPage.body).not.toContain('hexMD5');

    const login = await http(`${base}/login`, { form: { username: 'ab12', password: 'pw', dst: DST } });
    expect(login).toMatchObject({ status: 302, statusText: 'Hotspot redirect', headers: { location: DST } });
    expect(router.state.items('/ip/hotspot/active')).toMatchObject([
      { user: 'ab12', address: '127.0.0.1', 'mac-address': LOOPBACK_MAC, 'login-by': 'http-pap', 'session-time-left': '1h' },
    ]);
    expect(router.state.items('/ip/hotspot/host')).toMatchObject([
      { address: '127.0.0.1', 'mac-address': LOOPBACK_MAC, authorized: 'true' },
    ]);

    // Logged in already: /login sends the device on (to dst, else to the status page).
    expect((await http(`${base}/login`)).headers.location).toBe(`${base}/status`);
    router.clock.advance(90_000);
    router.traffic(LOOPBACK_MAC, 2000, 9000);
    const status = await http(`${base}/status`);
    expect(status.status).toBe(200);
    expect(status.body).toContain('Welcome ab12');
    expect(status.body).toContain('1m30s');
    expect(status.body).toContain('58m30s');
    expect(status.body).toContain('2000 / 9000 bytes');
    const api = await http(`${base}/api`);
    expect(api.headers['content-type']).toBe('application/captive+json');
    expect(JSON.parse(api.body)).toEqual({
      captive: false,
      'user-portal-url': `${base}/login`,
      'seconds-remaining': 3510,
      'can-extend-session': true,
    });

    const logout = await http(`${base}/logout`, { method: 'POST' });
    expect(logout.status).toBe(200);
    expect(logout.body).toContain('You have just logged out');
    expect(router.state.items('/ip/hotspot/active')).toEqual([]);
    expect(router.state.items(USERS)[0]).toMatchObject({ uptime: '1m30s', 'bytes-in': '2000', 'bytes-out': '9000' });
    expect(JSON.parse((await http(`${base}/api`)).body)).toMatchObject({ captive: true });
    // Not logged in: status and logout send the device to the login page; so does /.
    for (const path of ['/status', '/logout', '/']) {
      expect(await http(`${base}${path}`)).toMatchObject({ status: 302, headers: { location: `${base}/login` } });
    }
  });

  it('tells devices apart by source address, with the MAC the host table gives that address', async () => {
    const router = await routerForTest({ hotspotHttp: { loginBy: 'http-pap' } });
    router.state.add('/ip/hotspot/host', { 'mac-address': 'AA:BB:CC:00:00:02', address: '127.0.0.2' });
    await addUser(router, '=name=phone');
    await addUser(router, '=name=laptop');
    await http(`${router.hotspotUrl}/login`, { form: { username: 'phone', password: 'pw' }, localAddress: '127.0.0.2' });
    await http(`${router.hotspotUrl}/login`, { form: { username: 'laptop', password: 'pw' }, localAddress: '127.0.0.3' });
    expect(router.state.items('/ip/hotspot/active').map((session) => [session.user, session.address, session['mac-address']])).toEqual([
      ['phone', '127.0.0.2', 'AA:BB:CC:00:00:02'],
      ['laptop', '127.0.0.3', '02:00:7F:00:00:03'],
    ]);
    // The device at 127.0.0.2 is logged in; the one at 127.0.0.4 is not.
    expect((await http(`${router.hotspotUrl}/status`, { localAddress: '127.0.0.2' })).body).toContain('Welcome phone');
    expect((await http(`${router.hotspotUrl}/status`, { localAddress: '127.0.0.4' })).status).toBe(302);
  });

  it('refuses with errors.txt texts on the login page: wrong password, disabled user, used-up limits', async () => {
    const router = await routerForTest({ hotspotHttp: { loginBy: 'http-pap' } });
    const client = await loggedInClient(router);
    await client.command(['/file/add', '=name=hotspot/login.html', `=contents=${PORTAL_LOGIN_PAGE}`]);
    await addUser(router, '=name=short', '=limit-uptime=1m');
    await addUser(router, '=name=off', '=disabled=yes');
    const login = (username: string, password = 'pw') =>
      http(`${router.hotspotUrl}/login`, { form: { username, password, dst: DST } }).then((answer) => ({
        status: answer.status,
        ...pageVariables(answer.body),
      }));
    expect(await login('short', 'nope')).toMatchObject({ status: 200, error: 'invalid username or password', 'link-orig': DST });
    expect(await login('off')).toMatchObject({ error: 'invalid username or password' });
    expect(await login('nobody')).toMatchObject({ error: 'invalid username or password' });
    expect((await http(`${router.hotspotUrl}/login`, { form: { username: 'short', password: 'pw' } })).status).toBe(302);
    router.clock.advance(5 * 60_000);
    expect(router.state.items('/ip/hotspot/active')).toEqual([]);
    expect(await login('short')).toMatchObject({
      status: 200,
      error: 'user short has reached uptime limit',
      mac: LOOPBACK_MAC,
      ip: '127.0.0.1',
    });
  });
});

describe('hotspot HTTP login (CHAP, the RouterOS default)', () => {
  it('checks md5(chap-id + password + chap-challenge) against the challenge the device was shown last', async () => {
    const router = await routerForTest({ hotspotHttp: true });
    const client = await loggedInClient(router);
    await client.command(['/file/add', '=name=hotspot/login.html', `=contents=${PORTAL_LOGIN_PAGE}`]);
    await addUser(router, '=name=chap1');
    const base = router.hotspotUrl!;

    const first = pageVariables((await http(`${base}/login?dst=${encodeURIComponent(DST)}`)).body);
    expect(first).toMatchObject({ mac: LOOPBACK_MAC, ip: '127.0.0.1', 'link-login-only': `${base}/login`, 'link-orig': DST });
    expect(first['link-orig-esc']).toBe('http%3A%2F%2Fexample.com%2Fnews%3Fa%3D1%26b%3D2');
    expect(first['chap-id']).toMatch(/^\\[0-7]{3}$/);
    expect(first['chap-challenge']).toMatch(/^(\\[0-7]{3}){16}$/);
    const chapOf = (page: Record<string, string>) => ({
      id: unescapeOctal(page['chap-id']!),
      challenge: unescapeOctal(page['chap-challenge']!),
    });

    // The plain password is refused while only http-chap is on; the answer is a new login page with a new challenge.
    const plain = pageVariables((await http(`${base}/login`, { form: { username: 'chap1', password: 'pw', dst: DST } })).body);
    expect(plain.error).toBe('invalid username or password');
    // A response to the first challenge no longer counts: the latest page's challenge wins.
    const stale = await http(`${base}/login`, { form: { username: 'chap1', password: chapResponse(chapOf(first), 'pw'), dst: DST } });
    expect(pageVariables(stale.body).error).toBe('invalid username or password');
    const latest = pageVariables(stale.body);
    const login = await http(`${base}/login`, { form: { username: 'chap1', password: chapResponse(chapOf(latest), 'pw'), dst: DST } });
    expect(login).toMatchObject({ status: 302, headers: { location: DST } });
    expect(router.state.items('/ip/hotspot/active')).toMatchObject([
      { user: 'chap1', 'login-by': 'http-chap', 'mac-address': LOOPBACK_MAC },
    ]);
  });

  it('says the browser sent no challenge response when the device never got a login page', async () => {
    const router = await routerForTest({ hotspotHttp: true });
    const client = await loggedInClient(router);
    await client.command(['/file/add', '=name=hotspot/login.html', `=contents=${PORTAL_LOGIN_PAGE}`]);
    await addUser(router, '=name=u');
    const answer = await http(`${router.hotspotUrl}/login`, { form: { username: 'u', password: 'pw' } });
    expect(pageVariables(answer.body).error).toBe('web browser did not send challenge response (try again, enable JavaScript)');
  });

  it("serves its own login page doing CHAP in the browser with md5.js, and the operator's files", async () => {
    const router = await routerForTest({ hotspotHttp: { loginBy: 'http-chap,http-pap' } });
    const base = router.hotspotUrl!;
    const page = (await http(`${base}/login`)).body;
    expect(page).toContain('<script src="/md5.js"></script>');
    expect(page).toMatch(/hexMD5\('(\\[0-7]{3})' \+ document\.login\.password\.value \+ '(\\[0-7]{3}){16}'\)/);
    const script = await http(`${base}/md5.js`);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.body).toContain('function hexMD5(s)');
    router.state.add('/file', { name: 'hotspot/css/style.css', contents: 'body { color: $(mac) }' });
    expect((await http(`${base}/css/style.css`)).body).toBe('body { color: $(mac) }');
    router.state.add('/file', { name: 'hotspot/alogin.html', contents: 'welcome $(username), on to $(link-redirect)' });
    await addUser(router, '=name=v');
    const login = await http(`${base}/login`, { form: { username: 'v', password: 'pw', dst: DST } });
    expect(login).toMatchObject({ status: 200, body: `welcome v, on to ${DST}` });
    expect(router.state.items('/ip/hotspot/active')[0]!['login-by']).toBe('http-pap');
  });

  it('answers 404, 405 and 413 for what it does not serve, and 500 for a page it cannot read', async () => {
    const router = await routerForTest({ hotspotHttp: true });
    const base = router.hotspotUrl!;
    expect((await http(`${base}/nothing.html`)).status).toBe(404);
    expect((await http(`${base}/constructor`)).status).toBe(404);
    expect((await http(`${base}/login`, { method: 'PUT' })).status).toBe(405);
    expect((await http(`${base}/login`, { body: `username=${'x'.repeat(70_000)}` })).status).toBe(413);
    router.state.add('/file', { name: 'hotspot/login.html', contents: '$(if error)broken' });
    const broken = await http(`${base}/login`);
    expect(broken.status).toBe(500);
    expect(broken.body).toContain('without $(endif)');
  });
});
