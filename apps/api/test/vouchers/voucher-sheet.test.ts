/**
 * The printed voucher sheet (issue 15, item 3) against the real service and mock router: the HTML
 * rendered in Debian's Chromium (screenshots under apps/api/test-results/, and Chromium's own print
 * of it paginated by the print CSS), the PDF's pages turned into pictures by poppler's pdftoppm,
 * and the QR codes decoded (jsQR) from both: each opens the router's hotspot login page with that
 * voucher's credentials, and opening it in the browser logs the device in on the mock router.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import jsQRModule from 'jsqr';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceLogo } from '../../src/db/company-logos.js';
import { SHEET_LAYOUTS } from '../../src/vouchers/sheet.js';
import { ringPng } from '../helpers/png.js';
import { clientAdminToken, superAdminToken } from '../helpers/seed.js';
import { startPortalEnv, type PortalEnv } from '../payments/portal-env.js';

const run = promisify(execFile);
/** jsqr is CommonJS; its callable is also its `default`. */
const jsQR = jsQRModule.default;
const SHOTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
const base = '/api/v1/admin/mi-empresa/vouchers';

let env: PortalEnv;
let browser: Browser;
let client: string;
let batch: { id: string; url_login: string };
/** The router's users by name: what a printed credential must log in as. */
let routerPasswords: Map<string, string>;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [env, browser] = await Promise.all([
    startPortalEnv({ mock: { hotspotHttp: { loginBy: 'http-chap,http-pap' } } }),
    chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] }),
  ]);
  // The hotspot's DNS name points at the mock's login servlet, so a scanned QR reaches it.
  const profile = env.mock.state.items('/ip/hotspot/profile').find((p) => p.name !== 'default')!;
  const exec = await env.app.payments.routerExecForId(env.shop.router.id);
  await exec('/ip/hotspot/profile/set', { numbers: profile['.id']!, 'dns-name': new URL(env.mock.hotspotUrl!).host });
  client = await clientAdminToken(env.app, await superAdminToken(env.app), env.shop.company.id, 'ops@plaza.example');
  const plan = await env.app.request('PUT', `/api/v1/admin/products/${env.shop.plan.id}`, {
    token: client,
    body: { nombre_venta: 'Plan 1 hora · Café Águila', limite_datos_mb: 500, vigencia: '7d', vigencia_desde: 'primer_login' },
  });
  expect(plan.status).toBe(200);
  const created = await env.app.request('POST', base, {
    token: client,
    body: { producto_id: env.shop.plan.id, cantidad: 14, prefijo: 'cafe-' },
  });
  expect(created.status).toBe(201);
  batch = created.body;
  routerPasswords = new Map(env.mock.state.items('/ip/hotspot/user').map((u) => [u.name!, u.password!]));
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

const sheet = (query: string) =>
  fetch(`${env.app.url}${base}/lotes/${batch.id}/imprimir?${query}`, { headers: { authorization: `Bearer ${client}` } });

/** The link a QR holds is the login page with a router user's exact credentials. */
function expectLoginLink(link: string | undefined): URL {
  const url = new URL(link ?? 'missing:');
  expect(`${url.origin}${url.pathname}`).toBe(batch.url_login);
  const username = url.searchParams.get('username')!;
  expect(username).toMatch(/^cafe-[abcdefghjkmnpqrstuvwxyz23456789]{10}$/);
  expect(url.searchParams.get('password')).toBe(routerPasswords.get(username));
  return url;
}

/** jsQR over a greyscale picture (one byte a pixel). */
function decodeGrey(grey: Uint8Array, width: number, height: number): string | undefined {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = grey[i]!;
    rgba[i * 4 + 3] = 255;
  }
  return jsQR(rgba, width, height)?.data;
}

/** A binary PGM (pdftoppm -gray) as its pixels. */
function readPgm(bytes: Buffer): { grey: Uint8Array; width: number; height: number } {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 50).toString('latin1'));
  if (!header) throw new Error('not a binary PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { grey: bytes.subarray(header[0].length), width, height };
}

