/**
 * The printable sheet of a voucher batch (issue 15, item 3): one card per voucher with the empresa's
 * name (and logo), the plan, its price and terms, the credentials in large monospaced type from the
 * unambiguous alphabet, and a QR code that opens the hotspot's login page with them filled in.
 * Laid out for A4 and Letter (a grid of cards per page, cut lines around them) and for 58 mm
 * thermal rolls (one card after another). This module builds the sheet and its HTML (print CSS);
 * src/vouchers/sheet-pdf.ts draws the same sheet as a PDF.
 */
import type { BatchRow, VoucherRow } from '../db/vouchers.js';
import { escapeHtml } from '../portal/page.js';
import type { SecretBox } from '../security/secret-box.js';
import { loginLinkFor } from './login-url.js';
import { qrMatrix, qrSvg, type QrMatrix } from './qr.js';

/** API `formato`: A4, US Letter (`carta`), or a 58 mm thermal roll. */
export type SheetFormat = 'a4' | 'carta' | '58mm';

/** Where cards go, in millimetres. A roll is one card per "page" of the card's own height. */
export interface SheetLayout {
  pageWidthMm: number;
  pageHeightMm: number;
  marginMm: number;
  columns: number;
  rows: number;
  cardWidthMm: number;
  cardHeightMm: number;
  /** The QR's side, quiet zone included. */
  qrMm: number;
  /** Font size of the credentials, in points. */
  credentialsPt: number;
}

function grid(pageWidthMm: number, pageHeightMm: number): SheetLayout {
  const marginMm = 10;
  const columns = 3;
  const rows = 4;
  return {
    pageWidthMm,
    pageHeightMm,
    marginMm,
    columns,
    rows,
    cardWidthMm: (pageWidthMm - 2 * marginMm) / columns,
    cardHeightMm: (pageHeightMm - 2 * marginMm) / rows,
    qrMm: 26,
    credentialsPt: 13,
  };
}

export const SHEET_LAYOUTS: Record<SheetFormat, SheetLayout> = {
  a4: grid(210, 297),
  carta: grid(215.9, 279.4),
  // 58 mm paper prints about 48 mm wide; each card is cut after it.
  '58mm': {
    pageWidthMm: 58,
    pageHeightMm: 110,
    marginMm: 5,
    columns: 1,
    rows: 1,
    cardWidthMm: 48,
    cardHeightMm: 100,
    qrMm: 32,
    credentialsPt: 12,
  },
};

export interface VoucherCard {
  number: number;
  /** `PIN` cards show one value, the PIN. */
  pin: boolean;
  username: string;
  password: string;
  /** The login page with the credentials filled in; null when the router named no login page. */
  loginLink: string | null;
  qr: QrMatrix | null;
}

/** The empresa's logo as stored (PNG, JPEG or WebP, src/branding/logo.ts). */
export interface SheetLogo {
  /** Where the service serves it (the HTML sheet's `<img>`). */
  url: string;
  contentType: string;
  image: Buffer;
}

export interface Sheet {
  format: SheetFormat;
  layout: SheetLayout;
  batchId: string;
  companyName: string;
  logo: SheetLogo | null;
  planName: string;
  /** `MXN 19.99`. */
  price: string;
  /** The plan's limits in the customer's words, one line each. */
  terms: string[];
  cards: VoucherCard[];
}

/** The plan's limits as printed ("Tiempo de uso: 3h"). */
function termsOf(batch: BatchRow): string[] {
  const terms: string[] = [];
  if (batch.time_limit !== null) terms.push(`Tiempo de uso: ${batch.time_limit}`);
  if (batch.data_limit_mb !== null) terms.push(`Datos: ${batch.data_limit_mb} MB`);
  if (batch.validity !== null) {
    terms.push(`Vigencia: ${batch.validity} desde ${batch.validity_start === 'first_login' ? 'el primer acceso' : 'la venta'}`);
  }
  return terms;
}

/** The sheet of `vouchers` (their passwords opened here, for the printer only). */
export function buildSheet(input: {
  format: SheetFormat;
  company: { nombre: string; logo: SheetLogo | null };
  batch: BatchRow;
  vouchers: readonly VoucherRow[];
  secrets: SecretBox;
}): Sheet {
  const { batch } = input;
  const price = new Intl.NumberFormat('es-MX', { style: 'currency', currency: batch.moneda, currencyDisplay: 'code' })
    .format(batch.amount_cents / 100)
    .replace(/\u00a0/g, ' ');
  return {
    format: input.format,
    layout: SHEET_LAYOUTS[input.format],
    batchId: batch.id,
    companyName: input.company.nombre,
    logo: input.company.logo,
    planName: batch.product_name,
    price,
    terms: termsOf(batch),
    cards: input.vouchers.map((v) => {
      const credentials = { username: v.hotspot_username, password: input.secrets.open(v.hotspot_password_sealed) };
      const loginLink = batch.login_url === null ? null : loginLinkFor(batch.login_url, credentials);
      return {
        number: v.number,
        pin: batch.user_kind === 'pin',
        ...credentials,
        loginLink,
        qr: loginLink === null ? null : qrMatrix(loginLink),
      };
    }),
  };
}

