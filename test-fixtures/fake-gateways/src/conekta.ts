import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { type FakeCashVoucher, type FakeCharge, type FakeChargeStatus, ChargeLedger, FakeControlError } from './ledger.js';
import { type ChargeRequest, type ChargeStyle, randomId, runCharge } from './charge-flow.js';
import { type FakeAnswer, type FakeRequest, field, header } from './server.js';
import { DECLINE_REASON } from './tokens.js';
import { CardTokens, checkCard, type CardField, type TokenizedCard } from './card-tokens.js';
import { sdkScript } from './browser-sdk.js';
import { DAY_MS, randomDigits, unixSeconds } from './cash.js';
import { type FakeNotification, signConektaWebhook } from './webhook.js';
import { extendGateway, serveGateway, type FakeGateway, type FakeGatewayOptions } from './gateway.js';

const PAYMENT_STATUS: Record<FakeChargeStatus, string> = {
  approved: 'paid',
  declined: 'declined',
  pending: 'pending_payment',
  refunded: 'refunded',
  charged_back: 'charged_back',
  expired: 'expired',
};

/** The order event each status sends (GATEWAYS.md §1.5, §1.9). */
const EVENT_TYPE: Record<FakeChargeStatus, string> = {
  approved: 'order.paid',
  declined: 'order.declined',
  pending: 'order.pending_payment',
  refunded: 'order.refunded',
  charged_back: 'order.charged_back',
  expired: 'order.expired',
};

/** Cash orders default to 30 days to pay (GATEWAYS.md §1.3). */
const CASH_DEFAULT_DAYS = 30;

/** The partner stores Conekta lists for a `cash` reference (an example list, GATEWAYS.md §1.4). */
const CASH_STORES = ['OXXO', '7 Eleven', 'Farmacias del Ahorro', 'Circle K'];

/** Options of the Conekta fake. */
export interface FakeConektaOptions extends FakeGatewayOptions {
  /** The only private key accepted; by default any key that starts with `key_`. */
  privateKey?: string;
  /** The only public key `POST /tokens` accepts (Conekta.js); by default any key that starts with `key_`. */
  publicKey?: string;
}

/** Where the Conekta.js stand-in is served (the real one: `https://cdn.conekta.io/js/latest/conekta.js`). */
const SDK_PATH = '/js/latest/conekta.js';

/** What Conekta says about a bad card field (`details[].code`, `param`, the customer-facing message). */
const CARD_ERRORS: Record<CardField, { code: string; param: string; message: string }> = {
  number: { code: 'card.number.invalid', param: 'card.number', message: 'El número de la tarjeta es inválido.' },
  holder: { code: 'card.name.missing', param: 'card.name', message: 'Falta el nombre del tarjetahabiente.' },
  expiration: { code: 'card.expiration.invalid', param: 'card.exp_month', message: 'La fecha de vencimiento es inválida.' },
  cvc: { code: 'card.cvc.invalid', param: 'card.cvc', message: 'El código de seguridad es inválido.' },
};

/** Where and how the Conekta fake sends a webhook. */
export interface ConektaNotificationTarget {
  /** The receiver's URL, as registered with `POST /webhooks`. */
  url: string;
  /** The event type; by default the one the order's status sends (`order.paid`, `order.expired`, …). Set it to forge. */
  type?: string;
  /** Sign with this private key instead of the fake's webhook key: a forgery the receiver must refuse. */
  signingKey?: KeyObject;
}

/** The Conekta fake: the gateway, its webhook key and its webhooks. */
export interface FakeConekta extends FakeGateway {
  /** The Conekta.js stand-in's URL: what a page loads instead of Conekta's CDN (`CONEKTA_JS_URL`). */
  readonly sdkUrl: string;
  /** The public half of the webhook key (PEM), as `POST /webhook_keys` gives it. */
  readonly webhookPublicKey: string;
  /** The event Conekta would POST for the order as it stands now, signed in its `digest` header. */
  notification(orderId: string, target: ConektaNotificationTarget): FakeNotification;
}

/**
 * Starts a fake of the Conekta orders API: `POST /orders` with a card token or a cash
 * (`cash` / `oxxo_cash`) payment method (basic auth with the private key,
 * `Accept: application/vnd.conekta-v2.1.0+json`, `Idempotency-Key`), `GET /orders/{id}`,
 * `GET /orders?search=<metadata.transaction_id or cash reference>` and `POST /webhook_keys`.
 */
