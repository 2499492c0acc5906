/**
 * The hosted portal page, rendered on the server as one small HTML document: inline CSS and a
 * framework-free script (portal/page-script.ts), no cookies, no storage, no pop-ups, so it runs in
 * the captive-portal mini-browsers of phones. Everything dynamic is escaped here; the script reads
 * its settings from a JSON island.
 */
import { paletteOf } from '../branding/colors.js';
import type { Config } from '../config.js';
import type { CompanyRow } from '../db/companies.js';
import type { ProductRow } from '../db/products.js';
import { amountFromCents } from '../money.js';
import type { GatewayName } from '../payments/gateways/gateway.js';
import type { ChapChallenge } from './chap.js';
import { TEXTS, type Lang } from './i18n.js';
import { PAGE_SCRIPT } from './page-script.js';
import { limitsInWords } from './plan-words.js';
import type { PortalSite } from './checkout.js';

/** The hotspot's variables, as the router's login page passed them (already validated). */
export interface HotspotVariables {
  mac: string | undefined;
  ip: string | undefined;
  linkLoginOnly: string | undefined;
  linkOrig: string | undefined;
  chap: ChapChallenge | undefined;
  error: string | undefined;
  identity: string | undefined;
}

/** The card tokenizer the page loads: the gateway's own browser SDK, and the API host it tokenizes against. */
export interface CardSdk {
  gateway: GatewayName;
  scriptUrl: string;
  apiUrl: string;
  publicKey: string;
}

/**
 * The empresa's gateway on its page and the SDK for it: Conekta.js when it has Conekta's public
 * key, else Mercado Pago's card form when it has Mercado Pago's; none: the page sells no card.
 */
export function cardSdkFor(company: CompanyRow, config: Pick<Config, 'portal' | 'gateways'>): CardSdk | undefined {
  if (company.conekta_public_key) {
    const { conektaJsUrl: scriptUrl } = config.portal;
    return { gateway: 'conekta', scriptUrl, apiUrl: config.gateways.conektaUrl, publicKey: company.conekta_public_key };
  }
  if (company.mercadopago_public_key) {
    const { mercadoPagoJsUrl: scriptUrl } = config.portal;
    return { gateway: 'mercadopago', scriptUrl, apiUrl: config.gateways.mercadoPagoUrl, publicKey: company.mercadopago_public_key };
  }
  return undefined;
}

export interface PageInput {
  site: PortalSite;
  plans: ProductRow[];
  lang: Lang;
  hotspot: HotspotVariables;
  sdk: CardSdk | undefined;
  /** The page's own path, where its calls go (same origin). */
  basePath: string;
  /** The empresa's logo (same origin), if it has one. */
  logoUrl: string | null;
  /** This response's Content-Security-Policy nonce (portal/csp.ts). */
  nonce: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** JSON safe inside a <script> element (no `</script>`, no `<!--`). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function price(cents: number, currency: string, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'es' ? 'es-MX' : 'en-US', { style: 'currency', currency }).format(amountFromCents(cents));
}

