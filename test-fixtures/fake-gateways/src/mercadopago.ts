import { randomInt, randomUUID } from 'node:crypto';
import { type FakeCashVoucher, type FakeCharge, type FakeChargeStatus, type FakeRefund, ChargeLedger, FakeControlError } from './ledger.js';
import { type ChargeRequest, type ChargeStyle, runCharge } from './charge-flow.js';
import { type FakeAnswer, type FakeRequest, field, header } from './server.js';
import { DAY_MS, mexicoTime, randomDigits } from './cash.js';
import { type FakeNotification, signMercadoPagoWebhook } from './webhook.js';
import { CardTokens, checkCard, randomHex, type CardField, type TokenizedCard } from './card-tokens.js';
import { sdkScript } from './browser-sdk.js';
import { extendGateway, serveGateway, type FakeGateway, type FakeGatewayOptions } from './gateway.js';

const STATUS: Record<FakeChargeStatus, { status: string; detail: string }> = {
  approved: { status: 'approved', detail: 'accredited' },
  declined: { status: 'rejected', detail: 'cc_rejected_insufficient_amount' },
  pending: { status: 'in_process', detail: 'pending_contingency' },
  refunded: { status: 'refunded', detail: 'refunded' },
  charged_back: { status: 'charged_back', detail: 'settled' },
  expired: { status: 'cancelled', detail: 'expired' },
};

/** An issued voucher waits for the store (GATEWAYS.md §3.4). */
const CASH_PENDING = { status: 'pending', detail: 'pending_waiting_payment' };

/** Mexico's cash methods and their `payment_type_id` (GATEWAYS.md §3.2). */
const CASH_METHODS: Record<string, 'ticket' | 'atm'> = { oxxo: 'ticket', paycash: 'ticket', bancomer: 'atm', banamex: 'atm' };

/** Days to pay when the request names no `date_of_expiration` ("3–5 days depending on the method"), and the most it may ask. */
const CASH_DEFAULT_DAYS = 3;
const CASH_MAX_DAYS = 30;

/** The seller's user id in notifications. */
const SELLER_USER_ID = 123456789;

/** Options of the Mercado Pago fake. */
export interface FakeMercadoPagoOptions extends FakeGatewayOptions {
  /** The only access token accepted; by default any non-empty bearer token. */
  accessToken?: string;
  /** The only public key `POST /v1/card_tokens` accepts (MercadoPago.js); by default any non-empty one. */
  publicKey?: string;
}

/** Where the MercadoPago.js stand-in is served (the real one: `https://sdk.mercadopago.com/js/v2`). */
const SDK_PATH = '/js/v2';

/** Mercado Pago's card-token validation causes (GATEWAYS.md §3.4). */
const CARD_ERRORS: Record<CardField, { code: string; description: string }> = {
  number: { code: 'E301', description: 'Invalid card_number' },
  holder: { code: '221', description: 'parameter cardholder.name can not be null/empty' },
  expiration: { code: '208', description: 'invalid parameter expiration_month/expiration_year' },
  cvc: { code: 'E302', description: 'Invalid security_code' },
};

/** Where and how the Mercado Pago fake sends a payment notification. */
export interface MercadoPagoNotificationTarget {
  /** The receiver's URL; `data.id` and `type=payment` are added to its query, as Mercado Pago does. */
  url: string;
  /** The application's webhook secret the `x-signature` is made with (a wrong one makes a forgery). */
  secret: string;
  /** By default `payment.created` while the payment is pending, `payment.updated` after. */
  action?: 'payment.created' | 'payment.updated';
  /** The unit of `ts` (GATEWAYS.md §3.6: the docs say milliseconds, their example is seconds); `ms` by default. */
  tsUnit?: 'ms' | 's';
  /** The `x-request-id`; a fresh UUID by default. */
  requestId?: string;
}

/** The Mercado Pago fake: the gateway and its notifications. */
export interface FakeMercadoPago extends FakeGateway {
  /** The MercadoPago.js stand-in's URL: what a page loads instead of `https://sdk.mercadopago.com/js/v2` (`MERCADOPAGO_JS_URL`). */
  readonly sdkUrl: string;
  /** The webhook notification Mercado Pago would POST about this payment now, signed in `x-signature`. */
  notification(paymentId: string, target: MercadoPagoNotificationTarget): FakeNotification;
}