export async function startFakeConekta(options: FakeConektaOptions = {}): Promise<FakeConekta> {
  const now = options.now ?? (() => new Date());
  const ledger = new ChargeLedger(now);
  const site = { url: '' };
  let keys: { id: string; createdAt: Date; publicKey: KeyObject; privateKey: KeyObject } | undefined;
  // Made on first use: an RSA key takes a while, and most tests never see a webhook.
  const webhookKey = () => {
    keys ??= { id: randomBytes(12).toString('hex'), createdAt: now(), ...generateKeyPairSync('rsa', { modulusLength: 2048 }) };
    return keys;
  };
  const show = (charge: FakeCharge) => order(charge, site.url);
  const tokens = new CardTokens();
  const style: ChargeStyle = {
    gateway: 'conekta',
    newId: () => randomId('ord_'),
    render: (charge) =>
      charge.status === 'declined'
        ? { status: 402, body: { ...conektaError('processing_error', charge.decline?.reason ?? DECLINE_REASON), data: show(charge) } }
        : { status: 200, body: show(charge) },
    error: (status, message) => ({ status, body: conektaError(status >= 500 ? 'api_error' : 'parameter_validation_error', message) }),
    tokens,
    tokenUsed: () => ({
      status: 402,
      body: conektaError('processing_error', 'The token has already been used.', {
        code: 'conekta.errors.processing.tokenization.used',
        param: 'payment_method.token_id',
      }),
    }),
  };

  /** `POST /tokens` as Conekta.js calls it: basic auth with the public key, `{card:{number,name,exp_month,exp_year,cvc}}`. */
  function tokenize(request: FakeRequest): FakeAnswer {
    if (!authorized(request, options.publicKey)) {
      return { status: 401, body: conektaError('authentication_error', 'Please include your public key in your request.') };
    }
    const card = field(request.body, 'card');
    const checked = checkCard(
      {
        number: field(card, 'number'),
        holder: field(card, 'name'),
        expMonth: field(card, 'exp_month'),
        expYear: field(card, 'exp_year'),
        cvc: field(card, 'cvc'),
      },
      now(),
    );
    if (typeof checked === 'string') {
      const error = CARD_ERRORS[checked];
      return {
        status: 422,
        body: conektaError('parameter_validation_error', error.message, {
          code: `conekta.errors.parameter_validation.${error.code}`,
          param: error.param,
        }),
      };
    }
    const id = tokens.mint(randomId('tok_'), String(field(card, 'number')), checked);
    return { status: 200, body: { id, object: 'token', used: false, livemode: false } };
  }

  function handle(request: FakeRequest): FakeAnswer {
    if (request.method === 'GET' && request.url.pathname === SDK_PATH) return sdkScript('conekta.js');
    if (request.method === 'POST' && request.url.pathname === '/tokens') return tokenize(request);
    if (!authorized(request, options.privateKey)) {
      return { status: 401, body: conektaError('authentication_error', 'Please include your access key in your request.') };
    }
    if (!(header(request, 'accept') ?? '').includes('application/vnd.conekta-v2')) {
      return style.error(400, 'Accept header must name a Conekta API version');
    }
    const path = request.url.pathname;
    if (request.method === 'POST' && path === '/orders') {
      const parsed = parseOrder(request, now());
      return typeof parsed === 'string' ? style.error(400, parsed) : runCharge(ledger, style, request, parsed);
    }
    if (request.method === 'GET' && path === '/orders') {
      const search = request.url.searchParams.get('search') ?? '';
      const found = ledger.charges.filter((charge) => charge.reference === search || charge.cash?.reference === search);
      return { status: 200, body: { object: 'list', has_more: false, data: found.map(show) } };
    }
    if (request.method === 'POST' && path === '/webhook_keys') {
      const key = webhookKey();
      return {
        status: 200,
        body: {
          id: key.id,
          object: 'webhook_key',
          active: true,
          livemode: false,
          created_at: unixSeconds(key.createdAt),
          public_key: publicPem(key.publicKey),
        },
      };
    }
    const refund = request.method === 'POST' ? /^\/orders\/([^/]+)\/refunds$/.exec(path) : null;
    if (refund) return refundOrder(decodeURIComponent(refund[1] as string), request);
    const found = request.method === 'GET' ? /^\/orders\/([^/]+)$/.exec(path) : null;
    if (found) {
      const charge = ledger.get(decodeURIComponent(found[1] as string));
      return charge
        ? { status: 200, body: show(charge) }
        : { status: 404, body: conektaError('resource_not_found_error', 'order not found') };
    }
    return { status: 404, body: conektaError('resource_not_found_error', `no route ${request.method} ${path}`) };
  }

  /** `POST /orders/{id}/refunds {amount, reason}` (GATEWAYS.md §1.7): no idempotency key, as the real one; a second refund is refused. */
  function refundOrder(orderId: string, request: FakeRequest): FakeAnswer {
    const amount = field(request.body, 'amount');
    const reason = field(request.body, 'reason');
    if (!Number.isInteger(amount) || typeof reason !== 'string' || reason === '') {
      return style.error(422, 'refund needs an integer amount and a reason');
    }
    if (!ledger.get(orderId)) return { status: 404, body: conektaError('resource_not_found_error', 'order not found') };
    const made = ledger.refund(orderId, amount as number, () => randomBytes(12).toString('hex'));
    if (typeof made === 'string') return { status: 422, body: conektaError('processing_error', made) };
    return { status: 200, body: show(ledger.get(orderId) as FakeCharge) };
  }

  function notification(orderId: string, target: ConektaNotificationTarget): FakeNotification {
    const charge = ledger.get(orderId);
    if (!charge) throw new FakeControlError(orderId, 'no such charge');
    const event = {
      id: randomBytes(12).toString('hex'),
      object: 'event',
      type: target.type ?? EVENT_TYPE[charge.status],
      livemode: false,
      created_at: unixSeconds(now()),
      data: {
        object: show(charge),
        // A voucher's later events say what changed since it was issued.
        previous_attributes: charge.cash && charge.status !== 'pending' ? { payment_status: 'pending_payment' } : {},
      },
      webhook_status: 'pending',
      webhook_logs: [],
    };
    const body = JSON.stringify(event);
    return {
      url: target.url,
      headers: { 'content-type': 'application/json', digest: signConektaWebhook(body, target.signingKey ?? webhookKey().privateKey) },
      body,
    };
  }

  /** The HTTP control's `notify` body: `{url}`. */
  const readTarget = (body: unknown): ConektaNotificationTarget | string => {
    const url = field(body, 'url');
    return typeof url === 'string' ? { url } : 'notify must be {url}';
  };

  const gateway = await serveGateway(ledger, { handle, show, readTarget, notification }, options);
  site.url = gateway.url;
  return extendGateway<Omit<FakeConekta, keyof FakeGateway>>(gateway, {
    sdkUrl: `${gateway.url}${SDK_PATH}`,
    get webhookPublicKey() {
      return publicPem(webhookKey().publicKey);
    },
    notification,
  });
}