describe('the HTML sheet', () => {
  it('renders every card in Chromium, A4 pages from the print CSS, and each QR logs the device in', async () => {
    const res = await sheet('formato=a4');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const page = await browser.newPage({ viewport: { width: 860, height: 1200 } });
    await page.setContent(html);
    expect(await page.locator('.card').count()).toBe(14);
    expect(await page.locator('.page').count()).toBe(2);
    const first = page.locator('.card').first();
    expect(await first.locator('.company').textContent()).toBe('WiFi Plaza');
    expect(await first.locator('.price').textContent()).toBe('MXN 19.99');
    expect(await first.textContent()).toContain('Vigencia: 1w desde el primer acceso');
    await page.screenshot({ path: `${SHOTS}voucher-sheet-a4.png`, fullPage: true });
    await page.setViewportSize({ width: 360, height: 640 });
    await page.screenshot({ path: `${SHOTS}voucher-sheet-a4-phone.png` });
    // Chromium's own print of the page: the print CSS makes 14 cards two A4 pages.
    const printed = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(`${SHOTS}voucher-sheet-a4-chromium.pdf`, printed);
    expect(printed.toString('latin1').match(/\/Type\s*\/Page\b/g)).toHaveLength(2);

    // The first card's QR, drawn on a canvas in the page, decoded here.
    const pixels: number[] = await page.evaluate(`(async () => {
      const svg = document.querySelector('.card .qr svg');
      const image = new Image();
      image.src = 'data:image/svg+xml;base64,' + btoa(new XMLSerializer().serializeToString(svg));
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 330;
      const context = canvas.getContext('2d');
      context.imageSmoothingEnabled = false;
      context.drawImage(image, 0, 0, 330, 330);
      return Array.from(context.getImageData(0, 0, 330, 330).data);
    })()`);
    const link = expectLoginLink(jsQR(Uint8ClampedArray.from(pixels), 330, 330)?.data);
    expect(await first.locator('.secret').first().textContent()).toBe(link.searchParams.get('username'));

    // Scanning it: the phone opens the link and the router logs it in.
    await page.goto(link.toString());
    await expect.poll(() => env.mock.state.items('/ip/hotspot/active').map((s) => s.user)).toContain(link.searchParams.get('username'));
    await page.close();
  }, 60_000);

  it('58 mm roll: one card a page; a bad formato is a 422', async () => {
    const html = await (await sheet('formato=58mm&desde=2&hasta=3')).text();
    const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
    await page.setContent(html);
    expect(await page.locator('.card .secret').first().textContent()).toMatch(/^cafe-/);
    expect(await page.locator('.page').count()).toBe(2);
    await page.screenshot({ path: `${SHOTS}voucher-sheet-58mm.png`, fullPage: true });
    await page.close();
    expect((await sheet('formato=a5')).status).toBe(422);
  });
});

