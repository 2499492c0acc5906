import type { ChargeLedger, FakeCharge, FakeChargeStatus } from './ledger.js';
import { FakeControlError } from './ledger.js';
import { barcodePng } from './barcode.js';
import { field, startServer, type FakeAnswer, type FakeRequest } from './server.js';
import { deliverNotification, NotificationDeliveryError, type FakeNotification } from './webhook.js';

/** Options both fakes take. */
export interface FakeGatewayOptions {
  /** Port to listen on (127.0.0.1); 0 or absent picks a free one. */
  port?: number;
  /** Delay before every answer, to model a gateway's latency. */
  latencyMs?: number;
  /** The gateway's clock: creation and payment times, voucher expiry. The real time by default; tests pass one they move. */
  now?: () => Date;
}

/** A running fake gateway. */
export interface FakeGateway {
  /** Base URL, e.g. `http://127.0.0.1:40123`; give it to the client as CONEKTA_API_URL / MERCADOPAGO_API_URL. */
  url: string;
  /** Every charge recorded, in order (declined ones included; a replayed idempotency key adds none). */
  readonly charges: readonly FakeCharge[];
  /** Changes a charge's status later, as the gateway would (approve a pending one, refund, charge back). */
  setStatus(id: string, status: FakeChargeStatus): void;
  /** Refuses every refund with `reason` from now on (the charge stays as it is), until called with undefined. */
  refuseRefunds(reason: string | undefined): void;
  /** The customer pays a pending cash voucher at the store, now on the fake's clock; throws FakeControlError otherwise. */
  payCash(id: string): FakeCharge;
  /** A pending cash voucher runs out now, before its expiry; throws FakeControlError otherwise. */
  expireCash(id: string): FakeCharge;
  /** Stops the server; requests left hanging are cut. */
  close(): Promise<void>;
}

/** What a gateway fake gives {@link serveGateway}. */
export interface GatewayRoutes<Target> {
  /** The gateway's API. */
  handle(request: FakeRequest): FakeAnswer;
  /** A charge as the gateway's API shows it (the body of `GET /orders/{id}` or `GET /v1/payments/{id}`). */
  show(charge: FakeCharge): unknown;
  /** Reads the HTTP controls' `notify` body as a notification target, or says what is wrong with it. */
  readTarget(body: unknown): Target | string;
  /** The notification the gateway would send about charge `id` now. */
  notification(id: string, target: Target): FakeNotification;
}

/**
 * Serves the gateway's API over HTTP, plus what both fakes share: voucher barcodes
 * (`GET /barcodes/{digits}.png`, public like the gateways' barcode hosts) and the cash controls
 * over HTTP for the demo (`POST /__fake/cash/{id}/pay|expire`, whose optional body
 * `{notify: <target>}` also delivers the gateway's notification, as paying at a store would).
 */
export async function serveGateway<Target>(
  ledger: ChargeLedger,
  routes: GatewayRoutes<Target>,
  options: FakeGatewayOptions,
): Promise<FakeGateway> {
  async function control(request: FakeRequest, id: string, action: string): Promise<FakeAnswer> {
    if (!ledger.get(id)) return { status: 404, body: { message: `no charge ${id}` } };
    const target = field(request.body, 'notify');
    const notify = target === undefined ? undefined : routes.readTarget(target);
    if (typeof notify === 'string') return { status: 400, body: { message: notify } };
    let charge: FakeCharge;
    try {
      charge = action === 'pay' ? ledger.payCash(id) : ledger.expireCash(id);
    } catch (error) {
      if (error instanceof FakeControlError) return { status: 409, body: { message: error.message } };
      throw error;
    }
    if (notify === undefined) return { status: 200, body: routes.show(charge) };
    try {
      const receipt = await deliverNotification(routes.notification(id, notify));
      return { status: 200, body: { ...(routes.show(charge) as object), notification_status: receipt.status } };
    } catch (error) {
      if (error instanceof NotificationDeliveryError) return { status: 502, body: { message: error.message } };
      throw error;
    }
  }

  function handle(request: FakeRequest): FakeAnswer | Promise<FakeAnswer> {
    const path = request.url.pathname;
    const barcode = request.method === 'GET' ? /^\/barcodes\/(\d+)\.png$/.exec(path) : null;
    if (barcode) {
      const digits = barcode[1] as string;
      return ledger.byBarcode(digits)
        ? { status: 200, contentType: 'image/png', body: barcodePng(digits) }
        : { status: 404, body: { message: 'no such voucher' } };
    }
    const controlPath = request.method === 'POST' ? /^\/__fake\/cash\/([^/]+)\/(pay|expire)$/.exec(path) : null;
    if (controlPath) return control(request, decodeURIComponent(controlPath[1] as string), controlPath[2] as string);
    return routes.handle(request);
  }

  const server = await startServer(handle, options);
  return {
    url: server.url,
    get charges() {
      return ledger.charges;
    },
    setStatus: (id, status) => ledger.setStatus(id, status),
    refuseRefunds: (reason) => ledger.refuseRefunds(reason),
    payCash: (id) => ledger.payCash(id),
    expireCash: (id) => ledger.expireCash(id),
    close: server.close,
  };
}

/** Adds a gateway's own members to `gateway`, getters kept as getters (copying would read them once). */
export function extendGateway<T extends object>(gateway: FakeGateway, extras: T): FakeGateway & T {
  return Object.defineProperties(gateway, Object.getOwnPropertyDescriptors(extras)) as FakeGateway & T;
}