/**
 * Starts a fake of the Mercado Pago payments API: `POST /v1/payments` with a card token or a cash
 * method (`oxxo`, `paycash`, `bancomer`, `banamex`; bearer access token, `X-Idempotency-Key`
 * required), `GET /v1/payments/{id}`, `GET /v1/payments/search?external_reference=…`, and the
 * public voucher page `GET /payments/{id}/ticket` its `ticket_url` points to.
 */
export async function startFakeMercadoPago(options: FakeMercadoPagoOptions = {}): Promise<FakeMercadoPago> {
  const now = options.now ?? (() => new Date());
  const ledger = new ChargeLedger(now);
  const site = { url: '' };
  // Mercado Pago payment ids are numbers; start somewhere random so two fakes never share ids.
  let nextId = randomInt(1_000_000_000, 2_000_000_000);
  let nextNotificationId = randomInt(100_000_000_000, 200_000_000_000);
  let nextRefundId = randomInt(1_000_000_000, 2_000_000_000);
  const show = (charge: FakeCharge) => payment(charge, site.url);
  const style: ChargeStyle = {
    gateway: 'mercadopago',
    newId: () => String(nextId++),
    render: (charge) => ({ status: 201, body: show(charge) }),
    error: (status, message) => mercadoPagoError(status, message),
    tokens: new CardTokens(),
    // Tokens are single use (GATEWAYS.md §2); the cause code is inferred.
    tokenUsed: () =>
      mercadoPagoError(400, 'Invalid card_token_id', 'bad_request', [{ code: '3003', description: 'Invalid card_token_id' }]),
  };

  /** `POST /v1/card_tokens?public_key=…` as MercadoPago.js calls it. */
  function tokenize(request: FakeRequest): FakeAnswer {
    const publicKey = request.url.searchParams.get('public_key') ?? '';
    if (publicKey === '' || (options.publicKey !== undefined && publicKey !== options.publicKey)) {
      return mercadoPagoError(401, 'invalid public_key', 'unauthorized');
    }
    const body = request.body;
    const checked = checkCard(
      {
        number: field(body, 'card_number'),
        holder: field(body, 'cardholder', 'name'),
        expMonth: field(body, 'expiration_month'),
        expYear: field(body, 'expiration_year'),
        cvc: field(body, 'security_code'),
      },
      now(),
    );
    if (typeof checked === 'string') return mercadoPagoError(400, CARD_ERRORS[checked].description, 'bad_request', [CARD_ERRORS[checked]]);
    const id = style.tokens.mint(randomHex(16), String(field(body, 'card_number')), checked);
    const created = mexicoTime(now());
    return {
      status: 201,
      body: {
        id,
        public_key: publicKey,
        card_id: null,
        luhn_validation: true,
        status: 'active',
        date_used: null,
        card_number_length: String(field(body, 'card_number')).replace(/[\s-]/g, '').length,
        date_created: created,
        first_six_digits: checked.firstSix,
        last_four_digits: checked.last4,
        security_code_length: String(field(body, 'security_code')).length,
        expiration_month: checked.expMonth,
        expiration_year: checked.expYear,
        date_last_updated: created,
        date_due: mexicoTime(new Date(now().getTime() + 7 * DAY_MS)),
        live_mode: false,
        cardholder: { name: checked.holder, identification: field(body, 'cardholder', 'identification') ?? {} },
      },
    };
  }

  function handle(request: FakeRequest): FakeAnswer {
    const path = request.url.pathname;
    if (request.method === 'GET' && path === SDK_PATH) return sdkScript('mercadopago.js');
    if (request.method === 'POST' && path === '/v1/card_tokens') return tokenize(request);
    const ticket = request.method === 'GET' ? /^\/payments\/(\d+)\/ticket$/.exec(path) : null;
    if (ticket) {
      const charge = ledger.get(ticket[1] as string);
      return charge?.cash
        ? { status: 200, contentType: 'text/html; charset=utf-8', body: ticketPage(charge, charge.cash) }
        : mercadoPagoError(404, 'Ticket not found', 'not_found');
    }
    const auth = header(request, 'authorization') ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (token === '' || (options.accessToken !== undefined && token !== options.accessToken)) {
      return mercadoPagoError(401, 'invalid access token', 'unauthorized');
    }
    if (request.method === 'POST' && path === '/v1/payments') {
      const parsed = parsePayment(request, now());
      return typeof parsed === 'string' ? style.error(400, parsed) : runCharge(ledger, style, request, parsed);
    }
    if (request.method === 'GET' && path === '/v1/payments/search') {
      const results = ledger.byReference(request.url.searchParams.get('external_reference') ?? '').map(show);
      return { status: 200, body: { paging: { total: results.length, limit: 30, offset: 0 }, results } };
    }
    const refund = request.method === 'POST' ? /^\/v1\/payments\/(\d+)\/refunds$/.exec(path) : null;
    if (refund) return refundPayment(refund[1] as string, request);
    const found = request.method === 'GET' ? /^\/v1\/payments\/(\d+)$/.exec(path) : null;
    if (found) {
      const charge = ledger.get(found[1] as string);
      return charge ? { status: 200, body: show(charge) } : mercadoPagoError(404, 'Payment not found', 'not_found');
    }
    return mercadoPagoError(404, `no route ${request.method} ${path}`, 'not_found');
  }

  /**
   * `POST /v1/payments/{id}/refunds` (GATEWAYS.md §3.5): `X-Idempotency-Key` required (400, code 4292),
   * a replay answers the refund again; `{}` or the whole `amount` (the fake refunds whole payments).
   */
  function refundPayment(paymentId: string, request: FakeRequest): FakeAnswer {
    const key = header(request, 'x-idempotency-key');
    if (!key)
      return mercadoPagoError(400, "Header X-Idempotency-Key can't be null", 'bad_request', [
        { code: '4292', description: "Header-X-Idempotency-Key-can't-be-null" },
      ]);
    const charge = ledger.get(paymentId);
    if (!charge) return mercadoPagoError(404, 'Payment not found', 'not_found', [{ code: '2000', description: 'Payment not found' }]);
    const claim = ledger.claim(`refund:${key}`, { paymentId, body: request.body ?? {} });
    if (claim.kind === 'mismatch') return mercadoPagoError(409, 'idempotency key reused with a different request', 'conflict');
    if (claim.kind === 'replay') return { status: 201, body: refundView(charge, (charge.refunds ?? []).at(-1) as FakeRefund) };
    const amount = field(request.body, 'amount');
    const cents = amount === undefined ? charge.amountCents : Math.round(Number(amount) * 100);
    if (!(cents > 0)) {
      ledger.release(`refund:${key}`);
      return mercadoPagoError(400, 'amount must be positive', 'bad_request', [{ code: '4040', description: 'amount must be positive' }]);
    }
    const made = ledger.refund(paymentId, cents, () => String(nextRefundId++));
    if (typeof made === 'string') {
      ledger.release(`refund:${key}`);
      return mercadoPagoError(400, made, 'bad_request', [{ code: '2063', description: 'invalid for the current state' }]);
    }
    ledger.complete(`refund:${key}`, { chargeId: paymentId });
    return { status: 201, body: refundView(charge, made) };
  }

  function notification(paymentId: string, target: MercadoPagoNotificationTarget): FakeNotification {
    const charge = ledger.get(paymentId);
    if (!charge) throw new FakeControlError(paymentId, 'no such charge');
    const url = new URL(target.url);
    url.searchParams.set('data.id', paymentId);
    url.searchParams.set('type', 'payment');
    const requestId = target.requestId ?? randomUUID();
    const at = now();
    const ts = target.tsUnit === 's' ? Math.floor(at.getTime() / 1000) : at.getTime();
    const body = JSON.stringify({
      id: nextNotificationId++,
      live_mode: false,
      type: 'payment',
      date_created: at.toISOString(),
      user_id: SELLER_USER_ID,
      api_version: 'v1',
      action: target.action ?? (charge.status === 'pending' ? 'payment.created' : 'payment.updated'),
      data: { id: paymentId },
    });
    return {
      url: url.toString(),
      headers: {
        'content-type': 'application/json',
        'x-signature': signMercadoPagoWebhook({ secret: target.secret, dataId: paymentId, requestId, ts }),
        'x-request-id': requestId,
        'x-retry': '0',
      },
      body,
    };
  }

  /** The HTTP control's `notify` body: `{url, secret}`. */
  const readTarget = (body: unknown): MercadoPagoNotificationTarget | string => {
    const url = field(body, 'url');
    const secret = field(body, 'secret');
    return typeof url === 'string' && typeof secret === 'string' ? { url, secret } : 'notify must be {url, secret}';
  };

  const gateway = await serveGateway(ledger, { handle, show, readTarget, notification }, options);
  site.url = gateway.url;
  return extendGateway<Omit<FakeMercadoPago, keyof FakeGateway>>(gateway, {
    sdkUrl: `${gateway.url}${SDK_PATH}`,
    notification,
  });
}

