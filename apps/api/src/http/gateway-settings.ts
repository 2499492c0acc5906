/** Gateway settings from a request body → the empresa columns that store them (secrets sealed). */
import type { CompanyChanges } from '../db/companies.js';
import type { SecretBox } from '../security/secret-box.js';
import type { GatewaySettingsInput } from './schemas.js';

/** A key as stored: trimmed; blank (or absent) is undefined, "leave it unchanged", as the old service had it. */
const given = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

/** Only the fields present and not blank in `input` appear in the result (absent means "leave unchanged"). */
export function gatewayColumns(input: GatewaySettingsInput, secrets: SecretBox): CompanyChanges {
  const seal = (value: string | undefined) => {
    const key = given(value);
    return key === undefined ? undefined : secrets.seal(key);
  };
  return {
    conekta_private_key_sealed: seal(input.conekta_private_key),
    conekta_public_key: given(input.conekta_public_key),
    conekta_mode: input.conekta_mode,
    mercadopago_access_token_sealed: seal(input.mercadopago_access_token),
    mercadopago_public_key: given(input.mercadopago_public_key),
    mercadopago_mode: input.mercadopago_mode,
    mercadopago_webhook_secret_sealed: seal(input.mercadopago_webhook_secret),
  };
}
