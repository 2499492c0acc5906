/**
 * Super admin figures: GET /admin/dashboard (every empresa) and GET /admin/empresas/{eid}/stats, nested
 * as the old service answered (`estadisticas`, and the empresa under `empresa`). Beyond the old figures,
 * `estadisticas` carries plans and sales: the same `salesFigures` the client admin's dashboard shows.
 */
import { Type } from 'typebox';
import { countCompanies } from '../../db/companies.js';
import { countActiveProducts } from '../../db/products.js';
import { countLiveApiKeys, countRouters } from '../../db/routers.js';
import { countUsers } from '../../db/users.js';
import { sessionAuth } from '../auth.js';
import type { AppContext, RouteModule } from '../context.js';
import { requireCompany } from '../lookups.js';
import { salesFigures } from '../sales-figures.js';
import { closedObject, errorSchema, idParam, salesFiguresProps, sessionSecurity } from '../schemas.js';

const int = Type.Integer();

/** Routers, admins, active plans and sales of one empresa, or (undefined) of all. */
async function figuresOf(ctx: AppContext, companyId: string | undefined) {
  const [routers, users, products, sales] = await Promise.all([
    countRouters(ctx.db, companyId),
    countUsers(ctx.db, companyId),
    countActiveProducts(ctx.db, { companyId }),
    salesFigures(ctx.db, companyId, ctx.now()),
  ]);
  return { routers, users, products, sales };
}

const figureProps = { total_routers: int, routers_activos: int, productos_activos: int, ...salesFiguresProps };

const dashboardSchema = Type.Object({
  estadisticas: Type.Object({ total_empresas: int, empresas_activas: int, total_usuarios: int, ...figureProps }),
  timestamp: Type.String({ format: 'date-time' }),
});

const statsSchema = Type.Object({
  empresa: Type.Object({
    id: Type.String(),
    nombre: Type.String(),
    activa: Type.Boolean(),
    creada_en: Type.String({ format: 'date-time' }),
    contacto_email: Type.Union([Type.String(), Type.Null()]),
  }),
  estadisticas: Type.Object({
    routers_inactivos: int,
    total_usuarios_admin: int,
    api_keys_activas: int,
    ...figureProps,
  }),
});

export const superAdminDashboardRoutes: RouteModule = (app, ctx) => {
  const onRequest = sessionAuth(ctx, ['super_admin']);
  const common = { tags: ['super admin'], security: sessionSecurity };
  const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema };

  app.get(
    '/admin/dashboard',
    { onRequest, schema: { ...common, summary: 'Figures across every empresa', response: { 200: dashboardSchema, ...errors } } },
    async () => {
      const [companies, f] = await Promise.all([countCompanies(ctx.db), figuresOf(ctx, undefined)]);
      return {
        estadisticas: {
          total_empresas: companies.total,
          empresas_activas: companies.activas,
          total_usuarios: f.users,
          total_routers: f.routers.total,
          routers_activos: f.routers.activos,
          productos_activos: f.products,
          ...f.sales,
        },
        timestamp: ctx.now().toISOString(),
      };
    },
  );

  app.get(
    '/admin/empresas/:eid/stats',
    {
      onRequest,
      schema: {
        ...common,
        summary: "One empresa's figures",
        params: closedObject({ eid: idParam }),
        response: { 200: statsSchema, ...errors },
      },
    },
    async (request) => {
      const company = await requireCompany(ctx, request.params.eid);
      const [f, liveKeys] = await Promise.all([figuresOf(ctx, company.id), countLiveApiKeys(ctx.db, company.id, ctx.now())]);
      return {
        empresa: {
          id: company.id,
          nombre: company.nombre,
          activa: company.activa,
          creada_en: company.creada_en.toISOString(),
          contacto_email: company.contacto_email,
        },
        estadisticas: {
          total_routers: f.routers.total,
          routers_activos: f.routers.activos,
          routers_inactivos: f.routers.total - f.routers.activos,
          total_usuarios_admin: f.users,
          api_keys_activas: liveKeys,
          productos_activos: f.products,
          ...f.sales,
        },
      };
    },
  );
};