/** Cards in pages of `columns × rows`. */
export function pagesOf<T>(cards: readonly T[], layout: SheetLayout): T[][] {
  const perPage = layout.columns * layout.rows;
  const pages: T[][] = [];
  for (let i = 0; i < cards.length; i += perPage) pages.push(cards.slice(i, i + perPage));
  return pages;
}

function cardHtml(sheet: Sheet, card: VoucherCard): string {
  const e = escapeHtml;
  const credentials = card.pin
    ? `<div class="label">PIN</div><div class="secret">${e(card.username)}</div>`
    : `<div class="label">Usuario</div><div class="secret">${e(card.username)}</div>
       <div class="label">Contraseña</div><div class="secret">${e(card.password)}</div>`;
  return `<article class="card">
  <header>${sheet.logo ? `<img class="logo" src="${e(sheet.logo.url)}" alt="">` : ''}<span class="company">${e(sheet.companyName)}</span></header>
  <div class="offer">
    <div class="plan"><div class="plan-name">${e(sheet.planName)}</div><div class="price">${e(sheet.price)}</div>
      ${sheet.terms.map((t) => `<div class="term">${e(t)}</div>`).join('')}</div>
    ${card.qr ? `<div class="qr" title="${e(card.loginLink ?? '')}">${qrSvg(card.qr, `${sheet.layout.qrMm}mm`)}</div>` : ''}
  </div>
  <div class="credentials">${credentials}</div>
  <footer><span>N.º ${card.number}</span>${card.qr ? '<span>Escanee el código para conectarse</span>' : ''}</footer>
</article>`;
}

/** The sheet as one HTML document: pages on screen, exact sizes on paper (print CSS). */
export function sheetHtml(sheet: Sheet): string {
  const l = sheet.layout;
  const roll = sheet.format === '58mm';
  const pageSize = sheet.format === 'a4' ? 'A4' : sheet.format === 'carta' ? 'letter' : `${l.pageWidthMm}mm ${l.pageHeightMm}mm`;
  const pages = pagesOf(sheet.cards, l)
    .map((cards) => `<section class="page">${cards.map((c) => cardHtml(sheet, c)).join('\n')}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vouchers ${escapeHtml(sheet.batchId)} · ${escapeHtml(sheet.companyName)}</title>
<style>
  @page { size: ${pageSize}; margin: 0; }
  * { box-sizing: border-box; }
  body { margin: 0; background: #888; font-family: "DejaVu Sans", "Helvetica", "Arial", sans-serif; color: #000; }
  .page { width: ${l.pageWidthMm}mm; height: ${l.pageHeightMm}mm; padding: ${l.marginMm}mm; margin: 6mm auto; background: #fff;
    display: grid; grid-template-columns: repeat(${l.columns}, ${l.cardWidthMm}mm); grid-auto-rows: ${l.cardHeightMm}mm;
    break-after: page; overflow: hidden; }
  .card { border: 0.3mm dashed #666; padding: ${roll ? 2 : 3}mm; display: flex; flex-direction: column; gap: 1.5mm; overflow: hidden; }
  header { display: flex; align-items: center; gap: 2mm; font-weight: 700; font-size: ${roll ? 12 : 10}pt; }
  .logo { max-height: 8mm; max-width: 20mm; object-fit: contain; }
  .offer { display: flex; ${roll ? 'flex-direction: column; align-items: center;' : 'justify-content: space-between;'} gap: 2mm; }
  .plan-name { font-size: ${roll ? 13 : 11}pt; font-weight: 700; }
  .price { font-size: ${roll ? 16 : 14}pt; font-weight: 700; margin: 0.5mm 0; }
  .term { font-size: 7pt; }
  .qr svg { display: block; }
  .label { font-size: 7pt; text-transform: uppercase; }
  .price { white-space: nowrap; }
  /* Large, monospaced: every character its own width, the alphabet has no look-alikes. */
  .secret { font-family: "DejaVu Sans Mono", "Courier New", monospace; font-weight: 700; font-size: ${l.credentialsPt}pt;
    letter-spacing: 0.06em; line-height: 1.15; overflow-wrap: anywhere; }
  footer { margin-top: auto; display: flex; justify-content: space-between; font-size: 6.5pt; color: #333; }
  @media print {
    body { background: none; }
    .page { margin: 0; }
  }
</style>
</head>
<body>
${pages}
</body>
</html>
`;
}
