/**
 * Client admin: `POST /api/v1/admin/mi-empresa/transacciones/{id}/reembolsar` gives a paid sale's
 * charge back through the gateway and removes its user (src/payments/refund.ts). An operator decides
 * this when a customer cannot get what was paid for and the service could not tell on its own, and
 * it is the way out of a refund the gateway refused (the sale waits in review; this tries again).
 */
import { findTransaction } from '../../db/transactions.js';
import { GatewayError } from '../../payments/gateways/gateway.js';
import { reconcileDepsFor } from '../../payments/reconcile-deps.js';
import { NotRefundableError, refundPaid } from '../../payments/refund.js';
import { adminOf, sessionAuth } from '../auth.js';
import type { RouteModule } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import { errorSchema, idParam, nullable, sessionSecurity } from '../schemas.js';
import { Type } from 'typebox';
import { transactionView } from '../views.js';

/** The sale as the transaction list shows it (src/http/views.ts), with what the refund changed. */
const refundedSale = Type.Object(
  { id: Type.String(), estado: Type.String(), estado_pago: Type.String(), reembolso_id: nullable(), reembolsado_en: nullable() },
  { additionalProperties: true },
);

export const clientRefundRoutes: RouteModule = (app, ctx) => {
  const deps = reconcileDepsFor(ctx, ctx.payments);

  app.post(
    '/api/v1/admin/mi-empresa/transacciones/:id/reembolsar',
    {
      onRequest: sessionAuth(ctx, ['cliente_admin']),
      schema: {
        tags: ['client admin'],
        security: sessionSecurity,
        summary:
          'Refunds a paid sale (or tries again a refund the gateway refused) through its gateway and removes its user: 200 once given back (or sent to review when the gateway refuses), 202 while reconciliation finishes it',
        params: Type.Object({ id: idParam }),
        response: {
          200: refundedSale,
          202: refundedSale,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
          409: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      const row = await findTransaction(ctx.db, request.params.id, { companyId: admin.empresa_id! });
      if (!row) throw notFound('Transacción no encontrada');
      const exec = await ctx.payments.routerExecForId(row.router_id);
      let settledNow = true;
      try {
        settledNow = (await refundPaid(deps, exec, row, `Reembolso decidido por el administrador ${admin.id}`)) !== 'deferred';
      } catch (error) {
        if (error instanceof NotRefundableError)
          throw new HttpError(
            409,
            'Solo una venta pagada con tarjeta o en efectivo (o cuyo reembolso rechazó la pasarela) puede reembolsarse',
          );
        // Decided and recorded as `refunding`: reconciliation reads the gateway back and finishes it.
        if (!(error instanceof GatewayError)) throw error;
        settledNow = false;
      }
      const after = await findTransaction(ctx.db, row.id);
      return reply.code(settledNow ? 200 : 202).send(transactionView(after!));
    },
  );
};