/** An error answer in Mercado Pago's shape (the status is repeated in the body). */
function mercadoPagoError(
  status: number,
  message: string,
  error = status >= 500 ? 'internal_error' : 'bad_request',
  cause: Array<{ code: string; description: string }> = [],
) {
  return { status, body: { message, error, status, cause } };
}

function parsePayment(request: FakeRequest, now: Date): ChargeRequest | string {
  const body = request.body;
  const amount = field(body, 'transaction_amount');
  const methodId = field(body, 'payment_method_id');
  const idempotencyKey = header(request, 'x-idempotency-key');
  if (!idempotencyKey) return 'X-Idempotency-Key header is required';
  if (typeof amount !== 'number' || !(amount > 0)) return 'transaction_amount must be a positive number';
  if (typeof methodId !== 'string') return 'payment_method_id is required';
  if (typeof field(body, 'payer', 'email') !== 'string') return 'payer.email is required';
  const payment = methodId in CASH_METHODS ? parseCash(methodId, field(body, 'date_of_expiration'), now) : parseCard(body);
  if (typeof payment === 'string') return payment;
  const reference = field(body, 'external_reference');
  return {
    reference: typeof reference === 'string' ? reference : undefined,
    amountCents: Math.round(amount * 100),
    currency: 'MXN',
    payment,
    idempotencyKey,
  };
}

