/**
 * Client admin: the caller's own empresa and its gateway and Telegram settings, under
 * /api/v1/admin/mi-empresa, and the Telegram test, `POST /api/v1/admin/test-telegram`, in the old
 * service's shapes (LEGACY-API.md §4.4) with this service's fields beside them. Secrets are
 * write-only: they come back as "********".
 */
import { normalizeHexColor } from '../../branding/colors.js';
import { logoFileOf } from '../../db/company-logos.js';
import { updateCompany, type CompanyRow } from '../../db/companies.js';
import { isBotToken, isChatId, sendTelegramMessage, TelegramError, testMessage } from '../../notifications/telegram.js';
import { adminOf, sessionAuth } from '../auth.js';
import type { AppContext, RouteModule } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import { gatewayColumns } from '../gateway-settings.js';
import { canonicalZone, DEFAULT_ZONE } from '../../reports/calendar.js';
import { BOT_TOKEN_REFUSED, CHAT_ID_REFUSED, telegramColumns, telegramValue } from '../telegram-settings.js';
import { requireCompany } from '../lookups.js';
import { Type } from 'typebox';
import {
  closedObject,
  conektaSchema,
  emailInput,
  ownCompanySchema,
  errorSchema,
  gatewaySettingsInput,
  mercadoPagoSchema,
  nameInput,
  nullable,
  sessionSecurity,
} from '../schemas.js';
import { conektaView, legacyConektaConfig, legacyMercadoPagoConfig, mercadoPagoView, ownCompanyView } from '../views.js';

const base = '/api/v1/admin/mi-empresa';
/** `#rrggbb` or `#rgb`, the `#` optional; stored as `#rrggbb`. */
const colorInput = nullable({ maxLength: 7 });
const nullableStr = nullable();

/** Both halves of a gateway's settings (public and secret) are present. */
const conektaConfigured = (e: CompanyRow) => e.conekta_private_key_sealed !== null && e.conekta_public_key !== null;
const mercadoPagoConfigured = (e: CompanyRow) => e.mercadopago_access_token_sealed !== null && e.mercadopago_public_key !== null;

const conektaAnswer = (e: CompanyRow) => ({ ...conektaView(e), configurado: conektaConfigured(e) });
const mercadoPagoAnswer = (e: CompanyRow) => ({ ...mercadoPagoView(e), configurado: mercadoPagoConfigured(e) });

/** The Conekta settings body of `conekta-config` and `configurar-conekta` (the old `ConektaConfig`). */
const conektaBody = closedObject({
  conekta_private_key: gatewaySettingsInput.conekta_private_key,
  conekta_public_key: gatewaySettingsInput.conekta_public_key,
  conekta_mode: gatewaySettingsInput.conekta_mode,
});
const conektaAnswerSchema = Type.Object({ message: Type.String(), ...conektaSchema.properties });

/**
 * `configurar-credenciales`: this service's names of both gateways' settings, and the old route's
 * Mercado Pago names (`access_token`, `public_key`, `webhook_secret`, `mode`), which win when both are sent.
 */
const credentialsBody = closedObject({
  ...gatewaySettingsInput,
  access_token: gatewaySettingsInput.mercadopago_access_token,
  public_key: gatewaySettingsInput.mercadopago_public_key,
  webhook_secret: gatewaySettingsInput.mercadopago_webhook_secret,
  mode: gatewaySettingsInput.mercadopago_mode,
});

const configLoaded = 'Configuración cargada';
const TELEGRAM_REFUSED = 'Error de Telegram. Verifica que el Token sea válido y que hayas iniciado chat con el bot.';

