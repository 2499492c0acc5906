import type { ChargeLedger, FakeCharge, FakeChargeStatus } from './ledger.js';
import { startServer, type FakeAnswer, type FakeRequest } from './server.js';

/** Options both fakes take. */
export interface FakeGatewayOptions {
  /** Port to listen on (127.0.0.1); 0 or absent picks a free one. */
  port?: number;
  /** Delay before every answer, to model a gateway's latency. */
  latencyMs?: number;
}

/** A running fake gateway. */
export interface FakeGateway {
  /** Base URL, e.g. `http://127.0.0.1:40123`; give it to the client as CONEKTA_API_URL / MERCADOPAGO_API_URL. */
  url: string;
  /** Every charge recorded, in order (declined ones included; a replayed idempotency key adds none). */
  readonly charges: readonly FakeCharge[];
  /** Changes a charge's status later, as the gateway would (approve a pending one, refund, charge back). */
  setStatus(id: string, status: FakeChargeStatus): void;
  /** Stops the server; requests left hanging are cut. */
  close(): Promise<void>;
}

/** Serves `handle` over HTTP and exposes the ledger's charges as a FakeGateway. */
export async function serveGateway(
  ledger: ChargeLedger,
  handle: (request: FakeRequest) => FakeAnswer,
  options: FakeGatewayOptions,
): Promise<FakeGateway> {
  const server = await startServer(handle, options);
  return {
    url: server.url,
    charges: ledger.charges,
    setStatus: (id, status) => ledger.setStatus(id, status),
    close: server.close,
  };
}