function parseCard(body: unknown): ChargeRequest['payment'] | string {
  const token = field(body, 'token');
  if (typeof token !== 'string') return 'token is required';
  if (!Number.isSafeInteger(field(body, 'installments'))) return 'installments must be an integer';
  return { token };
}

/** A voucher valid until `date_of_expiration` (ISO-8601, at most 30 days ahead) or for 3 days. */
function parseCash(method: string, requested: unknown, now: Date): ChargeRequest['payment'] | string {
  let expiresAt = new Date(now.getTime() + CASH_DEFAULT_DAYS * DAY_MS);
  if (requested !== undefined) {
    expiresAt = new Date(typeof requested === 'string' ? requested : Number.NaN);
    const ahead = expiresAt.getTime() - now.getTime();
    if (!(ahead > 0 && ahead <= CASH_MAX_DAYS * DAY_MS)) {
      return `date_of_expiration must be an ISO-8601 time within the next ${CASH_MAX_DAYS} days`;
    }
  }
  const voucher: FakeCashVoucher = { method, reference: randomDigits(8), barcode: randomDigits(24), expiresAt };
  return { cash: voucher };
}

function payment(charge: FakeCharge, baseUrl: string) {
  const body = charge.request;
  const voucher = charge.cash;
  const { status, detail } =
    voucher && charge.status === 'pending'
      ? CASH_PENDING
      : charge.status === 'declined' && charge.decline
        ? { status: 'rejected', detail: charge.decline.detail }
        : STATUS[charge.status];
  const amount = charge.amountCents / 100;
  return {
    id: Number(charge.id),
    status,
    status_detail: detail,
    transaction_amount: amount,
    currency_id: charge.currency,
    external_reference: charge.reference ?? null,
    description: field(body, 'description') ?? null,
    payment_method_id: field(body, 'payment_method_id'),
    installments: voucher ? 1 : field(body, 'installments'),
    payer: field(body, 'payer'),
    date_created: charge.createdAt.toISOString(),
    date_approved: charge.paidAt ? mexicoTime(charge.paidAt) : null,
    live_mode: false,
    transaction_amount_refunded: (charge.refunds ?? []).reduce((sum, r) => sum + r.amountCents, 0) / 100,
    refunds: (charge.refunds ?? []).map((r) => refundView(charge, r)),
    ...(voucher ? cashFields(charge, voucher, baseUrl) : {}),
    ...(charge.card ? cardFields(charge.card) : {}),
  };
}

