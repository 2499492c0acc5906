/**
 * The empresa's branding over HTTP: the old logo route (multipart `file`, same answer) with the
 * checks it lacked, logos served from the database at /static/logos/, and the colours and cash
 * switch of PUT /api/v1/admin/mi-empresa.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LOGO_BYTES } from '../../src/branding/logo.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ringPng } from '../helpers/png.js';
import { clientAdminToken, createCompany, superAdminToken } from '../helpers/seed.js';

let t: TestApp;
let client: string;
let other: string;
let company: { id: string };

beforeAll(async () => {
  t = await startTestApp();
  const root = await superAdminToken(t);
  company = await createCompany(t, root, { nombre: 'Café Internet' });
  client = await clientAdminToken(t, root, company.id, 'brand@example.com');
  const second = await createCompany(t, root, { nombre: 'Otra' });
  other = await clientAdminToken(t, root, second.id, 'other@example.com');
});
afterAll(() => t.close());

async function upload(token: string, name: string, bytes: Uint8Array, field = 'file') {
  const form = new FormData();
  form.append(field, new Blob([bytes]), name);
  const res = await fetch(`${t.url}/api/v1/admin/mi-empresa/logo`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe('the logo', () => {
  const png = ringPng(64, [11, 92, 173]);

  it('is uploaded as the old service took it, answered with its URL, and served from the database', async () => {
    const res = await upload(client, 'mi-logo.PNG', png);
    expect(res).toEqual({
      status: 200,
      body: {
        message: 'Logo actualizado correctamente',
        logo_url: expect.stringMatching(new RegExp(`^/static/logos/logo_${company.id}_[0-9a-f]{6}\\.png$`)),
      },
    });
    const served = await fetch(t.url + res.body.logo_url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('cache-control')).toContain('immutable');
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
    const mine = await t.request('GET', '/api/v1/admin/mi-empresa', { token: client });
    expect(mine.body.logo_url).toBe(res.body.logo_url);
  });

  it('replaces the previous one (its URL stops answering)', async () => {
    const first = await upload(client, 'a.png', png);
    const second = await upload(client, 'b.png', ringPng(32, [200, 0, 0]));
    expect(second.body.logo_url).not.toBe(first.body.logo_url);
    expect((await fetch(t.url + first.body.logo_url)).status).toBe(404);
    expect((await fetch(t.url + second.body.logo_url)).status).toBe(200);
    expect((await t.request('GET', '/api/v1/admin/mi-empresa', { token: client })).body.logo_url).toBe(second.body.logo_url);
    // Another empresa's logo is its own.
    expect((await t.request('GET', '/api/v1/admin/mi-empresa', { token: other })).body.logo_url).toBeNull();
  });

  it('refuses what is not the image its name says, oversized and empty files, with the old message for the format', async () => {
    const html = new TextEncoder().encode('<svg onload="alert(1)"></svg>');
    expect(await upload(client, 'logo.svg', html)).toEqual({ status: 400, body: { detail: 'Formato de imagen no permitido' } });
    expect(await upload(client, 'logo.png', html)).toEqual({ status: 400, body: { detail: 'Formato de imagen no permitido' } });
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
    expect((await upload(client, 'logo.png', jpeg)).status).toBe(400);
    expect((await upload(client, 'logo.jpg', jpeg)).status).toBe(200);
    const big = await upload(client, 'big.png', Buffer.concat([png, Buffer.alloc(MAX_LOGO_BYTES)]));
    expect(big).toEqual({ status: 413, body: { detail: 'El logo no puede pasar de 32 KB' } });
    expect((await upload(client, 'empty.png', new Uint8Array())).status).toBe(422);
    expect((await upload(client, 'logo.png', png, 'imagen')).status).toBe(422);
    const json = await t.request('POST', '/api/v1/admin/mi-empresa/logo', { token: client, body: { file: 'x' } });
    expect(json.status).toBe(422);
  });

  it('needs the client admin session; an unknown logo is 404', async () => {
    expect((await upload('not-a-token', 'logo.png', png)).status).toBe(401);
    expect((await fetch(`${t.url}/static/logos/logo_${company.id}_000000.png`)).status).toBe(404);
    expect((await fetch(`${t.url}/static/logos/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });
});

describe('colours and cash', () => {
  it('are set through PUT mi-empresa, colours normalized, and shown by GET', async () => {
    const res = await t.request('PUT', '/api/v1/admin/mi-empresa', {
      token: client,
      body: { color_primario: '#FA0', color_secundario: '6a1b9a', vende_efectivo: true },
    });
    expect(res.status).toBe(200);
    expect(res.body.empresa).toMatchObject({ color_primario: '#ffaa00', color_secundario: '#6a1b9a', vende_efectivo: true });
    const back = await t.request('GET', '/api/v1/admin/mi-empresa', { token: client });
    expect(back.body).toMatchObject({ color_primario: '#ffaa00', color_secundario: '#6a1b9a', vende_efectivo: true });
    const reset = await t.request('PUT', '/api/v1/admin/mi-empresa', { token: client, body: { color_secundario: null } });
    expect(reset.body.empresa).toMatchObject({ color_primario: '#ffaa00', color_secundario: null });
  });

  it('refuses a colour that is no hex colour', async () => {
    for (const color of ['red', '#12345', 'url(x)', '#000000;background:url(x)']) {
      const res = await t.request('PUT', '/api/v1/admin/mi-empresa', { token: client, body: { color_primario: color } });
      expect(res.status).toBe(422);
    }
  });
});