function detailsOf(plan: ProductRow): string[] {
  try {
    const parsed: unknown = JSON.parse(plan.detalles);
    return Array.isArray(parsed) ? parsed.filter((d): d is string => typeof d === 'string') : [];
  } catch {
    return [];
  }
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c2430;background:#f3f5f8}
header{background:var(--brand);color:var(--on-brand);padding:18px 16px;display:flex;gap:12px;align-items:center}
.logo{width:44px;height:44px;border-radius:12px;background:#fff;color:var(--ink);display:grid;place-items:center;font-weight:700;font-size:22px;flex:none;object-fit:contain;padding:3px}
h1{font-size:19px;margin:0}header p{margin:0;opacity:.85;font-size:14px}
main{max-width:480px;margin:0 auto;padding:16px}h2{font-size:17px;margin:8px 0 12px}
.card{background:#fff;border-radius:14px;padding:16px;box-shadow:0 1px 3px rgba(16,24,40,.08);margin-bottom:14px}
ul{list-style:none;margin:0;padding:0}.plan{display:block;width:100%;text-align:left;border:2px solid #dfe3ea;background:#fff;border-radius:12px;padding:14px;margin-bottom:10px;font:inherit;color:inherit;cursor:pointer}
.plan:hover,.plan:focus{border-color:var(--ink);outline:none}.plan.featured{border-color:var(--accent)}
.row{display:flex;justify-content:space-between;gap:8px;align-items:baseline}.pname{font-weight:600}.price{font-weight:700;font-size:18px;white-space:nowrap}
.badge{display:inline-block;background:var(--accent);color:var(--on-accent);border-radius:99px;font-size:12px;padding:1px 8px;margin-bottom:4px}
.muted{color:#5b6576;font-size:14px;margin:4px 0 0}.limits{color:var(--ink);font-size:14px;font-weight:600;margin:4px 0 0}.details{margin:6px 0 0;padding-left:18px;font-size:14px;color:#3c4658;list-style:disc}
label{display:block;font-size:14px;font-weight:600;margin:10px 0 4px}input{width:100%;font:inherit;padding:11px 12px;border:1px solid #c9d0db;border-radius:10px;background:#fff}
input:focus{outline:2px solid var(--ink);border-color:transparent}input.bad{border-color:#c62828}.split{display:flex;gap:10px}.split>div{flex:1;min-width:0}
fieldset{border:0;padding:0;margin:0 0 8px}legend{font-weight:700;font-size:16px;margin-bottom:2px;padding:0}
.btn{display:block;width:100%;border:0;border-radius:12px;background:var(--brand);color:var(--on-brand);font-family:inherit;font-size:17px;font-weight:600;line-height:1.2;padding:15px;margin-top:14px;cursor:pointer;text-align:center;text-decoration:none}
.btn.alt{background:#fff;color:var(--ink);border:2px solid var(--ink)}
.btn[disabled]{opacity:.6;cursor:wait}.link{background:none;border:0;color:var(--ink);font:inherit;text-decoration:underline;padding:0;cursor:pointer}
.msg{border-radius:10px;padding:10px 12px;margin-top:12px;font-size:15px}.msg.err{background:#fdecea;color:#8a1c1c}.msg.ok{background:#e8f5ec;color:#14532d}
.creds{display:grid;gap:10px;margin:12px 0}.cred{border:1px dashed #9aa5b8;border-radius:12px;padding:10px 12px}.cred span{display:block;font-size:13px;color:#5b6576}
.cred output{display:block;font:700 26px/1.2 ui-monospace,Menlo,Consolas,monospace;letter-spacing:1px;word-break:break-all;user-select:all}.cred .small{font-family:inherit;font-size:18px;letter-spacing:0}
/* a cash reference (20 digits) is read aloud at the till: one line, its size fitted to the box (vw where cqi is unknown) */
.cred{container-type:inline-size}#cash-ref{clear:both;white-space:nowrap;word-break:normal;letter-spacing:0;font-size:min(26px,5.4vw);font-size:min(26px,7.5cqi)}
.copy{float:right;border:1px solid #c9d0db;background:#fff;border-radius:8px;padding:4px 10px;font:inherit;font-size:14px;cursor:pointer}
.spin{width:42px;height:42px;border:4px solid #dfe3ea;border-top-color:var(--ink);border-radius:50%;margin:8px auto 12px;animation:s 1s linear infinite}@keyframes s{to{transform:rotate(360deg)}}
.center{text-align:center}.secure{font-size:13px;color:#5b6576;margin:10px 0 0}.or{text-align:center;color:#5b6576;font-size:14px;margin:14px 0 0}summary{font-weight:600;cursor:pointer}[hidden]{display:none!important}
`;

/** The plan cards, featured first, each with its price, limits in words, description and details. */
function planList(plans: ProductRow[], lang: Lang): string {
  const t = TEXTS[lang];
  const e = escapeHtml;
  const sorted = [...plans].sort((a, b) => Number(b.destacado) - Number(a.destacado) || a.orden_visual - b.orden_visual || a.id - b.id);
  if (!sorted.length) return `<p>${e(t.noPlans)}</p>`;
  const items = sorted.map((plan) => {
    const amount = price(plan.price_cents, plan.moneda, lang);
    const details = detailsOf(plan);
    const limits = limitsInWords(plan, lang);
    return `<li><button type="button" class="plan${plan.destacado ? ' featured' : ''}" data-id="${plan.id}" data-name="${e(plan.nombre_venta)}" data-price="${e(amount)}" data-amount="${amountFromCents(plan.price_cents)}">
${plan.destacado ? `<span class="badge">${e(t.featured)}</span>` : ''}<div class="row"><span class="pname">${e(plan.nombre_venta)}</span><span class="price">${e(amount)}</span></div>
${limits ? `<p class="limits">${e(limits)}</p>` : ''}${plan.descripcion ? `<p class="muted">${e(plan.descripcion)}</p>` : ''}${details.length ? `<ul class="details">${details.map((d) => `<li>${e(d)}</li>`).join('')}</ul>` : ''}</button></li>`;
  });
  return `<ul>${items.join('\n')}</ul>`;
}

/** The words the script shows (the rest of the page is rendered here). */
const SCRIPT_TEXTS = [
  'pay',
  'processing',
  'declined',
  'tryAgain',
  'failed',
  'notFound',
  'tooMany',
  'network',
  'copied',
  'copy',
  'connecting',
  'connected',
  'required',
  'cardInvalid',
  'expired',
] as const;

export function renderPortalPage(input: PageInput): string {
  const { site, plans, lang, hotspot, sdk, nonce } = input;
  const t = TEXTS[lang];
  const e = escapeHtml;
  const name = site.company.nombre;
  const place = [site.router.nombre, site.router.ubicacion].filter(Boolean).join(' · ');
  const palette = paletteOf(site.company.primary_color, site.company.secondary_color);
  const sellsCash = site.company.sells_cash && sdk !== undefined;
  const settings = {
    base: input.basePath,
    hotspot: {
      mac: hotspot.mac ?? '',
      ip: hotspot.ip ?? '',
      linkLoginOnly: hotspot.linkLoginOnly ?? '',
      linkOrig: hotspot.linkOrig ?? '',
      chapId: hotspot.chap?.id ?? '',
      chapChallenge: hotspot.chap?.challenge ?? '',
    },
    gateway: sdk?.gateway ?? null,
    publicKey: sdk?.publicKey ?? null,
    lang,
    t: Object.fromEntries(SCRIPT_TEXTS.map((key) => [key, t[key]])),
  };
  const logo = input.logoUrl
    ? `<img class="logo" src="${e(input.logoUrl)}" alt="${e(name)}" width="44" height="44">`
    : `<div class="logo" aria-hidden="true">${e(name.trim().charAt(0).toUpperCase() || 'W')}</div>`;
  const colors = `:root{--brand:${palette.primary};--on-brand:${palette.onPrimary};--accent:${palette.accent};--on-accent:${palette.onAccent};--ink:${palette.ink}}`;
  const routerError = hotspot.error ? `<div class="msg err" role="alert">${e(t.routerError)}: ${e(hotspot.error)}</div>` : '';
  const copyable = (id: string, label: string) =>
    `<div class="cred"><button type="button" class="copy" data-copy="${id}">${e(t.copy)}</button><span>${e(label)}</span><output id="${id}"></output></div>`;
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(name)} · ${e(t.title)}</title><link rel="icon" href="data:,"><style nonce="${nonce}">${colors}${STYLE}</style></head>
<body>
<header>${logo}<div><h1>${e(name)}</h1><p>${e(place || t.title)}</p></div></header>
<main>${routerError}
<section id="plans" class="card"><h2>${e(t.choosePlan)}</h2>${planList(plans, lang)}</section>
<form id="checkout" class="card" hidden novalidate>
<div class="row"><span><span class="pname" id="chosen"></span> · <span id="chosen-price"></span></span><button type="button" class="link" id="change">${e(t.change)}</button></div>
<fieldset><legend>${e(t.yourDetails)}</legend>
<label for="name">${e(t.name)}</label><input id="name" name="name" autocomplete="name" maxlength="100" required>
<label for="email">${e(t.email)}</label><input id="email" name="email" type="email" autocomplete="email" maxlength="254" required>
<label for="phone">${e(t.phone)}</label><input id="phone" name="phone" type="tel" autocomplete="tel" maxlength="30"></fieldset>
<fieldset><legend>${e(t.card)}</legend>
<label for="card-name">${e(t.cardName)}</label><input id="card-name" data-conekta="card[name]" autocomplete="cc-name" maxlength="100" required>
<label for="card-number">${e(t.cardNumber)}</label><input id="card-number" data-conekta="card[number]" inputmode="numeric" autocomplete="cc-number" maxlength="23" required>
<div class="split"><div><label for="exp-month">${e(t.expMonth)}</label><input id="exp-month" data-conekta="card[exp_month]" inputmode="numeric" autocomplete="cc-exp-month" maxlength="2" required></div>
<div><label for="exp-year">${e(t.expYear)}</label><input id="exp-year" data-conekta="card[exp_year]" inputmode="numeric" autocomplete="cc-exp-year" maxlength="4" required></div>
<div><label for="cvc">${e(t.cvc)}</label><input id="cvc" data-conekta="card[cvc]" inputmode="numeric" autocomplete="cc-csc" maxlength="4" required></div></div>
${sdk?.gateway === 'mercadopago' ? '<select id="issuer" hidden></select><select id="installments" hidden></select>' : ''}</fieldset>
<div id="pay-msg" class="msg err" role="alert" hidden></div>
<button class="btn" id="pay" type="submit">${e(t.pay)}</button><p class="secure">${e(t.secure)}</p>
${sellsCash ? `<p class="or">${e(t.orCash)}</p><button class="btn alt" id="pay-cash" type="button">${e(t.payCash)}</button>` : ''}</form>
<section id="wait" class="card center" hidden aria-live="polite"><div class="spin"></div><p id="wait-text">${e(t.processing)}</p><p class="muted" id="pending-text" hidden>${e(t.pending)}</p></section>
<section id="cash" class="card" hidden aria-live="polite"><h2>${e(t.cashTitle)}</h2><p class="muted">${e(t.cashHow)}</p>
<div class="creds">${copyable('cash-ref', t.reference)}<div class="cred"><span>${e(t.amount)}</span><output id="cash-amount"></output></div>
<div class="cred"><span>${e(t.payBefore)}</span><output id="cash-expires" class="small"></output></div><div class="cred"><span>${e(t.receipt)}</span><output id="cash-receipt"></output></div></div>
<a class="btn alt" id="cash-voucher" rel="noopener noreferrer">${e(t.voucher)}</a><div class="spin"></div><p class="muted center">${e(t.cashWaiting)}</p></section>
<section id="done" class="card" hidden aria-live="polite"><h2>${e(t.paid)}</h2>
<div class="creds">${copyable('username', t.user)}${copyable('password', t.password)}
<div class="cred"><span>${e(t.receipt)}</span><output id="receipt"></output></div></div>
<div id="done-msg" class="msg ok" hidden></div><button class="btn" id="connect" type="button">${e(t.connectNow)}</button></section>
<details id="recover" class="card"><summary>${e(t.alreadyPaid)}</summary>
<form id="by-receipt" novalidate><label for="receipt-code">${e(t.byReceipt)}</label><input id="receipt-code" autocomplete="off" maxlength="12" required>
<button class="btn" type="submit">${e(t.recover)}</button></form>
<form id="by-card" novalidate><p class="muted">${e(t.byCard)}</p><label for="rec-email">${e(t.email)}</label><input id="rec-email" type="email" maxlength="254" required>
<label for="rec-last4">${e(t.last4)}</label><input id="rec-last4" inputmode="numeric" maxlength="4" required>
<button class="btn" type="submit">${e(t.recover)}</button></form><div id="recover-msg" class="msg err" role="alert" hidden></div></details>
<form id="router-login" method="post" hidden><input type="hidden" name="username"><input type="hidden" name="password"><input type="hidden" name="dst"><input type="hidden" name="popup" value="false"></form>
</main>
<script type="application/json" id="settings" nonce="${nonce}">${scriptJson(settings)}</script>
${sdk ? `<script src="${e(sdk.scriptUrl)}" nonce="${nonce}"></script>` : ''}
<script nonce="${nonce}">${PAGE_SCRIPT}</script>
</body></html>`;
}
