/**
 * Local fakes of the Conekta and Mercado Pago APIs: real HTTP servers whose card tokens pick the
 * outcome (see {@link TEST_TOKENS}), that record every charge, honour idempotency keys, issue cash
 * vouchers a test pays or lets expire, build the signed notifications the gateways send, and serve
 * stand-ins of their browser SDKs that tokenize {@link TEST_CARDS} against them.
 */
import { startFakeConekta, type FakeConekta, type FakeConektaOptions } from './conekta.js';
import { startFakeMercadoPago, type FakeMercadoPago, type FakeMercadoPagoOptions } from './mercadopago.js';

export { startFakeConekta, type FakeConekta, type FakeConektaOptions, type ConektaNotificationTarget } from './conekta.js';
export {
  startFakeMercadoPago,
  type FakeMercadoPago,
  type FakeMercadoPagoOptions,
  type MercadoPagoNotificationTarget,
} from './mercadopago.js';
export type { FakeGateway, FakeGatewayOptions } from './gateway.js';
export { FakeControlError, type FakeCashVoucher, type FakeCharge, type FakeChargeStatus, type FakeRefund } from './ledger.js';
export { TEST_TOKENS, TEST_CARDS, DECLINE_REASON, type CardDecline } from './tokens.js';
export type { TokenizedCard } from './card-tokens.js';
export {
  deliverNotification,
  NotificationDeliveryError,
  signConektaWebhook,
  signMercadoPagoWebhook,
  type FakeNotification,
  type NotificationReceipt,
  type WebhookSignatureInput,
} from './webhook.js';

/** Both fakes, started together. */
export interface FakeGateways {
  conekta: FakeConekta;
  mercadoPago: FakeMercadoPago;
  close(): Promise<void>;
}

/** Starts both fakes on free ports; `now` is the clock of both unless one's own options name another. */
export async function startFakeGateways(
  options: { conekta?: FakeConektaOptions; mercadoPago?: FakeMercadoPagoOptions; now?: () => Date } = {},
): Promise<FakeGateways> {
  const clock = options.now ? { now: options.now } : {};
  const [conekta, mercadoPago] = await Promise.all([
    startFakeConekta({ ...clock, ...options.conekta }),
    startFakeMercadoPago({ ...clock, ...options.mercadoPago }),
  ]);
  return {
    conekta,
    mercadoPago,
    close: async () => {
      await Promise.all([conekta.close(), mercadoPago.close()]);
    },
  };
}
