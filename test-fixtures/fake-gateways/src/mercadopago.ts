import { randomInt } from 'node:crypto';
import { type FakeCharge, type FakeChargeStatus, ChargeLedger } from './ledger.js';
import { type ChargeStyle, runCharge } from './charge-flow.js';
import { type FakeAnswer, type FakeRequest, field, header } from './server.js';
import { serveGateway, type FakeGateway, type FakeGatewayOptions } from './gateway.js';

const STATUS: Record<FakeChargeStatus, { status: string; detail: string }> = {
  approved: { status: 'approved', detail: 'accredited' },
  declined: { status: 'rejected', detail: 'cc_rejected_insufficient_amount' },
  pending: { status: 'in_process', detail: 'pending_contingency' },
  refunded: { status: 'refunded', detail: 'refunded' },
  charged_back: { status: 'charged_back', detail: 'settled' },
};

/** Options of the Mercado Pago fake. */
export interface FakeMercadoPagoOptions extends FakeGatewayOptions {
  /** The only access token accepted; by default any non-empty bearer token. */
  accessToken?: string;
}

/**
 * Starts a fake of the Mercado Pago payments API: `POST /v1/payments` (bearer access token,
 * `X-Idempotency-Key` required), `GET /v1/payments/{id}` and
 * `GET /v1/payments/search?external_reference=…`.
 */
export async function startFakeMercadoPago(options: FakeMercadoPagoOptions = {}): Promise<FakeGateway> {
  const ledger = new ChargeLedger();
  // Mercado Pago payment ids are numbers; start somewhere random so two fakes never share ids.
  let nextId = randomInt(1_000_000_000, 2_000_000_000);
  const style: ChargeStyle = {
    gateway: 'mercadopago',
    newId: () => String(nextId++),
    render: (charge) => ({ status: 201, body: payment(charge) }),
    error: (status, message) => mercadoPagoError(status, message),
  };

  function handle(request: FakeRequest): FakeAnswer {
    const auth = header(request, 'authorization') ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (token === '' || (options.accessToken !== undefined && token !== options.accessToken)) {
      return mercadoPagoError(401, 'invalid access token', 'unauthorized');
    }
    const path = request.url.pathname;
    if (request.method === 'POST' && path === '/v1/payments') {
      const parsed = parsePayment(request);
      return typeof parsed === 'string' ? style.error(400, parsed) : runCharge(ledger, style, request, parsed);
    }
    if (request.method === 'GET' && path === '/v1/payments/search') {
      const results = ledger.byReference(request.url.searchParams.get('external_reference') ?? '').map(payment);
      return { status: 200, body: { paging: { total: results.length, limit: 30, offset: 0 }, results } };
    }
    const found = request.method === 'GET' ? /^\/v1\/payments\/(\d+)$/.exec(path) : null;
    if (found) {
      const charge = ledger.get(found[1] as string);
      return charge ? { status: 200, body: payment(charge) } : mercadoPagoError(404, 'Payment not found', 'not_found');
    }
    return mercadoPagoError(404, `no route ${request.method} ${path}`, 'not_found');
  }

  return serveGateway(ledger, handle, options);
}

/** An error answer in Mercado Pago's shape (the status is repeated in the body). */
function mercadoPagoError(status: number, message: string, error = status >= 500 ? 'internal_error' : 'bad_request') {
  return { status, body: { message, error, status, cause: [] } };
}

function parsePayment(request: FakeRequest) {
  const body = request.body;
  const amount = field(body, 'transaction_amount');
  const token = field(body, 'token');
  const idempotencyKey = header(request, 'x-idempotency-key');
  if (!idempotencyKey) return 'X-Idempotency-Key header is required';
  if (typeof amount !== 'number' || !(amount > 0)) return 'transaction_amount must be a positive number';
  if (typeof token !== 'string') return 'token is required';
  if (typeof field(body, 'payment_method_id') !== 'string') return 'payment_method_id is required';
  if (!Number.isSafeInteger(field(body, 'installments'))) return 'installments must be an integer';
  if (typeof field(body, 'payer', 'email') !== 'string') return 'payer.email is required';
  const reference = field(body, 'external_reference');
  return {
    reference: typeof reference === 'string' ? reference : undefined,
    amountCents: Math.round(amount * 100),
    currency: 'MXN',
    token,
    idempotencyKey,
  };
}

function payment(charge: FakeCharge) {
  const body = charge.request;
  const { status, detail } = STATUS[charge.status];
  return {
    id: Number(charge.id),
    status,
    status_detail: detail,
    transaction_amount: charge.amountCents / 100,
    currency_id: charge.currency,
    external_reference: charge.reference ?? null,
    description: field(body, 'description') ?? null,
    payment_method_id: field(body, 'payment_method_id'),
    installments: field(body, 'installments'),
    payer: field(body, 'payer'),
    date_created: charge.createdAt.toISOString(),
    live_mode: false,
  };
}
