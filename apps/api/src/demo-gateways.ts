/**
 * The demo's payment gateways: the hook `npm run demo` calls before it seeds the empresa. Starts
 * local fakes of Conekta and Mercado Pago (@hotspot/fake-gateways), points the service at them and
 * gives the demo empresa keys they accept, so the printed payment commands work end to end.
 */
import { startFakeGateways, TEST_TOKENS } from '@hotspot/fake-gateways';
import type { Config } from './config.js';
import type { GatewaySettingsInput } from './http/schemas.js';

export interface DemoGateways {
  /** Config overrides, e.g. gateway base URLs pointing at local fakes. */
  gateways: Partial<Config['gateways']>;
  /** Config overrides of the hosted page: the fakes' browser SDK stand-ins. */
  portal: Config['portal'];
  /** Gateway settings stored on the demo empresa. */
  companySettings: GatewaySettingsInput;
  /** Lines printed after the curl commands (e.g. which test card tokens approve or decline). */
  notes: string[];
  close(): Promise<void>;
}

const CONEKTA_PRIVATE_KEY = 'key_demo_private';
const MERCADOPAGO_ACCESS_TOKEN = 'TEST-demo-access-token';

export async function startDemoGateways(): Promise<DemoGateways> {
  const fakes = await startFakeGateways({
    conekta: { privateKey: CONEKTA_PRIVATE_KEY },
    mercadoPago: { accessToken: MERCADOPAGO_ACCESS_TOKEN },
  });
  return {
    gateways: { conektaUrl: fakes.conekta.url, mercadoPagoUrl: fakes.mercadoPago.url, timeoutMs: 3000 },
    portal: { conektaJsUrl: fakes.conekta.sdkUrl, mercadoPagoJsUrl: fakes.mercadoPago.sdkUrl },
    companySettings: {
      conekta_private_key: CONEKTA_PRIVATE_KEY,
      conekta_public_key: 'key_demo_public',
      conekta_mode: 'sandbox',
      mercadopago_access_token: MERCADOPAGO_ACCESS_TOKEN,
      mercadopago_public_key: 'TEST-demo-public-key',
      mercadopago_mode: 'sandbox',
      mercadopago_webhook_secret: 'demo-webhook-secret',
    },
    notes: [
      '',
      `Payments go to local fake gateways (Conekta ${fakes.conekta.url}, Mercado Pago ${fakes.mercadoPago.url}).`,
      'On the hosted page, card 4242 4242 4242 4242 approves, 4000 0000 0000 0002 declines, 4000 0000 0000 0259 stays pending (any name, a future expiry, any CVC).',
      `Card tokens: ${TEST_TOKENS.approve} approves, ${TEST_TOKENS.decline} declines (402), ${TEST_TOKENS.pending} stays pending,`,
      `${TEST_TOKENS.serverError} charges but answers 500 and ${TEST_TOKENS.hang} charges but never answers (both: 202, settled by reconciliation).`,
      'Mercado Pago: POST /api/v1/payments/pagar-mercado-pago with the same fields plus "payment_method_id":"visa","cuotas":1,"monto":<the plan price>.',
      'Add -H "Idempotency-Key: <any id>" to a payment call to make a retry safe.',
    ],
    close: () => fakes.close(),
  };
}
