import { type FakeCharge, type FakeChargeStatus, ChargeLedger } from './ledger.js';
import { type ChargeStyle, randomId, runCharge } from './charge-flow.js';
import { type FakeAnswer, type FakeRequest, field, header } from './server.js';
import { DECLINE_REASON } from './tokens.js';
import { serveGateway, type FakeGateway, type FakeGatewayOptions } from './gateway.js';

const PAYMENT_STATUS: Record<FakeChargeStatus, string> = {
  approved: 'paid',
  declined: 'declined',
  pending: 'pending_payment',
  refunded: 'refunded',
  charged_back: 'charged_back',
};

/** Options of the Conekta fake. */
export interface FakeConektaOptions extends FakeGatewayOptions {
  /** The only private key accepted; by default any key that starts with `key_`. */
  privateKey?: string;
}

/**
 * Starts a fake of the Conekta orders API: `POST /orders` (basic auth with the private key,
 * `Accept: application/vnd.conekta-v2.1.0+json`, `Idempotency-Key`), `GET /orders/{id}` and
 * `GET /orders?search=<metadata.transaction_id>`.
 */
export async function startFakeConekta(options: FakeConektaOptions = {}): Promise<FakeGateway> {
  const ledger = new ChargeLedger();
  const style: ChargeStyle = {
    gateway: 'conekta',
    newId: () => randomId('ord_'),
    render: (charge) =>
      charge.status === 'declined'
        ? { status: 402, body: { ...conektaError('processing_error', DECLINE_REASON), data: order(charge) } }
        : { status: 200, body: order(charge) },
    error: (status, message) => ({ status, body: conektaError(status >= 500 ? 'api_error' : 'parameter_validation_error', message) }),
  };

  function handle(request: FakeRequest): FakeAnswer {
    if (!authorized(request, options.privateKey)) {
      return { status: 401, body: conektaError('authentication_error', 'Please include your access key in your request.') };
    }
    if (!(header(request, 'accept') ?? '').includes('application/vnd.conekta-v2')) {
      return style.error(400, 'Accept header must name a Conekta API version');
    }
    const path = request.url.pathname;
    if (request.method === 'POST' && path === '/orders') {
      const parsed = parseOrder(request);
      return typeof parsed === 'string' ? style.error(400, parsed) : runCharge(ledger, style, request, parsed);
    }
    if (request.method === 'GET' && path === '/orders') {
      const search = request.url.searchParams.get('search') ?? '';
      return { status: 200, body: { object: 'list', has_more: false, data: ledger.byReference(search).map(order) } };
    }
    const found = request.method === 'GET' ? /^\/orders\/([^/]+)$/.exec(path) : null;
    if (found) {
      const charge = ledger.get(decodeURIComponent(found[1] as string));
      return charge
        ? { status: 200, body: order(charge) }
        : { status: 404, body: conektaError('resource_not_found_error', 'order not found') };
    }
    return { status: 404, body: conektaError('resource_not_found_error', `no route ${request.method} ${path}`) };
  }

  return serveGateway(ledger, handle, options);
}

function authorized(request: FakeRequest, privateKey: string | undefined): boolean {
  const auth = header(request, 'authorization') ?? '';
  if (!auth.startsWith('Basic ')) return false;
  const [user, password] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
  if (password !== '' || user === undefined) return false;
  return privateKey === undefined ? user.startsWith('key_') : user === privateKey;
}

function parseOrder(request: FakeRequest) {
  const body = request.body;
  const currency = field(body, 'currency');
  const items = field(body, 'line_items');
  const token = field(body, 'charges', 0, 'payment_method', 'token_id');
  if (typeof currency !== 'string') return 'currency is required';
  if (typeof field(body, 'customer_info', 'email') !== 'string') return 'customer_info.email is required';
  if (field(body, 'charges', 0, 'payment_method', 'type') !== 'card' || typeof token !== 'string') {
    return 'charges[0].payment_method must be {type:"card", token_id}';
  }
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
    token,
    idempotencyKey: header(request, 'idempotency-key'),
  };
}

function order(charge: FakeCharge) {
  const body = charge.request;
  return {
    id: charge.id,
    object: 'order',
    livemode: false,
    amount: charge.amountCents,
    currency: charge.currency,
    payment_status: PAYMENT_STATUS[charge.status],
    customer_info: field(body, 'customer_info'),
    metadata: field(body, 'metadata') ?? {},
    line_items: { object: 'list', has_more: false, data: field(body, 'line_items') },
    charges: {
      object: 'list',
      has_more: false,
      data: [
        {
          id: `${charge.id}_ch`,
          amount: charge.amountCents,
          status: PAYMENT_STATUS[charge.status],
          failure_message: charge.status === 'declined' ? DECLINE_REASON : null,
        },
      ],
    },
    created_at: Math.floor(charge.createdAt.getTime() / 1000),
  };
}

function conektaError(type: string, message: string) {
  return {
    object: 'error',
    type,
    log_id: randomId('log_'),
    details: [{ message, debug_message: message, code: `conekta.errors.${type}` }],
  };
}
