/**
 * GET /api/v1/admin/routers/{rid}/portal-preview: the router's hosted portal page exactly as devices
 * see it (the portal's own renderer, the active plans in catalogue order), for the console to show
 * in a frame of its own origin. The page's script does not run here: nothing can be bought from a preview.
 */
import { Type } from 'typebox';
import { logoUrl } from '../../branding/logo.js';
import { logoFileOf } from '../../db/company-logos.js';
import { findCompany } from '../../db/companies.js';
import { newNonce } from '../../portal/csp.js';
import { listProducts } from '../../db/products.js';
import type { Lang } from '../../portal/i18n.js';
import { cardSdkFor, renderPortalPage } from '../../portal/page.js';
import { adminOf, sessionAuth } from '../auth.js';
import type { RouteModule } from '../context.js';
import { notFound } from '../errors.js';
import { requireRouter, scopeOf } from '../lookups.js';
import { closedObject, idParam, sessionSecurity } from '../schemas.js';

const NO_HOTSPOT = {
  mac: undefined,
  ip: undefined,
  linkLoginOnly: undefined,
  linkOrig: undefined,
  chap: undefined,
  error: undefined,
  identity: undefined,
};

const PREVIEW_HEADERS = {
  'cache-control': 'no-store',
  // Inline styles render; no script runs; only the console (same origin) may frame it.
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'",
  'x-frame-options': 'SAMEORIGIN',
  'x-content-type-options': 'nosniff',
};

export const portalPreviewRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/v1/admin/routers/:rid/portal-preview',
    {
      onRequest: sessionAuth(ctx, ['cliente_admin', 'super_admin']),
      schema: {
        summary: "The router's portal page as devices see it (HTML), for a preview",
        tags: ['client admin'],
        security: sessionSecurity,
        params: Type.Object({ rid: idParam }),
        querystring: closedObject({ lang: Type.Optional(Type.Union([Type.Literal('es'), Type.Literal('en')])) }),
      },
    },
    async (request, reply) => {
      const router = await requireRouter(ctx, request.params.rid, scopeOf(adminOf(request)));
      const company = await findCompany(ctx.db, router.empresa_id);
      if (!company) throw notFound('Empresa no encontrada');
      const [plans, logoFile] = await Promise.all([
        listProducts(ctx.db, company.id, { routerId: router.id, onlyActive: true }),
        logoFileOf(ctx.db, company.id),
      ]);
      const lang: Lang = request.query.lang ?? 'es';
      const html = renderPortalPage({
        site: { company: company, router },
        plans,
        lang,
        hotspot: NO_HOTSPOT,
        sdk: cardSdkFor(company, ctx.config),
        basePath: `/portal/${encodeURIComponent(router.id)}`,
        logoUrl: logoUrl(logoFile ?? null),
        // Its policy runs no script at all: the nonce matches nothing.
        nonce: newNonce(),
      });
      return reply.headers(PREVIEW_HEADERS).type('text/html; charset=utf-8').send(html);
    },
  );
};
