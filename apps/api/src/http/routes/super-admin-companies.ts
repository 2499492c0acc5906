/** Super admin: POST/GET /admin/empresas, PATCH /admin/empresas/{empresa_id} (activate or deactivate). */
import { definedFields } from '../../db/defined.js';
import { insertCompany, listCompanies, NO_GATEWAY_SETTINGS, updateCompany } from '../../db/companies.js';
import { randomId } from '../../security/tokens.js';
import { sessionAuth } from '../auth.js';
import type { RouteModule } from '../context.js';
import { Type } from 'typebox';
import { gatewayColumns } from '../gateway-settings.js';
import { notFound } from '../errors.js';
import { closedObject, companySchema, errorSchema, gatewaySettingsInput, idParam, nameInput, sessionSecurity } from '../schemas.js';
import { companyView } from '../views.js';

const companyBody = closedObject({
  nombre: nameInput,
  // A contact, not a login: the old service took any text here.
  contacto_email: Type.Optional(Type.String({ maxLength: 254 })),
  contacto_telefono: Type.Optional(Type.String({ maxLength: 40 })),
  ...gatewaySettingsInput,
});

export const superAdminCompanyRoutes: RouteModule = (app, ctx) => {
  const onRequest = sessionAuth(ctx, ['super_admin']);
  const common = { tags: ['super admin'], security: sessionSecurity };

  app.post(
    '/admin/empresas',
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Creates an empresa (gateway settings optional)',
        body: companyBody,
        response: { 200: companySchema, 401: errorSchema, 403: errorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      const { nombre, contacto_email, contacto_telefono, ...gateways } = request.body;
      const company = await insertCompany(ctx.db, {
        id: randomId('EMP_', 10),
        nombre,
        contacto_email: contacto_email ?? null,
        contacto_telefono: contacto_telefono ?? null,
        creada_en: ctx.now(),
        ...NO_GATEWAY_SETTINGS,
        ...definedFields(gatewayColumns(gateways, ctx.secrets)),
      });
      return companyView(company);
    },
  );

  app.get(
    '/admin/empresas',
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Every empresa',
        response: { 200: Type.Array(companySchema), 401: errorSchema, 403: errorSchema },
      },
    },
    async () => (await listCompanies(ctx.db)).map(companyView),
  );

  // Neither the old service nor SERVICE.md had a route for this; an explicit state (not a toggle) makes
  // a retried request harmless. A deactivated empresa's API keys, logins and sessions stop at once:
  // every check reads `activa` from the row.
  app.patch(
    '/admin/empresas/:eid',
    {
      onRequest,
      schema: {
        ...common,
        summary: "Activates or deactivates an empresa: its routers' API keys and its admins' logins and sessions stop while inactive",
        params: closedObject({ eid: idParam }),
        body: closedObject({ activa: Type.Boolean() }),
        response: { 200: companySchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      const company = await updateCompany(ctx.db, request.params.eid, { activa: request.body.activa });
      if (!company) throw notFound('Empresa no encontrada');
      return companyView(company);
    },
  );
};
