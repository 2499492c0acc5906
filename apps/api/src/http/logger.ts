/** Logger options: pino, with every credential-bearing field redacted wherever it appears. */
import type { LoggerOptions } from 'pino';

/** Field names whose values are secrets: passwords, tokens, keys, card tokens. */
export const SECRET_FIELDS = [
  'password',
  'current_password',
  'new_password',
  'password_encrypted',
  'contrasena',
  'token',
  'access_token',
  'api_key',
  'token_tarjeta',
  'conekta_private_key',
  'mercadopago_access_token',
  'mercadopago_webhook_secret',
  'webhook_secret',
  'telegram_bot_token',
  'authorization',
  'x-api-key',
  'cookie',
];

/** Redaction paths: each secret field at the top level and up to three levels down. */
export const REDACT_PATHS = SECRET_FIELDS.flatMap((field) => {
  const key = /^[a-z_]+$/.test(field) ? field : `["${field}"]`;
  const join = (prefix: string) => (key.startsWith('[') ? `${prefix}${key}` : `${prefix}.${key}`);
  return [key, join('*'), join('*.*'), join('*.*.*')];
});

export function loggerOptions(level: string): LoggerOptions {
  return { level, redact: { paths: REDACT_PATHS, censor: '[REDACTED]' } };
}
