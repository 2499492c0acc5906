/**
 * The captive portal's public configuration and plan catalogue (router API key); its payments and
 * auto-reconnect are in portal-payments.ts and portal-reconnect.ts.
 */
import { listProducts } from '../../db/products.js';
import { apiKeyAuth, grantOf } from '../auth.js';
import type { RouteModule } from '../context.js';
import { portalDocs, requireSellableProduct } from '../portal.js';
import { errorSchema, idParam, productSchema } from '../schemas.js';
import { productView } from '../views.js';

const nullableStr = { type: ['string', 'null'] } as const;

export const portalCatalogRoutes: RouteModule = async (app, ctx) => {
  const onRequest = apiKeyAuth(ctx);
  const common = portalDocs;
  const errors = { 401: errorSchema, 404: errorSchema };

  app.get(
    '/api/v1/config/public',
    {
      onRequest,
      schema: {
        ...common,
        summary: "What the portal page needs: the empresa's public gateway keys and the router",
        response: {
          200: {
            type: 'object',
            properties: {
              empresa: {
                type: 'object',
                properties: {
                  id: { type: 'string' },
                  nombre: { type: 'string' },
                  conekta_public_key: nullableStr,
                  mercadopago_public_key: nullableStr,
                  conekta_mode: nullableStr,
                },
              },
              router: { type: 'object', properties: { id: { type: 'string' }, nombre: { type: 'string' }, ubicacion: nullableStr } },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const { company, router } = grantOf(request);
      return {
        empresa: {
          id: company.id,
          nombre: company.nombre,
          conekta_public_key: company.conekta_public_key,
          mercadopago_public_key: company.mercadopago_public_key,
          conekta_mode: company.conekta_mode,
        },
        router: { id: router.id, nombre: router.nombre, ubicacion: router.ubicacion },
      };
    },
  );

  app.get(
    '/api/v1/catalogo_perfiles_venta',
    {
      onRequest,
      schema: {
        ...common,
        summary: "The router's active plans, by orden_visual, featured first",
        response: { 200: { type: 'array', items: productSchema }, ...errors },
      },
    },
    async (request) => {
      const { company, router } = grantOf(request);
      return (await listProducts(ctx.db, company.id, { routerId: router.id, onlyActive: true })).map(productView);
    },
  );

  app.get<{ Params: { producto_id: string } }>(
    '/api/v1/catalogo_perfiles_venta/:producto_id',
    {
      onRequest,
      schema: {
        ...common,
        summary: 'One active plan of the router',
        params: { type: 'object', properties: { producto_id: idParam }, required: ['producto_id'] },
        response: { 200: productSchema, ...errors },
      },
    },
    async (request) => productView(await requireSellableProduct(ctx, grantOf(request), request.params.producto_id)),
  );
};
