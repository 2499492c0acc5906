/**
 * `POST /api/v1/webhook/mercado-pago`: Mercado Pago's payment notifications. The signature is
 * required and checked in constant time with the empresa's webhook secret; a bad or missing one
 * answers 401 and changes nothing. What the notification settles, and how, is
 * src/payments/mercado-pago-notification.ts; duplicates are ignored.
 */
import type { FastifyRequest } from 'fastify';
import {
  NotificationRetryableError,
  settleNotification,
  signingCompany,
  type SignedNotification,
} from '../../payments/mercado-pago-notification.js';
import { parseSignatureHeader } from '../../payments/webhook-signature.js';
import { Type } from 'typebox';
import type { RouteModule } from '../context.js';
import { HttpError, unauthorized } from '../errors.js';
import { closedObject } from '../schemas.js';

const webhookQuery = closedObject({
  'data.id': Type.Optional(Type.String({ maxLength: 64 })),
  type: Type.Optional(Type.String({ maxLength: 64 })),
  empresa_id: Type.Optional(Type.String({ maxLength: 64 })),
});
/** Mercado Pago sends more fields (live_mode, user_id...): only these are read, the rest are stripped. */
const webhookBody = closedObject({
  type: Type.Optional(Type.String({ maxLength: 64 })),
  action: Type.Optional(Type.String({ maxLength: 64 })),
  data: Type.Optional(closedObject({ id: Type.Optional(Type.Unsafe<string | number>({ type: ['string', 'integer'] })) })),
});

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

export const mercadoPagoWebhookRoutes: RouteModule = (app, ctx) => {
  const deps = { db: ctx.db, secrets: ctx.secrets, now: ctx.now, services: ctx.payments };

  app.post(
    '/api/v1/webhook/mercado-pago',
    {
      // Before the body is even parsed: without a signature there is nothing to discuss.
      onRequest: async (request) => {
        if (!parseSignatureHeader(header(request, 'x-signature'))) throw unauthorized('Firma ausente o mal formada');
      },
      schema: {
        tags: ['webhooks'],
        summary: 'Mercado Pago payment notifications (X-Signature required)',
        querystring: webhookQuery,
        body: webhookBody,
      },
    },
    async (request) => {
      const rawId = request.query['data.id'] ?? request.body?.data?.id;
      const notification: SignedNotification = {
        signature: parseSignatureHeader(header(request, 'x-signature'))!,
        dataId: rawId === undefined ? '' : String(rawId),
        requestId: header(request, 'x-request-id') ?? '',
        type: request.body?.type ?? request.query.type,
        companyId: request.query.empresa_id,
      };
      if (!/^\d{1,30}$/.test(notification.dataId)) throw unauthorized('Firma inválida');
      const company = await signingCompany(deps, notification);
      if (!company) throw unauthorized('Firma inválida');
      try {
        const outcome = await settleNotification(deps, company, notification);
        if (outcome.status !== 'procesado') return outcome;
        return { status: outcome.status, id_transaccion: outcome.transactionId, estado: outcome.state };
      } catch (error) {
        // Mercado Pago retries a notification that did not get a 2xx: let it, when the failure is passing.
        if (error instanceof NotificationRetryableError) throw new HttpError(503, 'No se pudo procesar ahora; reintente');
        throw error;
      }
    },
  );
};