export const clientCompanyRoutes: RouteModule = (app, ctx) => {
  const onRequest = sessionAuth(ctx, ['cliente_admin']);
  const common = { tags: ['client admin'], security: sessionSecurity };
  const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema };
  const own = (request: Parameters<typeof adminOf>[0]) => requireCompany(ctx, adminOf(request).empresa_id!);
  const mine = async (company: CompanyRow) => ownCompanyView(company, (await logoFileOf(ctx.db, company.id)) ?? null);

  app.get(
    base,
    {
      onRequest,
      schema: { ...common, summary: "The caller's empresa, with its logo's URL", response: { 200: ownCompanySchema, ...errors } },
    },
    async (request) => mine(await own(request)),
  );

  app.put(
    base,
    {
      onRequest,
      schema: {
        ...common,
        summary: "Updates the empresa's name, contact data, portal looks, time zone and Telegram settings (only the fields sent)",
        body: closedObject({
          nombre: Type.Optional(nameInput),
          contacto_email: Type.Optional(Type.Union([emailInput, Type.Null()])),
          contacto_telefono: Type.Optional(nullable({ maxLength: 40 })),
          color_primario: Type.Optional(colorInput),
          color_secundario: Type.Optional(colorInput),
          vende_efectivo: Type.Optional(Type.Boolean()),
          zona_horaria: Type.Optional(
            Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone of the empresa’s days (reports, "hoy")' }),
          ),
          telegram_bot_token: Type.Optional(nullable({ maxLength: 250 })),
          telegram_chat_id: Type.Optional(nullable({ maxLength: 70 })),
          notificaciones_telegram: Type.Optional(Type.Unsafe<boolean | null>({ type: ['boolean', 'null'] })),
        }),
        response: {
          200: Type.Object({ message: Type.String(), empresa: ownCompanySchema }),
          ...errors,
          422: errorSchema,
        },
      },
    },
    async (request) => {
      // Named one by one: only these columns are the caller's to change.
      const { nombre, contacto_email, contacto_telefono, color_primario, color_secundario, vende_efectivo, zona_horaria } = request.body;
      const company = await save(ctx, adminOf(request).empresa_id!, {
        nombre,
        contacto_email,
        contacto_telefono,
        primary_color: storedColor('color_primario', color_primario),
        secondary_color: storedColor('color_secundario', color_secundario),
        sells_cash: vende_efectivo,
        zona_horaria: storedZone(zona_horaria),
        ...telegramColumns(request.body, ctx.secrets),
      });
      return { message: 'Información de la empresa actualizada correctamente', empresa: await mine(company) };
    },
  );

  const conektaRoute = (method: 'PUT' | 'POST', path: string, message: string) =>
    app.route({
      method,
      url: `${base}/${path}`,
      onRequest,
      schema: {
        ...common,
        summary: 'Sets the Conekta keys and mode (only the fields sent and not blank)',
        body: conektaBody,
        response: { 200: conektaAnswerSchema, ...errors, 422: errorSchema },
      },
      handler: async (request) => {
        const company = await save(ctx, adminOf(request).empresa_id!, gatewayColumns(request.body, ctx.secrets));
        return { message, ...conektaAnswer(company) };
      },
    });
  conektaRoute('PUT', 'conekta-config', 'Configuración de Conekta actualizada');
  conektaRoute('POST', 'configurar-conekta', 'Credenciales de Conekta actualizadas correctamente');

  app.get(
    `${base}/conekta`,
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Conekta settings (secret masked)',
        response: {
          200: Type.Object({
            message: Type.String(),
            configuracion_actual: Type.Object({
              conekta_public_key: nullableStr,
              conekta_mode: nullableStr,
              conekta_private_key: nullableStr,
            }),
            ...conektaSchema.properties,
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const company = await own(request);
      return { message: configLoaded, configuracion_actual: legacyConektaConfig(company), ...conektaAnswer(company) };
    },
  );

  app.get(
    `${base}/mercado-pago`,
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Mercado Pago settings (secrets masked)',
        response: {
          200: Type.Object({
            message: Type.String(),
            configuracion_actual: Type.Object({
              access_token: nullableStr,
              public_key: nullableStr,
              mode: nullableStr,
              webhook_secret: nullableStr,
            }),
            ...mercadoPagoSchema.properties,
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const company = await own(request);
      return { message: configLoaded, configuracion_actual: legacyMercadoPagoConfig(company), ...mercadoPagoAnswer(company) };
    },
  );

  app.post(
    `${base}/configurar-credenciales`,
    {
      onRequest,
      schema: {
        ...common,
        summary: "Sets any gateway settings (only the fields sent and not blank); the old route's Mercado Pago names are accepted",
        body: credentialsBody,
        response: {
          200: Type.Object({ message: Type.String(), conekta: conektaSchema, mercado_pago: mercadoPagoSchema }),
          ...errors,
          422: errorSchema,
        },
      },
    },
    async (request) => {
      const { access_token, public_key, webhook_secret, mode, ...settings } = request.body;
      const input = {
        ...settings,
        mercadopago_access_token: access_token ?? settings.mercadopago_access_token,
        mercadopago_public_key: public_key ?? settings.mercadopago_public_key,
        mercadopago_webhook_secret: webhook_secret ?? settings.mercadopago_webhook_secret,
        mercadopago_mode: mode ?? settings.mercadopago_mode,
      };
      const company = await save(ctx, adminOf(request).empresa_id!, gatewayColumns(input, ctx.secrets));
      return {
        message: 'Credenciales de Mercado Pago actualizadas correctamente',
        conekta: conektaAnswer(company),
        mercado_pago: mercadoPagoAnswer(company),
      };
    },
  );

  app.post(
    '/api/v1/admin/test-telegram',
    {
      onRequest,
      schema: {
        ...common,
        summary: "Sends a test message to the Telegram chat (the token and chat id sent, else the empresa's stored ones)",
        body: closedObject({ token: Type.Optional(nullable({ maxLength: 250 })), chat_id: Type.Optional(nullable({ maxLength: 70 })) }),
        response: { 200: Type.Object({ message: Type.String() }), 400: errorSchema, ...errors, 422: errorSchema, 502: errorSchema },
      },
    },
    async (request) => {
      const company = await own(request);
      const sentToken = telegramValue(request.body.token, isBotToken, BOT_TOKEN_REFUSED);
      const sentChat = telegramValue(request.body.chat_id, isChatId, CHAT_ID_REFUSED);
      const stored = company.telegram_bot_token_sealed;
      const botToken = sentToken ?? (stored === null ? null : ctx.secrets.open(stored));
      const chatId = sentChat ?? company.telegram_chat_id;
      if (!botToken || !chatId) throw new HttpError(400, 'Faltan credenciales (Token o Chat ID)');
      try {
        await sendTelegramMessage(ctx.config.telegram, { botToken, chatId }, testMessage(company.nombre));
      } catch (error) {
        if (!(error instanceof TelegramError)) throw error;
        request.log.warn({ reason: error.reason, status: error.status, description: error.description }, 'Telegram test message refused');
        throw new HttpError(502, TELEGRAM_REFUSED);
      }
      return { message: 'Mensaje de prueba enviado con éxito' };
    },
  );
};

/** A colour as stored (`#rrggbb`), null to go back to the page's own, undefined to leave it. @throws HttpError 422 */
function storedColor(field: string, input: string | null | undefined): string | null | undefined {
  if (input === undefined || input === null) return input;
  const color = normalizeHexColor(input);
  if (!color) throw new HttpError(422, `${field} debe ser un color hexadecimal como #0b5cad`);
  return color;
}

/** A time zone as stored (the runtime's spelling of an IANA name), undefined to leave it. @throws HttpError 422 */
function storedZone(input: string | undefined): string | undefined {
  if (input === undefined) return undefined;
  const zone = canonicalZone(input);
  if (!zone)
    throw new HttpError(422, `zona_horaria debe ser una zona horaria IANA como ${DEFAULT_ZONE}; ${JSON.stringify(input)} no lo es`);
  return zone;
}

async function save(ctx: AppContext, companyId: string, changes: Parameters<typeof updateCompany>[2]): Promise<CompanyRow> {
  const company = await updateCompany(ctx.db, companyId, changes);
  if (!company) throw notFound('Empresa no encontrada');
  return company;
}
