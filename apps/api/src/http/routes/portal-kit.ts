/**
 * The router side of the hosted portal, for the operator: `GET /api/v1/admin/routers/{rid}/portal-kit`
 * (the hotspot's login.html and the walled-garden entries as RouterOS commands) and
 * `POST .../portal-kit/apply` (adds the entries through the API; idempotent). The kit is built by
 * src/portal/kit.ts; the service's own address is the one the admin reached it at.
 */
import type { FastifyRequest } from 'fastify';
import { findCompany } from '../../db/companies.js';
import type { RouterRow } from '../../db/routers.js';
import { cardSdkFor } from '../../portal/page.js';
import { applyWalledGarden, loginHtml, WALLED_GARDEN_COMMENT, walledGardenCommands, walledGardenHosts } from '../../portal/kit.js';
import { isRouterFailure } from '../../routers/failure.js';
import { describeRouterError } from '../../routers/describe-error.js';
import { adminOf, sessionAuth } from '../auth.js';
import type { AppContext, RouteModule } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import { requireRouter, scopeOf } from '../lookups.js';
import { errorSchema, idParam, sessionSecurity } from '../schemas.js';
import { Type } from 'typebox';

async function kitOf(ctx: AppContext, request: FastifyRequest, router: RouterRow) {
  const company = await findCompany(ctx.db, router.empresa_id);
  if (!company) throw notFound('Empresa no encontrada');
  const serviceUrl = `${request.protocol}://${request.host}`;
  const portalUrl = `${serviceUrl}/portal/${encodeURIComponent(router.id)}`;
  const hosts = walledGardenHosts(serviceUrl, cardSdkFor(company, ctx.config));
  return { portalUrl, hosts };
}

export const portalKitRoutes: RouteModule = (app, ctx) => {
  const onRequest = sessionAuth(ctx, ['cliente_admin', 'super_admin']);
  const common = { tags: ['client admin'], security: sessionSecurity };
  const params = Type.Object({ rid: idParam });
  const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema };

  app.get(
    '/api/v1/admin/routers/:rid/portal-kit',
    {
      onRequest,
      schema: {
        ...common,
        summary: "The router's hotspot login.html (sends devices to the hosted page) and the walled-garden entries it needs",
        params,
        response: {
          200: Type.Object({
            portal_url: Type.String(),
            files: Type.Object({ 'login.html': Type.String() }),
            walled_garden: Type.Object({ comment: Type.String(), hosts: Type.Array(Type.String()), commands: Type.Array(Type.String()) }),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const router = await requireRouter(ctx, request.params.rid, scopeOf(adminOf(request)));
      const { portalUrl, hosts } = await kitOf(ctx, request, router);
      return {
        portal_url: portalUrl,
        files: { 'login.html': loginHtml(portalUrl) },
        walled_garden: { comment: WALLED_GARDEN_COMMENT, hosts, commands: walledGardenCommands(hosts) },
      };
    },
  );

  app.post(
    '/api/v1/admin/routers/:rid/portal-kit/apply',
    {
      onRequest,
      schema: {
        ...common,
        summary: "Adds the kit's walled-garden entries on the router through the API (entries already there, by comment, are kept)",
        params,
        response: {
          200: Type.Object({ added: Type.Integer(), already_present: Type.Integer() }),
          ...errors,
          502: errorSchema,
        },
      },
    },
    async (request) => {
      const router = await requireRouter(ctx, request.params.rid, scopeOf(adminOf(request)));
      const { hosts } = await kitOf(ctx, request, router);
      try {
        const result = await applyWalledGarden(ctx.payments.routerExec(router), hosts);
        return { added: result.added, already_present: result.present };
      } catch (error) {
        if (isRouterFailure(error))
          throw new HttpError(
            502,
            `No se pudo configurar el router: ${describeRouterError(error, { host: router.host, port: router.puerto }, ctx.config.routerTimeoutMs)}`,
          );
        throw error;
      }
    },
  );
};
