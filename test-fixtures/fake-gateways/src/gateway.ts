import type { ChargeLedger, FakeCharge, FakeChargeStatus } from './ledger.js';
import { FakeControlError } from './ledger.js';
import { barcodePng } from './barcode.js';
import { startServer, type FakeAnswer, type FakeRequest } from './server.js';

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
  /** The customer pays a pending cash voucher at the store, now on the fake's clock; throws FakeControlError otherwise. */
  payCash(id: string): FakeCharge;
  /** A pending cash voucher runs out now, before its expiry; throws FakeControlError otherwise. */
  expireCash(id: string): FakeCharge;
  /** Stops the server; requests left hanging are cut. */
  close(): Promise<void>;
}

/** What a gateway fake gives {@link serveGateway}. */
export interface GatewayRoutes {
  /** The gateway's API. */
  handle(request: FakeRequest): FakeAnswer;
  /** A charge as the gateway's API shows it (the body of `GET /orders/{id}` or `GET /v1/payments/{id}`). */
  show(charge: FakeCharge): unknown;
}

/**
 * Serves the gateway's API over HTTP, plus what both fakes share: voucher barcodes
 * (`GET /barcodes/{digits}.png`, public like the gateways' barcode hosts) and the cash controls
 * over HTTP for the demo (`POST /__fake/cash/{id}/pay|expire`).
 */
export async function serveGateway(ledger: ChargeLedger, routes: GatewayRoutes, options: FakeGatewayOptions): Promise<FakeGateway> {
  function handle(request: FakeRequest): FakeAnswer {
    const path = request.url.pathname;
    const barcode = request.method === 'GET' ? /^\/barcodes\/(\d+)\.png$/.exec(path) : null;
    if (barcode) {
      const digits = barcode[1] as string;
      return ledger.byBarcode(digits)
        ? { status: 200, contentType: 'image/png', body: barcodePng(digits) }
        : { status: 404, body: { message: 'no such voucher' } };
    }
    const control = request.method === 'POST' ? /^\/__fake\/cash\/([^/]+)\/(pay|expire)$/.exec(path) : null;
    if (control) {
      const id = decodeURIComponent(control[1] as string);
      if (!ledger.get(id)) return { status: 404, body: { message: `no charge ${id}` } };
      try {
        const charge = control[2] === 'pay' ? ledger.payCash(id) : ledger.expireCash(id);
        return { status: 200, body: routes.show(charge) };
      } catch (error) {
        if (error instanceof FakeControlError) return { status: 409, body: { message: error.message } };
        throw error;
      }
    }
    return routes.handle(request);
  }

  const server = await startServer(handle, options);
  return {
    url: server.url,
    get charges() {
      return ledger.charges;
    },
    setStatus: (id, status) => ledger.setStatus(id, status),
    payCash: (id) => ledger.payCash(id),
    expireCash: (id) => ledger.expireCash(id),
    close: server.close,
  };
}

/** Adds a gateway's own members to `gateway`, getters kept as getters (copying would read them once). */
export function extendGateway<T extends object>(gateway: FakeGateway, extras: T): FakeGateway & T {
  return Object.defineProperties(gateway, Object.getOwnPropertyDescriptors(extras)) as FakeGateway & T;
}