function publicPem(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * The key a request authenticates with, in the three forms Conekta takes (GATEWAYS.md §1.1): Basic
 * with the key as user and no password (the docs), Basic of the bare key (Node SDK v4), Bearer
 * (the spec and SDK v9).
 */
function keyOf(request: FakeRequest): string | undefined {
  const auth = header(request, 'authorization') ?? '';
  if (auth.startsWith('Bearer ')) return auth.slice(7);
  if (!auth.startsWith('Basic ')) return undefined;
  const [user, password] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
  return password === '' || password === undefined ? user : undefined;
}

function authorized(request: FakeRequest, expected: string | undefined): boolean {
  const key = keyOf(request);
  if (!key) return false;
  return expected === undefined ? key.startsWith('key_') : key === expected;
}

function parseOrder(request: FakeRequest, now: Date): ChargeRequest | string {
  const body = request.body;
  const currency = field(body, 'currency');
  const items = field(body, 'line_items');
  if (typeof currency !== 'string') return 'currency is required';
  if (typeof field(body, 'customer_info', 'email') !== 'string') return 'customer_info.email is required';
  const payment = parsePaymentMethod(field(body, 'charges', 0, 'payment_method'), now);
  if (typeof payment === 'string') return payment;
  if (!Array.isArray(items) || items.length === 0) return 'line_items is required';
  let amountCents = 0;
  for (const item of items) {
    const unitPrice = field(item, 'unit_price');
    const quantity = field(item, 'quantity');
    if (!Number.isSafeInteger(unitPrice) || (unitPrice as number) <= 0) return 'line_items[].unit_price must be a positive integer (cents)';
    if (!Number.isSafeInteger(quantity) || (quantity as number) <= 0) return 'line_items[].quantity must be a positive integer';
    amountCents += (unitPrice as number) * (quantity as number);
  }
  const reference = field(body, 'metadata', 'transaction_id');
  return {
    reference: typeof reference === 'string' ? reference : undefined,
    amountCents,
    currency,
    payment,
    idempotencyKey: header(request, 'idempotency-key'),
  };
}

/** A card token, or a cash voucher (`cash`, or API 2.0's `oxxo_cash`) valid until `expires_at` (Unix s; 30 days by default). */
function parsePaymentMethod(method: unknown, now: Date): ChargeRequest['payment'] | string {
  const type = field(method, 'type');
  const token = field(method, 'token_id');
  if (type === 'card' && typeof token === 'string') return { token };
  if (type !== 'cash' && type !== 'oxxo_cash')
    return 'charges[0].payment_method must be {type:"card", token_id} or {type:"cash", expires_at?}';
  const expiresAt = field(method, 'expires_at');
  if (expiresAt !== undefined && (!Number.isSafeInteger(expiresAt) || (expiresAt as number) * 1000 <= now.getTime())) {
    return 'charges[0].payment_method.expires_at must be a future Unix time in seconds';
  }
  // OXXO's own references have 14 digits; the partner-store (cash_in) ones 20.
  const reference = randomDigits(type === 'oxxo_cash' ? 14 : 20);
  const voucher: FakeCashVoucher = {
    method: type,
    reference,
    barcode: reference,
    expiresAt: expiresAt === undefined ? new Date(now.getTime() + CASH_DEFAULT_DAYS * DAY_MS) : new Date((expiresAt as number) * 1000),
  };
  return { cash: voucher };
}

function order(charge: FakeCharge, baseUrl: string) {
  const body = charge.request;
  return {
    id: charge.id,
    object: 'order',
    livemode: false,
    amount: charge.amountCents,
    currency: charge.currency,
    payment_status: PAYMENT_STATUS[charge.status],
    amount_refunded: (charge.refunds ?? []).reduce((sum, r) => sum + r.amountCents, 0),
    customer_info: field(body, 'customer_info'),
    metadata: field(body, 'metadata') ?? {},
    line_items: { object: 'list', has_more: false, data: field(body, 'line_items') },
    charges: {
      object: 'list',
      has_more: false,
      data: [
        {
          id: `${charge.id}_ch`,
          object: 'charge',
          livemode: false,
          order_id: charge.id,
          description: 'Payment from order',
          amount: charge.amountCents,
          currency: charge.currency,
          status: PAYMENT_STATUS[charge.status],
          created_at: unixSeconds(charge.createdAt),
          paid_at: charge.paidAt ? unixSeconds(charge.paidAt) : null,
          failure_code: charge.status === 'declined' ? (charge.decline?.code ?? 'insufficient_funds') : null,
          failure_message: charge.status === 'declined' ? (charge.decline?.reason ?? DECLINE_REASON) : null,
          refunds: {
            object: 'list',
            data: (charge.refunds ?? []).map((r) => ({
              object: 'refund',
              id: r.id,
              amount: -r.amountCents,
              created_at: unixSeconds(r.createdAt),
            })),
          },
          ...(charge.cash ? { payment_method: cashPaymentMethod(charge, charge.cash, baseUrl) } : {}),
          ...(charge.card ? { payment_method: cardPaymentMethod(charge.card) } : {}),
        },
      ],
    },
    created_at: unixSeconds(charge.createdAt),
  };
}

/** The charge's `payment_method` for a voucher: API 2.0's `oxxo_cash` reads as OXXO Pay, `cash` as 2.2+'s partner stores. */
function cashPaymentMethod(charge: FakeCharge, voucher: FakeCashVoucher, baseUrl: string) {
  const oxxo = voucher.method === 'oxxo_cash';
  // Who took the money; only known once paid (GATEWAYS.md §1.4, inferred).
  const paid = charge.paidAt !== undefined;
  return {
    object: 'cash_payment',
    type: oxxo ? 'oxxo' : 'cash',
    service_name: oxxo ? 'OxxoPay' : 'Cash',
    store_name: 'OXXO',
    ...(oxxo ? {} : { store_names: CASH_STORES, product_type: 'cash_in' }),
    reference: voucher.reference,
    barcode_url: `${baseUrl}/barcodes/${voucher.barcode}.png`,
    expires_at: unixSeconds(voucher.expiresAt),
    auth_code: paid ? voucher.reference.slice(-6) : null,
    cashier_id: paid ? 'CAJA01' : null,
    store: paid ? 'OXXO-FAKE-0001' : null,
  };
}

/** The card charged, for a token the Conekta.js stand-in minted (GATEWAYS.md §1.4). */
function cardPaymentMethod(card: TokenizedCard) {
  return {
    object: 'card_payment',
    type: 'credit',
    name: card.holder,
    last4: card.last4,
    brand: card.brand,
    exp_month: String(card.expMonth).padStart(2, '0'),
    exp_year: String(card.expYear % 100).padStart(2, '0'),
    country: 'MX',
  };
}

function conektaError(type: string, message: string, detail: { code?: string; param?: string } = {}) {
  return {
    object: 'error',
    type,
    log_id: randomId('log_'),
    details: [{ message, debug_message: message, code: detail.code ?? `conekta.errors.${type}`, param: detail.param ?? null }],
  };
}
