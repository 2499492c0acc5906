/**
 * The captive portal's routes (router API key): public configuration and the plan catalogue here;
 * payments, auto-reconnect and the Mercado Pago webhook in the other portal-*.ts modules, which this
 * one registers.
 */
import { listProductos } from '../../db/productos.js';
import { apiKeyAuth, grantOf } from '../auth.js';
import type { RouteModule } from '../context.js';
import { apiKeySecurity, errorSchema, idParam, productoSchema } from '../schemas.js';
import { productoView } from '../views.js';
import { registerAutoReconnect } from './portal-hotspot.js';
import { registerPayments } from './portal-payments.js';
import { registerSalesAdmin } from './portal-sales-admin.js';
import { requireSellableProducto, type PortalContext } from './portal-shared.js';
import { registerMercadoPagoWebhook } from './portal-webhook.js';

const nullableStr = { type: ['string', 'null'] } as const;

export const portalRoutes: RouteModule = async (app, ctx) => {
  const onRequest = apiKeyAuth(ctx);
  const common = { tags: ['captive portal'], security: apiKeySecurity };
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
      const { empresa, router } = grantOf(request);
      return {
        empresa: {
          id: empresa.id,
          nombre: empresa.nombre,
          conekta_public_key: empresa.conekta_public_key,
          mercadopago_public_key: empresa.mercadopago_public_key,
          conekta_mode: empresa.conekta_mode,
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
        response: { 200: { type: 'array', items: productoSchema }, ...errors },
      },
    },
    async (request) => {
      const { empresa, router } = grantOf(request);
      return (await listProductos(ctx.db, empresa.id, { routerId: router.id, onlyActive: true })).map(productoView);
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
        response: { 200: productoSchema, ...errors },
      },
    },
    async (request) => productoView(await requireSellableProducto(ctx, grantOf(request), request.params.producto_id)),
  );

  const shared: PortalContext = { ctx, services: ctx.payments, onRequest, common };
  registerPayments(app, shared);
  registerAutoReconnect(app, shared);
  registerMercadoPagoWebhook(app, shared);
  registerSalesAdmin(app, shared);
};
