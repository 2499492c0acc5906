/**
 * Client admin: the caller's own empresa and its gateway settings, under /api/v1/admin/mi-empresa.
 * Secrets are write-only: they come back as "********".
 */
import { logoUrl } from '../../branding/logo.js';
import { normalizeHexColor } from '../../branding/colors.js';
import { logoFileOf } from '../../db/company-logos.js';
import { updateCompany, type CompanyRow } from '../../db/companies.js';
import { adminOf, sessionAuth } from '../auth.js';
import type { AppContext, RouteModule } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import { gatewayColumns } from '../gateway-settings.js';
import { requireCompany } from '../lookups.js';
import { Type } from 'typebox';
import {
  closedObject,
  conektaSchema,
  emailInput,
  companySchema,
  errorSchema,
  gatewaySettingsBody,
  gatewaySettingsInput,
  mercadoPagoSchema,
  nameInput,
  nullable,
  sessionSecurity,
} from '../schemas.js';
import { conektaView, companyView, mercadoPagoView } from '../views.js';

const base = '/api/v1/admin/mi-empresa';
/** `#rrggbb` or `#rgb`, the `#` optional; stored as `#rrggbb`. */
const colorInput = nullable({ maxLength: 7 });

/** Both halves of a gateway's settings (public and secret) are present. */
const conektaConfigured = (e: CompanyRow) => e.conekta_private_key_sealed !== null && e.conekta_public_key !== null;
const mercadoPagoConfigured = (e: CompanyRow) => e.mercadopago_access_token_sealed !== null && e.mercadopago_public_key !== null;

export const clientCompanyRoutes: RouteModule = (app, ctx) => {
  const onRequest = sessionAuth(ctx, ['cliente_admin']);
  const common = { tags: ['client admin'], security: sessionSecurity };
  const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema };
  const own = (request: Parameters<typeof adminOf>[0]) => requireCompany(ctx, adminOf(request).empresa_id!);

  app.get(
    base,
    {
      onRequest,
      schema: {
        ...common,
        summary: "The caller's empresa, with its logo's URL",
        response: { 200: Type.Object({ ...companySchema.properties, logo_url: nullable() }), ...errors },
      },
    },
    async (request) => {
      const company = await own(request);
      return { ...companyView(company), logo_url: logoUrl((await logoFileOf(ctx.db, company.id)) ?? null) };
    },
  );

  app.put(
    base,
    {
      onRequest,
      schema: {
        ...common,
        summary: "Updates the empresa's name and contact data (only the fields sent)",
        body: closedObject({
          nombre: Type.Optional(nameInput),
          contacto_email: Type.Optional(Type.Union([emailInput, Type.Null()])),
          contacto_telefono: Type.Optional(nullable({ maxLength: 40 })),
          color_primario: Type.Optional(colorInput),
          color_secundario: Type.Optional(colorInput),
          vende_efectivo: Type.Optional(Type.Boolean()),
        }),
        response: { 200: companySchema, ...errors, 422: errorSchema },
      },
    },
    async (request) => {
      // Named one by one: only these columns are the caller's to change.
      const { nombre, contacto_email, contacto_telefono, color_primario, color_secundario, vende_efectivo } = request.body;
      return companyView(
        await save(ctx, adminOf(request).empresa_id!, {
          nombre,
          contacto_email,
          contacto_telefono,
          primary_color: storedColor('color_primario', color_primario),
          secondary_color: storedColor('color_secundario', color_secundario),
          sells_cash: vende_efectivo,
        }),
      );
    },
  );

  app.put(
    `${base}/conekta-config`,
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Sets the Conekta keys and mode (only the fields sent)',
        body: closedObject({
          conekta_private_key: gatewaySettingsInput.conekta_private_key,
          conekta_public_key: gatewaySettingsInput.conekta_public_key,
          conekta_mode: gatewaySettingsInput.conekta_mode,
        }),
        response: { 200: conektaSchema, ...errors, 422: errorSchema },
      },
    },
    async (request) => {
      const company = await save(ctx, adminOf(request).empresa_id!, gatewayColumns(request.body, ctx.secrets));
      return { ...conektaView(company), configurado: conektaConfigured(company) };
    },
  );

  app.get(
    `${base}/conekta`,
    { onRequest, schema: { ...common, summary: 'Conekta settings (secret masked)', response: { 200: conektaSchema, ...errors } } },
    async (request) => {
      const company = await own(request);
      return { ...conektaView(company), configurado: conektaConfigured(company) };
    },
  );

  app.get(
    `${base}/mercado-pago`,
    {
      onRequest,
      schema: { ...common, summary: 'Mercado Pago settings (secrets masked)', response: { 200: mercadoPagoSchema, ...errors } },
    },
    async (request) => {
      const company = await own(request);
      return { ...mercadoPagoView(company), configurado: mercadoPagoConfigured(company) };
    },
  );

  app.post(
    `${base}/configurar-credenciales`,
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Sets any gateway settings, Conekta and Mercado Pago (only the fields sent)',
        body: gatewaySettingsBody,
        response: {
          200: Type.Object({ message: Type.String(), conekta: conektaSchema, mercado_pago: mercadoPagoSchema }),
          ...errors,
          422: errorSchema,
        },
      },
    },
    async (request) => {
      const company = await save(ctx, adminOf(request).empresa_id!, gatewayColumns(request.body, ctx.secrets));
      return {
        message: 'Credenciales actualizadas',
        conekta: { ...conektaView(company), configurado: conektaConfigured(company) },
        mercado_pago: { ...mercadoPagoView(company), configurado: mercadoPagoConfigured(company) },
      };
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

async function save(ctx: AppContext, companyId: string, changes: Parameters<typeof updateCompany>[2]): Promise<CompanyRow> {
  const company = await updateCompany(ctx.db, companyId, changes);
  if (!company) throw notFound('Empresa no encontrada');
  return company;
}
