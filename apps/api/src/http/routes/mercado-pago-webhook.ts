/**
 * `POST /api/v1/webhook/mercado-pago`: Mercado Pago's payment notifications, answered in the old
 * service's words (LEGACY-API.md §4.6). Unlike the old service, the signature is required and checked
 * in constant time with the empresa's webhook secret; a bad or missing one answers 401 and changes
 * nothing. What the notification settles, and how, is src/payments/mercado-pago-notification.ts;
 * duplicates are ignored.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  NotificationRetryableError,
  notifiedTransaction,
  settleNotification,
  signingCompany,
  type SignedNotification,
} from '../../payments/mercado-pago-notification.js';
import { parseSignatureHeader } from '../../payments/webhook-signature.js';
import type { RouteModule } from '../context.js';
import { HttpError, unauthorized } from '../errors.js';
import { closedObject, errorSchema } from '../schemas.js';
import { notificationAnswer, notificationAnswerSchema } from '../webhook-views.js';

const webhookQuery = closedObject({
  'data.id': Type.Optional(Type.String({ maxLength: 64 })),
  type: Type.Optional(Type.String({ maxLength: 64 })),
  empresa_id: Type.Optional(Type.String({ maxLength: 64 })),
});
const idInput = Type.Unsafe<string | number>({ type: ['string', 'integer'] });
const referenceInput = Type.Optional(Type.String({ maxLength: 256 }));
/** Mercado Pago sends more fields (live_mode, user_id...): only these are read, the rest are stripped. */
const webhookBody = closedObject({
  id: Type.Optional(idInput),
  type: Type.Optional(Type.String({ maxLength: 64 })),
  action: Type.Optional(Type.String({ maxLength: 64 })),
  external_reference: referenceInput,
  data: Type.Optional(closedObject({ id: Type.Optional(idInput), external_reference: referenceInput })),
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
        response: { 200: notificationAnswerSchema, 401: errorSchema, 422: errorSchema, 503: errorSchema },
      },
    },
    async (request) => {
      const receivedAt = ctx.now();
      const body = request.body ?? {};
      // The payment id as the old service read it: the query's (what Mercado Pago signs), the body's data.id, the body's id.
      const rawId = request.query['data.id'] ?? body.data?.id ?? body.id;
      const notification: SignedNotification = {
        signature: parseSignatureHeader(header(request, 'x-signature'))!,
        dataId: rawId === undefined ? '' : String(rawId),
        requestId: header(request, 'x-request-id') ?? '',
        type: body.type ?? request.query.type,
        companyId: request.query.empresa_id,
      };
      if (!/^\d{1,30}$/.test(notification.dataId)) throw unauthorized('Firma inválida');
      const company = await signingCompany(deps, notification);
      if (!company) throw unauthorized('Firma inválida');
      try {
        const outcome = await settleNotification(deps, company, notification);
        const externalReference = body.external_reference ?? body.data?.external_reference;
        const transaction = await notifiedTransaction(ctx.db, company, { dataId: notification.dataId, externalReference });
        return notificationAnswer({
          receivedAt,
          notificationId: body.id === undefined ? 'unknown' : String(body.id),
          type: notification.type ?? 'payment',
          dataId: notification.dataId,
          company,
          transaction,
          outcome,
        });
      } catch (error) {
        // Mercado Pago retries a notification that did not get a 2xx: let it, when the failure is passing.
        if (error instanceof NotificationRetryableError) throw new HttpError(503, 'No se pudo procesar ahora; reintente');
        throw error;
      }
    },
  );
};