describe('the PDF', () => {
  it.each([
    ['a4', 2],
    ['carta', 2],
    ['58mm', 14],
  ])('%s: pages turned into pictures by pdftoppm, the first QR decoded from them', async (formato, pages) => {
    const res = await sheet(`formato=${formato}&salida=pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = `${SHOTS}voucher-sheet-${formato}.pdf`;
    writeFileSync(file, pdf);
    await run('pdftoppm', ['-r', '60', '-png', file, `${SHOTS}voucher-pdf-${formato}`]);
    const pictures = readdirSync(SHOTS).filter((f) => f.startsWith(`voucher-pdf-${formato}-`) && f.endsWith('.png'));
    expect(pictures).toHaveLength(pages);

    // Page 1 in grey at print resolution; the first card (top left) holds the first QR.
    await run('pdftoppm', ['-r', '200', '-gray', '-f', '1', '-l', '1', '-singlefile', file, `${SHOTS}voucher-pdf-${formato}-decode`]);
    const { grey, width, height } = readPgm(readFileSync(`${SHOTS}voucher-pdf-${formato}-decode.pgm`));
    const cardWidth = formato === '58mm' ? width : Math.floor(width / 3);
    const cardHeight = formato === '58mm' ? height : Math.floor(height / 4);
    const crop = new Uint8Array(cardWidth * cardHeight);
    for (let y = 0; y < cardHeight; y++) crop.set(grey.subarray(y * width, y * width + cardWidth), y * cardWidth);
    expectLoginLink(decodeGrey(crop, cardWidth, cardHeight));
  });
});

describe("the empresa's logo", () => {
  /** The logo's colour: nothing else on a sheet is purple. */
  const PURPLE: [number, number, number] = [106, 27, 154];
  const DPI = 100;
  const px = (millimetres: number) => Math.round((millimetres * DPI) / 25.4);

  /** Page 1 of the A4 PDF at DPI, as RGB pixels (pdftoppm's binary PPM). */
  async function firstPageRgb(name: string): Promise<{ rgb: Uint8Array; width: number }> {
    const res = await sheet('formato=a4&salida=pdf');
    expect(res.status).toBe(200);
    const file = `${SHOTS}voucher-logo-${name}.pdf`;
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    await run('pdftoppm', ['-r', String(DPI), '-f', '1', '-l', '1', '-singlefile', file, `${SHOTS}voucher-logo-${name}`]);
    const bytes = readFileSync(`${SHOTS}voucher-logo-${name}.ppm`);
    const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 50).toString('latin1'));
    if (!header) throw new Error('not a binary PPM');
    return { rgb: bytes.subarray(header[0].length), width: Number(header[1]) };
  }

  /** Purple pixels in the top 14 mm of each card of page 1 (where the logo heads it), card by card. */
  function purpleByCard({ rgb, width }: { rgb: Uint8Array; width: number }): number[] {
    const l = SHEET_LAYOUTS.a4;
    const counts: number[] = [];
    for (let i = 0; i < l.columns * l.rows; i++) {
      const left = px(l.marginMm + (i % l.columns) * l.cardWidthMm);
      const top = px(l.marginMm + Math.floor(i / l.columns) * l.cardHeightMm);
      let n = 0;
      for (let y = top; y < top + px(14); y++)
        for (let x = left; x < left + px(l.cardWidthMm); x++) {
          const at = (y * width + x) * 3;
          if (PURPLE.every((c, k) => Math.abs(rgb[at + k]! - c) < 40)) n++;
        }
      counts.push(n);
    }
    return counts;
  }

  it('heads every card of the PDF, drawn from the stored PNG (none before it was uploaded); the HTML sheet links it', async () => {
    expect(purpleByCard(await firstPageRgb('none')).every((n) => n === 0)).toBe(true);
    const fileName = `logo_${env.shop.company.id}_c0ffee.png`;
    await replaceLogo(
      env.app.db,
      { file_name: fileName, company_id: env.shop.company.id, content_type: 'image/png', image: ringPng(88, PURPLE) },
      new Date(),
    );
    const counts = purpleByCard(await firstPageRgb('png'));
    // A ring in an 8 mm box at 100 dpi: a few hundred of its pixels on every one of the page's 12 cards.
    expect(counts).toHaveLength(12);
    for (const n of counts) expect(n).toBeGreaterThan(100);
    const html = await (await sheet('formato=a4')).text();
    expect(html.match(new RegExp(`<img class="logo" src="/static/logos/${fileName}"`, 'g'))).toHaveLength(14);
  });

  it('a WebP logo (PDFKit cannot draw it): the PDF prints without it', async () => {
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([24, 0, 0, 0]), Buffer.from('WEBPVP8L'), Buffer.alloc(12)]);
    await replaceLogo(
      env.app.db,
      { file_name: `logo_${env.shop.company.id}_0ddba1.webp`, company_id: env.shop.company.id, content_type: 'image/webp', image: webp },
      new Date(),
    );
    expect(purpleByCard(await firstPageRgb('webp')).every((n) => n === 0)).toBe(true);
  });
});
