/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CARDS, startFakeGateways, type FakeGateways } from '../src/index.js';
import { launchChromium } from '../src/chromium.js';
import { pageProblems, screenshot, servePages } from './helpers/browser.js';
import { call, mpHeaders, postConektaOrder } from './helpers/api.js';

const STYLE = `<meta name="viewport" content="width=device-width,initial-scale=1"><link rel="icon" href="data:,"><style>
body{font-family:sans-serif;max-width:22rem;margin:1rem auto}label{display:block;margin:.4rem 0}pre{white-space:pre-wrap;word-break:break-all}input,select{width:100%;padding:.4rem}
</style>`;

/** A checkout page that tokenizes with Conekta.js the way its README shows (a form with data-conekta inputs). */
const conektaPage = (sdkUrl: string) => `<!doctype html><html lang="es"><head><meta charset="utf-8">${STYLE}
<script src="${sdkUrl}" data-conekta-public-key="key_public_test"></script></head><body>
<h1>Pago con tarjeta (Conekta)</h1>
<form id="card-form">
<label>Nombre <input data-conekta="card[name]" id="name"></label>
<label>Número <input data-conekta="card[number]" id="number"></label>
<label>Mes <input data-conekta="card[exp_month]" id="month"></label>
<label>Año <input data-conekta="card[exp_year]" id="year"></label>
<label>CVC <input data-conekta="card[cvc]" id="cvc"></label>
<button id="pay">Pagar</button></form><pre id="result"></pre>
<script>
document.getElementById('card-form').addEventListener('submit', (event) => {
  event.preventDefault();
  Conekta.setLanguage('es');
  Conekta.Token.create(event.target,
    (token) => { document.getElementById('result').textContent = JSON.stringify({ token }); },
    (error) => { document.getElementById('result').textContent = JSON.stringify({ error }); });
});
</script></body></html>`;

/** A checkout page with Mercado Pago's card form, as MP's card-form guide writes it. */
const mercadoPagoPage = (sdkUrl: string, iframe: boolean) => {
  const field = (id: string) => (iframe ? `<div id="${id}"></div>` : `<input id="${id}">`);
  return `<!doctype html><html lang="es"><head><meta charset="utf-8">${STYLE}<script src="${sdkUrl}"></script></head><body>
<h1>Pago con tarjeta (Mercado Pago)</h1>
<form id="form-checkout">
<label>Número ${field('form-checkout__cardNumber')}</label>
<label>Vencimiento ${field('form-checkout__expirationDate')}</label>
<label>CVV ${field('form-checkout__securityCode')}</label>
<label>Titular <input id="form-checkout__cardholderName"></label>
<label>Correo <input id="form-checkout__cardholderEmail"></label>
<label>Banco <select id="form-checkout__issuer"></select></label>
<label>Cuotas <select id="form-checkout__installments"></select></label>
<button id="pay">Pagar</button></form><pre id="result"></pre><pre id="events"></pre>
<script>
const events = [];
const mp = new MercadoPago('TEST-public-key', { locale: 'es-MX' });
const cardForm = mp.cardForm({
  amount: '19.99',
  iframe: ${iframe},
  form: {
    id: 'form-checkout',
    cardNumber: { id: 'form-checkout__cardNumber', placeholder: 'Número de tarjeta' },
    expirationDate: { id: 'form-checkout__expirationDate', placeholder: 'MM/AA' },
    securityCode: { id: 'form-checkout__securityCode', placeholder: 'CVV' },
    cardholderName: { id: 'form-checkout__cardholderName', placeholder: 'Titular' },
    cardholderEmail: { id: 'form-checkout__cardholderEmail', placeholder: 'Correo' },
    issuer: { id: 'form-checkout__issuer' },
    installments: { id: 'form-checkout__installments' },
  },
  callbacks: {
    onFormMounted: (error) => { events.push(error ? 'mount-error' : 'mounted'); document.body.dataset.mounted = error ? 'error' : 'yes'; },
    onBinChange: (bin) => events.push('bin:' + bin),
    onPaymentMethodsReceived: (error, methods) => events.push('methods:' + methods.map((m) => m.id).join(',')),
    onInstallmentsReceived: () => { events.push('installments'); document.body.dataset.installments = 'yes'; },
    onCardTokenReceived: (error, data) => { events.push(error ? 'token-error:' + error[0].code : 'token'); if (error) document.getElementById('result').textContent = JSON.stringify({ error }); },
    onSubmit: (event) => {
      event.preventDefault();
      document.getElementById('result').textContent = JSON.stringify(cardForm.getCardFormData());
    },
  },
});
setInterval(() => { document.getElementById('events').textContent = events.join('\\n'); }, 50);
</script></body></html>`;
};

