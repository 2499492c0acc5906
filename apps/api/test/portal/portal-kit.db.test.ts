/**
 * The hosted portal over HTTP, without a browser: the operator's kit (login.html, walled garden,
 * applied idempotently on the mock router), tenant isolation, what the page's calls refuse
 * (another origin, a form post, bad input), the recovery throttle, and the CHAP arithmetic.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chapResponse, parseChap, unescapeChap } from '../../src/portal/chap.js';
import { langFrom } from '../../src/portal/i18n.js';
import { WALLED_GARDEN_COMMENT } from '../../src/portal/kit.js';
import { PORTAL_LIMITS } from '../../src/http/routes/portal-page.js';
import { clientAdminToken, createCompany, superAdminToken } from '../helpers/seed.js';
import { startPortalEnv, type PortalEnv } from '../payments/portal-env.js';

let env: PortalEnv;
let root: string;

beforeAll(async () => {
  env = await startPortalEnv();
  root = await superAdminToken(env.app);
}, 30_000);
afterAll(() => env?.close());

const kitPath = () => `/api/v1/admin/routers/${env.shop.router.id}/portal-kit`;

describe('the portal kit', () => {
  it('gives a login.html that sends every hotspot variable to the hosted page, and the walled garden as commands', async () => {
    const res = await env.app.request('GET', kitPath(), { token: root });
    expect(res.status).toBe(200);
    const portalUrl = `${env.app.url}/portal/${env.shop.router.id}`;
    expect(res.body.portal_url).toBe(portalUrl);
    const html: string = res.body.files['login.html'];
    expect(html).toContain(`action="${portalUrl}" method="get"`);
    for (const variable of ['mac', 'ip', 'link-login-only', 'link-orig-esc', 'chap-id', 'chap-challenge', 'error', 'identity'])
      expect(html).toContain(`name="${variable}" value="$(${variable})"`);
    expect(html).not.toContain(env.shop.apiKey);
    // The service and the Conekta API (a fake) on 127.0.0.1; Conekta.js from its default CDN.
    expect(res.body.walled_garden.hosts).toEqual(['127.0.0.1', 'cdn.conekta.io']);
    expect(res.body.walled_garden.commands).toEqual([
      `/ip hotspot walled-garden ip add action=accept dst-host=127.0.0.1 comment=${WALLED_GARDEN_COMMENT}`,
      `/ip hotspot walled-garden add action=allow dst-host=127.0.0.1 comment=${WALLED_GARDEN_COMMENT}`,
      `/ip hotspot walled-garden ip add action=accept dst-host=cdn.conekta.io comment=${WALLED_GARDEN_COMMENT}`,
      `/ip hotspot walled-garden add action=allow dst-host=cdn.conekta.io comment=${WALLED_GARDEN_COMMENT}`,
    ]);
  });

  it('applies the walled garden once: a second apply adds nothing and entries of others stay', async () => {
    env.mock.state.add('/ip/hotspot/walled-garden/ip', { 'dst-host': 'example.org', action: 'accept', comment: 'operator' });
    const first = await env.app.request('POST', `${kitPath()}/apply`, { token: root });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ added: 4, already_present: 0 });
    const second = await env.app.request('POST', `${kitPath()}/apply`, { token: root });
    expect(second.body).toEqual({ added: 0, already_present: 4 });
    const ip = env.mock.state.items('/ip/hotspot/walled-garden/ip');
    expect(ip.map((e) => [e['dst-host'], e.comment])).toEqual([
      ['example.org', 'operator'],
      ['127.0.0.1', WALLED_GARDEN_COMMENT],
      ['cdn.conekta.io', WALLED_GARDEN_COMMENT],
    ]);
    expect(env.mock.state.items('/ip/hotspot/walled-garden')).toHaveLength(2);
  });

  it("is another empresa's router for a client admin: 404", async () => {
    const other = await createCompany(env.app, root, { nombre: 'Otra' });
    const token = await clientAdminToken(env.app, root, other.id, 'kit-other@example.com');
    expect((await env.app.request('GET', kitPath(), { token })).status).toBe(404);
    expect((await env.app.request('POST', `${kitPath()}/apply`, { token })).status).toBe(404);
    expect((await env.app.request('GET', kitPath())).status).toBe(401);
  });
});

describe("the page's calls", () => {
  const base = () => `/portal/${env.shop.router.id}`;
  const purchase = (extra: Record<string, unknown> = {}) => ({
    key: 'b'.repeat(32),
    producto_id: env.shop.plan.id,
    card_token: 'tok_test_visa_4242',
    name: 'Ana',
    email: 'ana@example.com',
    ...extra,
  });

  it('serves the page in Spanish by default and English on request, with no API key anywhere', async () => {
    const es = await env.app.request('GET', `${base()}?mac=aa-bb-cc-dd-ee-ff&link-login-only=javascript:alert(1)`);
    expect(es.status).toBe(200);
    expect(es.headers.get('content-type')).toContain('text/html');
    expect(es.body).toContain('Elige tu plan');
    expect(es.body).toContain('"mac":"AA:BB:CC:DD:EE:FF"');
    expect(es.body).toContain('"linkLoginOnly":""');
    expect(es.body).not.toContain(env.shop.apiKey);
    const en = await env.app.request('GET', base(), { headers: { 'accept-language': 'en-GB,en;q=0.9,es;q=0.5' } });
    expect(en.body).toContain('Choose your plan');
    expect((await env.app.request('GET', '/portal/RTR_NOPE')).status).toBe(404);
  });

  it('refuses a cross-site call and a form post before anything is charged', async () => {
    const before = env.fakes.conekta.charges.length;
    const crossSite = await env.app.request('POST', `${base()}/purchases`, {
      body: purchase(),
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    const form = await fetch(`${env.app.url}${base()}/purchases`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'key=x',
    });
    expect(form.status).toBe(415);
    const bad = await env.app.request('POST', `${base()}/purchases`, { body: purchase({ key: 'short' }) });
    expect(bad.status).toBe(422);
    expect(env.fakes.conekta.charges.length).toBe(before);
  });

  it('pays once per key and answers the CHAP response for the challenge sent', async () => {
    const chap = { chap_id: '\\042', chap_challenge: '\\143\\337\\326\\362\\160\\123\\337\\371\\227\\347\\330\\247\\261\\364\\312\\310' };
    const first = await env.app.request('POST', `${base()}/purchases`, { body: purchase(chap) });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('paid');
    expect(first.body.login_password).toBe(chapResponse({ id: chap.chap_id, challenge: chap.chap_challenge }, first.body.password));
    const again = await env.app.request('POST', `${base()}/purchases`, { body: purchase() });
    expect(again.body.transaction_id).toBe(first.body.transaction_id);
    expect(again.body.login_password).toBe(first.body.password);
    expect(env.chargesOf(first.body.transaction_id)).toHaveLength(1);
    const reused = await env.app.request('POST', `${base()}/purchases`, { body: purchase({ producto_id: env.shop.dayPlan.id }) });
    expect(reused.status).toBe(422);
  });

  it('throttles recovery per address in the database', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= PORTAL_LIMITS.recover.maxAttempts; i++)
      statuses.push((await env.app.request('POST', `${base()}/recover`, { body: { receipt: 'ZZZZZZZZ' } })).status);
    expect(statuses.slice(0, -1).every((s) => s === 404)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('CHAP and language', () => {
  it('computes md5(id + password + challenge) over the bytes the router escaped', () => {
    const chap = parseChap('\\371', '\\000\\377a');
    expect(chap).toBeDefined();
    expect(unescapeChap('\\371\\000a')).toEqual(Buffer.from([0o371, 0, 0x61]));
    const expected = createHash('md5')
      .update(Buffer.from([0o371]))
      .update('secret')
      .update(Buffer.from([0, 0o377, 0x61]))
      .digest('hex');
    expect(chapResponse(chap!, 'secret')).toBe(expected);
    expect(parseChap('', '\\001')).toBeUndefined();
    expect(parseChap('\\001', '\u0100')).toBeUndefined();
  });

  it('picks English only when the browser prefers it to Spanish', () => {
    expect(langFrom(undefined)).toBe('es');
    expect(langFrom('en-US,en;q=0.9')).toBe('en');
    expect(langFrom('es-MX,en;q=0.8')).toBe('es');
    expect(langFrom('fr,en;q=0.5,es;q=0.9')).toBe('es');
    expect(langFrom('de')).toBe('es');
    expect(langFrom('es', 'en')).toBe('en');
  });
});
