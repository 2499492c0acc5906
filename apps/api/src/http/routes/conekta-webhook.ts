/**
 * `POST /api/v1/webhook/conekta`: Conekta's order events (`order.paid`, `order.expired`) taken as a
 * hint only. Whatever the event says, the order is read back from Conekta with the empresa's key
 * and applied as reconciliation would, so a forged, altered or replayed event changes nothing
 * (Conekta's own plugins verify the same way, GATEWAYS.md §1.9). An unknown order answers 200
 * (`ignorado`): Conekta would only retry it.
 */
import { findCompany } from '../../db/companies.js';
import { findTransactionByCharge } from '../../db/transactions.js';
import { GatewayError } from '../../payments/gateways/gateway.js';
import { reconcileDepsFor } from '../../payments/reconcile-deps.js';
import { applyChargeStatus } from '../../payments/reconcile.js';
import { isRouterFailure } from '../../routers/failure.js';
import { Type } from 'typebox';
import type { RouteModule } from '../context.js';
import { closedObject } from '../schemas.js';
import { HttpError } from '../errors.js';

export const conektaWebhookRoutes: RouteModule = (app, ctx) => {
  const reconcileDeps = reconcileDepsFor(ctx, ctx.payments);

  app.post(
    '/api/v1/webhook/conekta',
    {
      schema: {
        tags: ['webhooks'],
        summary: "Conekta's order events: a hint; the order is read back from Conekta before anything changes",
        // Conekta's event carries much more; only the order id is read (as a hint), the rest is dropped.
        body: closedObject({
          type: Type.Optional(Type.String()),
          data: Type.Optional(closedObject({ object: Type.Optional(closedObject({ id: Type.Optional(Type.Unknown()) })) })),
        }),
      },
    },
    async (request) => {
      const orderId = request.body?.data?.object?.id;
      if (typeof orderId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(orderId)) return { status: 'ignorado' };
      const tx = await findTransactionByCharge(ctx.db, 'conekta', orderId);
      if (!tx) return { status: 'ignorado' };
      const company = await findCompany(ctx.db, tx.empresa_id);
      if (!company) return { status: 'ignorado' };
      try {
        // Whatever the event says, only what Conekta answers for the order counts.
        const found = await ctx.payments.gatewayFor(company, 'conekta').lookUp(tx.id, orderId);
        if (found.reference !== tx.id) return { status: 'ignorado' };
        await applyChargeStatus(reconcileDeps, await reconcileDeps.routerExecFor(tx.router_id), tx, found);
        return { status: 'procesado' };
      } catch (error) {
        // Conekta retries an event that did not get a 200: let it, when the failure is passing.
        if (error instanceof GatewayError || isRouterFailure(error)) throw new HttpError(503, 'No se pudo procesar ahora; reintente');
        throw error;
      }
    },
  );
};