let fakes: FakeGateways;
let pages: Awaited<ReturnType<typeof servePages>>;
let browser: Browser;
beforeAll(async () => {
  fakes = await startFakeGateways();
  [pages, browser] = await Promise.all([
    servePages({
      '/conekta': conektaPage(fakes.conekta.sdkUrl),
      '/mercadopago': mercadoPagoPage(fakes.mercadoPago.sdkUrl, false),
      '/mercadopago-iframe': mercadoPagoPage(fakes.mercadoPago.sdkUrl, true),
    }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([pages?.close(), fakes?.close()]);
});

async function openPage(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
  const problems = pageProblems(page);
  await page.goto(`${pages.url}${path}`);
  return { page, problems };
}

async function result(page: Page): Promise<Record<string, any>> {
  await page.waitForFunction(() => document.getElementById('result')?.textContent !== '');
  return JSON.parse((await page.textContent('#result')) as string);
}

const conektaOrder = (token: string) => postConektaOrder(fakes.conekta.url, { type: 'card', token_id: token }, 1999);

function mercadoPagoPayment(data: Record<string, any>, key: string) {
  return call(`${fakes.mercadoPago.url}/v1/payments`, {
    method: 'POST',
    headers: { ...mpHeaders, 'x-idempotency-key': key },
    body: JSON.stringify({
      transaction_amount: Number(data.amount),
      token: data.token,
      payment_method_id: data.paymentMethodId,
      issuer_id: data.issuerId,
      installments: Number(data.installments),
      payer: { email: data.cardholderEmail },
    }),
  });
}

describe('Conekta.js stand-in in Chromium', () => {
  async function tokenize(page: Page, number: string, name = 'Ana Pérez', cvc = '123') {
    await page.evaluate(() => {
      document.getElementById('result')!.textContent = '';
    });
    await page.fill('#name', name);
    await page.fill('#number', number);
    await page.fill('#month', '12');
    await page.fill('#year', '2030');
    await page.fill('#cvc', cvc);
    await page.click('#pay');
    return result(page);
  }

  it('tokenizes a test card from a form; the token charges once and shows the card', async () => {
    const { page, problems } = await openPage('/conekta');
    expect(await page.evaluate(() => (window as any).Conekta.getPublicKey())).toBe('key_public_test');
    expect(await page.evaluate(() => (window as any).Conekta.card.getBrand('5555555555554444'))).toBe('mastercard');
    const { token } = await tokenize(page, TEST_CARDS.approveVisa);
    expect(token).toMatchObject({ object: 'token', used: false, livemode: false });
    expect(token.id).toMatch(/^tok_/);
    await screenshot(page, 'conekta-tokenizer');

    const paid = await conektaOrder(token.id);
    expect(paid.status).toBe(200);
    expect(paid.body.payment_status).toBe('paid');
    expect(paid.body.charges.data[0].payment_method).toMatchObject({
      object: 'card_payment',
      last4: '4242',
      brand: 'visa',
      name: 'Ana Pérez',
    });
    const again = await conektaOrder(token.id);
    expect(again.status).toBe(402);
    expect(again.body.details[0].code).toBe('conekta.errors.processing.tokenization.used');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('declines with the reason, pends, and refuses a bad card in the page before calling the API', async () => {
    const { page, problems } = await openPage('/conekta');
    const declined = await conektaOrder((await tokenize(page, TEST_CARDS.decline)).token.id);
    expect(declined.status).toBe(402);
    expect(declined.body.details[0].message).toBe('Tarjeta declinada');
    expect(declined.body.data.charges.data[0]).toMatchObject({ status: 'declined', failure_code: 'card_declined' });
    const broke = await conektaOrder((await tokenize(page, TEST_CARDS.insufficientFunds)).token.id);
    expect(broke.body.details[0].message).toBe('Fondos insuficientes');
    const pending = await conektaOrder((await tokenize(page, TEST_CARDS.pending)).token.id);
    expect(pending.body.payment_status).toBe('pending_payment');
    const byName = await conektaOrder((await tokenize(page, TEST_CARDS.approveMastercard, 'FUND')).token.id);
    expect(byName.status).toBe(402);

    const bad = await tokenize(page, '4242424242424241');
    expect(bad.error).toMatchObject({ object: 'error', type: 'parameter_validation_error', param: 'card[number]' });
    expect(bad.error.message_to_purchaser).toBe('El número de la tarjeta es inválido.');
    const badCvc = await tokenize(page, TEST_CARDS.approveVisa, 'Ana', '12');
    expect(badCvc.error.param).toBe('card[cvc]');
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('MercadoPago.js stand-in in Chromium', () => {
  async function payWithCardForm(page: Page, holder: string, number = '5474 9254 3267 0366', cvc = '123') {
    await page.waitForFunction(() => document.body.dataset.mounted === 'yes');
    const input = (id: string) => page.locator(`#${id}, #${id}-input`).last();
    await page.evaluate(() => {
      document.getElementById('result')!.textContent = '';
      delete document.body.dataset.installments;
    });
    // Emptied first, so the BIN lookup runs again even for the same card.
    await input('form-checkout__cardNumber').fill('');
    await input('form-checkout__cardNumber').fill(number);
    await page.waitForFunction(() => document.body.dataset.installments === 'yes');
    await input('form-checkout__expirationDate').fill('11/30');
    await input('form-checkout__securityCode').fill(cvc);
    await page.fill('#form-checkout__cardholderName', holder);
    await page.fill('#form-checkout__cardholderEmail', 'ana@example.com');
    await page.click('#pay');
    return result(page);
  }

  it('the card form wires the inputs, looks up the BIN and gives a token the payment accepts', async () => {
    const { page, problems } = await openPage('/mercadopago');
    const data = await payWithCardForm(page, 'APRO');
    expect(data).toMatchObject({
      paymentMethodId: 'master',
      installments: '1',
      issuerId: '1',
      processingMode: 'aggregator',
      cardholderEmail: 'ana@example.com',
      amount: '19.99',
    });
    expect(data.token).toMatch(/^[0-9a-f]{32}$/);
    const events = await page.textContent('#events');
    expect(events).toContain('bin:54749254');
    expect(events).toContain('methods:master');
    expect(await page.$eval('#form-checkout__installments', (s) => (s as HTMLSelectElement).options[0]?.textContent)).toBe(
      '1 pago de $ 19.99',
    );
    await screenshot(page, 'mercadopago-card-form');

    const paid = await mercadoPagoPayment(data, 'k-b1');
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ status: 'approved', status_detail: 'accredited', payment_type_id: 'credit_card' });
    expect(paid.body.card).toMatchObject({ last_four_digits: '0366', first_six_digits: '547492', cardholder: { name: 'APRO' } });
    const reused = await mercadoPagoPayment(data, 'k-b2');
    expect(reused.status).toBe(400);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the cardholder name picks the outcome (FUND rejected, CONT pending) and a bad CVV never gets a token', async () => {
    const { page, problems } = await openPage('/mercadopago-iframe');
    const fund = await mercadoPagoPayment(await payWithCardForm(page, 'FUND', '4075 5957 1648 3764'), 'k-b3');
    expect(fund.body).toMatchObject({ status: 'rejected', status_detail: 'cc_rejected_insufficient_amount', payment_method_id: 'visa' });
    const cont = await mercadoPagoPayment(await payWithCardForm(page, 'CONT'), 'k-b4');
    expect(cont.body).toMatchObject({ status: 'in_process', status_detail: 'pending_contingency' });
    const bad = await payWithCardForm(page, 'APRO', '5474 9254 3267 0366', '1');
    expect(bad.error[0]).toMatchObject({ code: 'E302' });
    await screenshot(page, 'mercadopago-card-form-iframe');
    // The one problem the page may report: the browser logging the 400 of the refused card.
    expect(problems).toEqual([expect.stringContaining('status of 400')]);
    await page.close();
  });
});
