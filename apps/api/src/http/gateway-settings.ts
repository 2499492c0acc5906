/** Gateway settings from a request body → the empresa columns that store them (secrets sealed). */
import type { CompanyChanges } from '../db/companies.js';
import type { SecretBox } from '../security/secret-box.js';
import type { GatewaySettingsInput } from './schemas.js';

/** Only the fields present in `input` appear in the result (absent means "leave unchanged"). */
export function gatewayColumns(input: GatewaySettingsInput, secrets: SecretBox): CompanyChanges {
  const seal = (value: string | undefined) => (value === undefined ? undefined : secrets.seal(value));
  return {
    conekta_private_key_sealed: seal(input.conekta_private_key),
    conekta_public_key: input.conekta_public_key,
    conekta_mode: input.conekta_mode,
    mercadopago_access_token_sealed: seal(input.mercadopago_access_token),
    mercadopago_public_key: input.mercadopago_public_key,
    mercadopago_mode: input.mercadopago_mode,
    mercadopago_webhook_secret_sealed: seal(input.mercadopago_webhook_secret),
  };
}
