/**
 * Super admin figures: GET /admin/dashboard (every empresa) and GET /admin/empresas/{eid}/stats.
 * The sales part is the same `salesFigures` the client admin's dashboard shows.
 */
import { countCompanies } from '../../db/companies.js';
import { countActiveProducts } from '../../db/products.js';
import { countRouters } from '../../db/routers.js';
import { sessionAuth } from '../auth.js';
import type { AppContext, RouteModule } from '../context.js';
import { requireCompany } from '../lookups.js';
import { salesFigures } from '../sales-figures.js';
import { errorSchema, idParam, sessionSecurity } from '../schemas.js';

/** Routers, active plans and sales of one empresa, or (undefined) of all. */
async function figuresOf(ctx: AppContext, companyId: string | undefined) {
  const [routers, products, sales] = await Promise.all([
    countRouters(ctx.db, companyId),
    countActiveProducts(ctx.db, companyId),
    salesFigures(ctx.db, companyId, ctx.now()),
  ]);
  return { routers_total: routers.total, routers_activos: routers.activos, productos_activos: products, ...sales };
}

const figuresSchema = {
  type: 'object',
  // The sales fields are salesFigures' (documented with the client admin's dashboard).
  additionalProperties: true,
  properties: { routers_total: { type: 'integer' }, routers_activos: { type: 'integer' }, productos_activos: { type: 'integer' } },
} as const;

export const superAdminDashboardRoutes: RouteModule = (app, ctx) => {
  const onRequest = sessionAuth(ctx, ['super_admin']);
  const common = { tags: ['super admin'], security: sessionSecurity };
  const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema };

  app.get(
    '/admin/dashboard',
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Figures across every empresa',
        response: {
          200: {
            ...figuresSchema,
            properties: { empresas_total: { type: 'integer' }, empresas_activas: { type: 'integer' }, ...figuresSchema.properties },
          },
          ...errors,
        },
      },
    },
    async () => {
      const [companies, figures] = await Promise.all([countCompanies(ctx.db), figuresOf(ctx, undefined)]);
      return { empresas_total: companies.total, empresas_activas: companies.activas, ...figures };
    },
  );

  app.get<{ Params: { eid: string } }>(
    '/admin/empresas/:eid/stats',
    {
      onRequest,
      schema: {
        ...common,
        summary: "One empresa's figures",
        params: { type: 'object', properties: { eid: idParam }, required: ['eid'] },
        response: {
          200: {
            ...figuresSchema,
            properties: { empresa_id: { type: 'string' }, nombre: { type: 'string' }, ...figuresSchema.properties },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const company = await requireCompany(ctx, request.params.eid);
      return { empresa_id: company.id, nombre: company.nombre, ...(await figuresOf(ctx, company.id)) };
    },
  );
};
