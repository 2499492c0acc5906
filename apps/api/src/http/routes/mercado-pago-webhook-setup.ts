/**
 * The old service's webhook setup routes (LEGACY-API.md §4.6), in its shapes. They had no
 * authentication at all (§8.1: anyone could set any empresa's webhook secret, read its payment
 * settings and any transaction); here the empresa's own client admin, or a super admin, must ask,
 * and anyone else is answered as if the empresa or transaction did not exist. `test-webhook` only
 * says the endpoint is there, so it stays public.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { updateCompany } from '../../db/companies.js';
import { countCompanyTransactions, findTransaction } from '../../db/transactions.js';
import { webhookEventSeen } from '../../db/webhook-events.js';
import { notificationEventPrefix } from '../../payments/mercado-pago-notification.js';
import { adminOf, sessionAuth } from '../auth.js';
import type { AppContext, RouteModule } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import { naiveUtc } from '../legacy-time.js';
import { requireCompany, scopeOf } from '../lookups.js';
import { closedObject, errorSchema, idParam, sessionSecurity } from '../schemas.js';
import {
  WEBHOOK_PATH,
  webhookConfiguredSchema,
  webhookInstructions,
  webhookProbeSchema,
  webhookStatus,
  webhookStatusSchema,
  webhookTransaction,
  webhookTransactionSchema,
} from '../webhook-views.js';

const base = '/api/v1/webhook';

/** This service's notification URL as the caller reached it; with an empresa, naming it (so a payment not yet known is still checked against its secret). */
function webhookUrl(request: FastifyRequest, companyId?: string): string {
  const url = `${request.protocol}://${request.host}${WEBHOOK_PATH}`;
  return companyId === undefined ? url : `${url}?empresa_id=${encodeURIComponent(companyId)}`;
}

/** The empresa in the path, if the caller may see it; otherwise 404, as for an empresa that does not exist. */
async function ownCompany(ctx: AppContext, request: FastifyRequest, companyId: string) {
  const scope = scopeOf(adminOf(request));
  if (scope !== undefined && scope !== companyId) throw notFound('Empresa no encontrada');
  return requireCompany(ctx, companyId);
}

export const mercadoPagoWebhookSetupRoutes: RouteModule = (app, ctx) => {
  const onRequest = sessionAuth(ctx, ['cliente_admin', 'super_admin']);
  const common = { tags: ['webhooks'], security: sessionSecurity };
  const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema };
  const companyParams = closedObject({ empresa_id: idParam });

  app.post(
    `${base}/empresa/:empresa_id/configurar-webhook`,
    {
      onRequest,
      schema: {
        ...common,
        summary: "Sets the empresa's Mercado Pago webhook secret (sealed; the empresa's admin or a super admin)",
        params: companyParams,
        body: closedObject({ webhook_secret: Type.String({ minLength: 1, maxLength: 500 }) }),
        response: { 200: webhookConfiguredSchema, ...errors, 422: errorSchema },
      },
    },
    async (request) => {
      const company = await ownCompany(ctx, request, request.params.empresa_id);
      const secret = request.body.webhook_secret.trim();
      if (!secret) throw new HttpError(422, 'webhook_secret no puede estar vacío');
      await updateCompany(ctx.db, company.id, { mercadopago_webhook_secret_sealed: ctx.secrets.seal(secret) });
      const url = webhookUrl(request, company.id);
      return {
        success: true as const,
        message: 'Clave secreta configurada correctamente',
        empresa: { id: company.id, nombre: company.nombre },
        webhook_url: url,
        instrucciones: webhookInstructions(url),
      };
    },
  );

  app.get(
    `${base}/empresa/:empresa_id/estado-webhook`,
    {
      onRequest,
      schema: {
        ...common,
        summary: "Whether the empresa's Mercado Pago notifications can be acted on (the empresa's admin or a super admin)",
        params: companyParams,
        response: { 200: webhookStatusSchema, ...errors },
      },
    },
    async (request) => {
      const company = await ownCompany(ctx, request, request.params.empresa_id);
      const total = await countCompanyTransactions(ctx.db, company.id);
      return webhookStatus(company, total, webhookUrl(request, company.id), ctx.now());
    },
  );

  app.get(
    `${base}/test-webhook`,
    { schema: { tags: ['webhooks'], summary: 'The notification endpoint is there (public)', response: { 200: webhookProbeSchema } } },
    async (request) => {
      const url = webhookUrl(request);
      return {
        status: 'active' as const,
        service: 'Mercado Pago Webhook',
        endpoint: WEBHOOK_PATH,
        method: 'POST',
        description: 'Recibe notificaciones de pagos de Mercado Pago (Multi-tenant)',
        // The old service named its two deployments; this one names where it was reached.
        url_produccion: url,
        url_pruebas: url,
        health_check: 'ok',
        timestamp: naiveUtc(ctx.now()),
      };
    },
  );

  app.get(
    `${base}/transaccion/:external_reference`,
    {
      onRequest,
      schema: {
        ...common,
        summary: 'A transaction as the webhook sees it, by its reference at Mercado Pago (its empresa’s admin or a super admin)',
        params: closedObject({ external_reference: idParam }),
        response: { 200: webhookTransactionSchema, ...errors },
      },
    },
    async (request) => {
      const scope = scopeOf(adminOf(request));
      const tx = await findTransaction(ctx.db, request.params.external_reference, scope === undefined ? {} : { companyId: scope });
      if (!tx) throw notFound('Transaction not found');
      const company = await requireCompany(ctx, tx.empresa_id);
      const processed = tx.charge_id !== null && (await webhookEventSeen(ctx.db, notificationEventPrefix(tx.empresa_id, tx.charge_id)));
      return webhookTransaction(tx, company, processed);
    },
  );
};