/** The card charged, for a token the MercadoPago.js stand-in minted (GATEWAYS.md §3.3). */
function cardFields(card: TokenizedCard) {
  return {
    payment_type_id: 'credit_card',
    card: {
      first_six_digits: card.firstSix,
      last_four_digits: card.last4,
      expiration_month: card.expMonth,
      expiration_year: card.expYear,
      cardholder: { name: card.holder },
    },
  };
}

/** What a cash payment adds: the voucher's numbers, its expiry and the page that shows it (GATEWAYS.md §3.3). */
function cashFields(charge: FakeCharge, voucher: FakeCashVoucher, baseUrl: string) {
  const ticketUrl = `${baseUrl}/payments/${charge.id}/ticket?payment_method_id=${voucher.method}&payment_id=${charge.id}&payment_method_reference_id=${voucher.reference}`;
  const amount = charge.amountCents / 100;
  return {
    payment_type_id: CASH_METHODS[voucher.method],
    date_of_expiration: mexicoTime(voucher.expiresAt),
    transaction_details: {
      payment_method_reference_id: voucher.reference,
      verification_code: voucher.barcode,
      external_resource_url: ticketUrl,
      barcode: { content: voucher.barcode },
      total_paid_amount: amount,
      net_received_amount: charge.paidAt ? amount : 0,
      overpaid_amount: 0,
      installment_amount: 0,
      financial_institution: null,
    },
    point_of_interaction: { type: 'UNSPECIFIED', transaction_data: { ticket_url: ticketUrl } },
  };
}

/** The voucher page a customer prints or shows at the store. */
function ticketPage(charge: FakeCharge, voucher: FakeCashVoucher): string {
  const store = voucher.method === 'paycash' ? 'PayCash' : voucher.method.toUpperCase();
  const amount = (charge.amountCents / 100).toFixed(2);
  return `<!doctype html>
<html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Ficha de pago ${store}</title></head>
<body style="font-family:sans-serif;max-width:28rem;margin:2rem auto;text-align:center">
<h1>Ficha de pago ${store}</h1>
<p>Monto a pagar: <strong>$${amount} ${charge.currency}</strong></p>
<p>Referencia: <strong id="reference">${voucher.reference}</strong></p>
<img src="/barcodes/${voucher.barcode}.png" alt="Código de barras ${voucher.barcode}">
<p>${voucher.barcode}</p>
<p>Vence: ${mexicoTime(voucher.expiresAt)}</p>
<p>Estado: <span id="status">${charge.status === 'pending' ? 'pendiente de pago' : charge.status}</span></p>
</body></html>`;
}

/** A refund as `POST /v1/payments/{id}/refunds` answers it. */
function refundView(charge: FakeCharge, refund: FakeRefund) {
  return {
    id: Number(refund.id),
    payment_id: Number(charge.id),
    amount: refund.amountCents / 100,
    status: 'approved',
    source: { id: String(SELLER_USER_ID), name: 'seller', type: 'collector' },
    date_created: mexicoTime(refund.createdAt),
    refund_mode: 'standard',
    adjustment_amount: 0,
    amount_refunded_to_payer: refund.amountCents / 100,
  };
}
