/**
 * The demo's payment gateways: the hook `npm run demo` calls before it seeds the empresa. This
 * version starts none (the empresa gets no gateway settings); the purchase code replaces it with
 * local fake gateways so the printed payment commands work end to end.
 */
import type { Config } from './config.js';
import type { GatewaySettingsInput } from './http/gateway-settings.js';

export interface DemoGateways {
  /** Config overrides, e.g. gateway base URLs pointing at local fakes. */
  gateways: Partial<Config['gateways']>;
  /** Gateway settings stored on the demo empresa. */
  empresaSettings: GatewaySettingsInput;
  /** Lines printed after the curl commands (e.g. which test card tokens approve or decline). */
  notes: string[];
  close(): Promise<void>;
}

export async function startDemoGateways(): Promise<DemoGateways> {
  return {
    gateways: {},
    empresaSettings: {},
    notes: ['No payment gateway is configured in this demo: the payment calls answer that the empresa has none.'],
    close: async () => undefined,
  };
}
