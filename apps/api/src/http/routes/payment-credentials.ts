/**
 * `POST /api/v1/payments/configurar-credenciales` in the old service's contract (LEGACY-API.md §4.4,
 * `MercadoPagoCredentials`): a client admin sets the empresa's Mercado Pago credentials and Telegram
 * settings, and is told which changed and what is configured now, never a secret's value. Secrets are
 * sealed (src/security/secret-box.ts). Unlike the old route, an omitted `mode` leaves the stored mode
 * alone (it reset it to `test`).
 */
import { type Static, Type } from 'typebox';
import { findCompany, updateCompany, type CompanyChanges, type CompanyRow } from '../../db/companies.js';
import type { SecretBox } from '../../security/secret-box.js';
import { adminOf, sessionAuth } from '../auth.js';
import type { RouteModule } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import { closedObject, errorSchema, nullable, sessionSecurity } from '../schemas.js';
import { telegramColumns } from '../telegram-settings.js';

type Mode = 'test' | 'live' | 'sandbox' | 'production';
/** The old `test`/`live`, or this service's names; null as if not sent. One `type` list, so coercion leaves a null alone. */
const modeOrNull = Type.Unsafe<Mode | null>({ type: ['string', 'null'], enum: ['test', 'live', 'sandbox', 'production', null] });
const nullableBool = Type.Unsafe<boolean | null>({ type: ['boolean', 'null'] });

const credentialsBody = closedObject({
  access_token: Type.Optional(nullable({ maxLength: 500 })),
  webhook_secret: Type.Optional(nullable({ maxLength: 500 })),
  public_key: Type.Optional(nullable({ maxLength: 500 })),
  mode: Type.Optional(modeOrNull),
  telegram_bot_token: Type.Optional(nullable({ maxLength: 250 })),
  telegram_chat_id: Type.Optional(nullable({ maxLength: 70 })),
  notificaciones_telegram: Type.Optional(nullableBool),
});
type CredentialsInput = Static<typeof credentialsBody>;

const configurationSchema = Type.Object({
  access_token: Type.Boolean(),
  webhook_secret: Type.Boolean(),
  public_key: Type.Boolean(),
  mode: nullable(),
  telegram_configurado: Type.Boolean(),
  telegram_activo: Type.Boolean(),
});
const companyRef = Type.Object({ id: Type.String(), nombre: Type.String() });
const answerSchema = Type.Object({
  success: Type.Literal(true),
  message: Type.String(),
  empresa: companyRef,
  /** Present when something changed: the old names of what did. */
  campos_modificados: Type.Optional(Type.Array(Type.String())),
  /** What is configured now (when something changed). */
  configuracion_actual: Type.Optional(configurationSchema),
  /** The same, under the old name it had when nothing changed. */
  configurado: Type.Optional(configurationSchema),
});

/** What the body changes, in columns and in the old answer's words. A null is "not sent", as in the old model. */
function credentialChanges(input: CredentialsInput, secrets: SecretBox): { changes: CompanyChanges; fields: string[] } {
  const fields: string[] = [];
  /** A secret: blank clears it, anything else is sealed. */
  const secret = (name: string, value: string | null | undefined): string | null | undefined => {
    if (value == null) return undefined;
    const trimmed = value.trim();
    fields.push(`${name} (${trimmed ? 'actualizado' : 'eliminado'})`);
    return trimmed ? secrets.seal(trimmed) : null;
  };
  const plain = (name: string, value: string | null | undefined): string | null | undefined => {
    if (value == null) return undefined;
    fields.push(name);
    return value.trim() || null;
  };
  const changes: CompanyChanges = {
    mercadopago_access_token_sealed: secret('access_token', input.access_token),
    mercadopago_webhook_secret_sealed: secret('webhook_secret', input.webhook_secret),
    mercadopago_public_key: plain('public_key', input.public_key),
    mercadopago_mode: plain('mode', input.mode),
    ...telegramColumns(
      {
        telegram_bot_token: input.telegram_bot_token ?? undefined,
        telegram_chat_id: input.telegram_chat_id ?? undefined,
        notificaciones_telegram: input.notificaciones_telegram ?? undefined,
      },
      secrets,
    ),
  };
  for (const name of ['telegram_bot_token', 'telegram_chat_id', 'notificaciones_telegram'] as const) {
    if (input[name] != null) fields.push(name);
  }
  return { changes, fields };
}

/** Which settings are there now (booleans for the secrets: their values never leave). */
function configuration(company: CompanyRow) {
  return {
    access_token: company.mercadopago_access_token_sealed !== null,
    webhook_secret: company.mercadopago_webhook_secret_sealed !== null,
    public_key: company.mercadopago_public_key !== null,
    mode: company.mercadopago_mode,
    telegram_configurado: company.telegram_bot_token_sealed !== null && company.telegram_chat_id !== null,
    telegram_activo: company.telegram_notifications,
  };
}

export const paymentCredentialRoutes: RouteModule = (app, ctx) => {
  app.post(
    '/api/v1/payments/configurar-credenciales',
    {
      onRequest: sessionAuth(ctx, ['cliente_admin']),
      schema: {
        tags: ['client admin'],
        security: sessionSecurity,
        summary: "Sets the empresa's Mercado Pago credentials and Telegram settings (sent fields only; secrets sealed, never answered)",
        body: credentialsBody,
        response: { 200: answerSchema, 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      const companyId = adminOf(request).empresa_id;
      if (!companyId) throw new HttpError(400, 'Usuario sin empresa asociada');
      const current = await findCompany(ctx.db, companyId);
      if (!current) throw notFound('Empresa no encontrada');
      if (!current.activa) throw new HttpError(400, 'Empresa inactiva');
      const { changes, fields } = credentialChanges(request.body, ctx.secrets);
      const empresa = { id: current.id, nombre: current.nombre };
      if (fields.length === 0) {
        return {
          success: true as const,
          message: 'No se enviaron cambios. Credenciales actuales se mantienen.',
          empresa,
          configurado: configuration(current),
        };
      }
      const company = await updateCompany(ctx.db, companyId, changes);
      if (!company) throw notFound('Empresa no encontrada');
      return {
        success: true as const,
        message: 'Credenciales actualizadas correctamente',
        empresa,
        campos_modificados: fields,
        configuracion_actual: configuration(company),
      };
    },
  );
};
