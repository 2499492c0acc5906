/**
 * Local fakes of the Conekta and Mercado Pago APIs: real HTTP servers whose card tokens pick the
 * outcome (see {@link TEST_TOKENS}), that record every charge and honour idempotency keys.
 */
import { startFakeConekta, type FakeConektaOptions } from './conekta.js';
import { startFakeMercadoPago, type FakeMercadoPagoOptions } from './mercadopago.js';
import type { FakeGateway } from './gateway.js';

export { startFakeConekta, type FakeConektaOptions } from './conekta.js';
export { startFakeMercadoPago, type FakeMercadoPagoOptions } from './mercadopago.js';
export type { FakeGateway, FakeGatewayOptions } from './gateway.js';
export type { FakeCharge, FakeChargeStatus } from './ledger.js';
export { TEST_TOKENS, DECLINE_REASON } from './tokens.js';
export { signMercadoPagoWebhook, type WebhookSignatureInput } from './webhook.js';

/** Both fakes, started together. */
export interface FakeGateways {
  conekta: FakeGateway;
  mercadoPago: FakeGateway;
  close(): Promise<void>;
}

/** Starts both fakes on free ports. */
export async function startFakeGateways(
  options: { conekta?: FakeConektaOptions; mercadoPago?: FakeMercadoPagoOptions } = {},
): Promise<FakeGateways> {
  const [conekta, mercadoPago] = await Promise.all([startFakeConekta(options.conekta), startFakeMercadoPago(options.mercadoPago)]);
  return {
    conekta,
    mercadoPago,
    close: async () => {
      await Promise.all([conekta.close(), mercadoPago.close()]);
    },
  };
}
