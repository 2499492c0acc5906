/**
 * Cash sales (issue 15): `POST /api/v1/payments/pagar-efectivo` issues a convenience-store
 * reference (src/payments/cash.ts) and answers 201 with it; nothing is created on the router until
 * the money arrives, which Conekta's events (conekta-webhook.ts), Mercado Pago's signed
 * notifications and reconciliation settle. Like the card routes it takes an Idempotency-Key (a
 * double click makes one reference) and counts against the purchase limits.
 */
import type { TransactionRow } from '../../db/transactions.js';
import { issueCashPayment } from '../../payments/cash.js';
import { IdempotencyKeys } from '../../payments/idempotency.js';
import { Type } from 'typebox';
import { apiKeyAuth, grantOf } from '../auth.js';
import type { RouteModule } from '../context.js';
import { type Answer, answerOnce, idempotencyKeyHeaders, sendAnswer } from '../keyed-answer.js';
import { clientDevice, configuredGateway, portalDocs, requireSellableProduct } from '../portal.js';
import { closedObject, emailInput, errorSchema, nameInput, rowIdInput } from '../schemas.js';
import { cashVoucherSchema, cashVoucherView, PAYMENT_STATUS_NAMES } from '../views.js';

const optionalStr = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

const cashBody = closedObject({
  producto_id: rowIdInput,
  pasarela: Type.Union([Type.Literal('conekta'), Type.Literal('mercado_pago')]),
  nombre_cliente: nameInput,
  // Optional for cash: the credentials are on estado-pago too; '' means none.
  email_cliente: Type.Optional(Type.Union([emailInput, Type.String({ maxLength: 0 })])),
  telefono_cliente: optionalStr(30),
  tipo_usuario: Type.Optional(Type.Union([Type.Literal('usuario_contrasena'), Type.Literal('pin')], { default: 'usuario_contrasena' })),
  mac_cliente: optionalStr(17),
  ip_cliente: optionalStr(15),
});

const answerSchema = Type.Object({
  success: Type.Optional(Type.Boolean()),
  id_transaccion: Type.Optional(Type.String()),
  estado_pago: Type.Optional(Type.String()),
  detail: Type.Optional(Type.String()),
  ...Type.Partial(cashVoucherSchema).properties,
});

const PATH = '/api/v1/payments/pagar-efectivo';

export const portalCashRoutes: RouteModule = (app, ctx) => {
  const onRequest = apiKeyAuth(ctx);
  const idempotency = new IdempotencyKeys(ctx.db, ctx.secrets, ctx.now);

  app.post(
    PATH,
    {
      onRequest,
      schema: {
        ...portalDocs,
        summary: 'Buys a plan paid in cash at a convenience store: answers the reference; the user is created when the money arrives',
        headers: idempotencyKeyHeaders,
        body: cashBody,
        response: {
          201: answerSchema,
          202: answerSchema,
          401: errorSchema,
          404: errorSchema,
          409: errorSchema,
          422: errorSchema,
          429: errorSchema,
          502: answerSchema,
          503: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const grant = grantOf(request);
      const body = request.body;
      const key = request.headers['idempotency-key'];
      const by = { key: typeof key === 'string' ? key : undefined, routerId: grant.router.id, route: PATH, body };
      const answer = await answerOnce(idempotency, by, {
        run: async (transactionId) => {
          const product = await requireSellableProduct(ctx, grant, body.producto_id);
          const { mac, ip } = clientDevice(body.mac_cliente, body.ip_cliente);
          const gateway = configuredGateway(ctx, grant.company, body.pasarela === 'conekta' ? 'conekta' : 'mercadopago');
          const attempt = await ctx.purchaseThrottle.begin({ apiKeyId: grant.keyId, address: request.ip, mac });
          const issue = await issueCashPayment(ctx, {
            companyId: grant.company.id,
            routerId: grant.router.id,
            product: product,
            gateway,
            customer: { name: body.nombre_cliente, email: body.email_cliente || undefined, phone: body.telefono_cliente },
            userKind: body.tipo_usuario ?? 'usuario_contrasena',
            mac,
            ip,
            transactionId,
          });
          // A reference the gateway refused counts like a declined card (the same limits stop a script).
          await attempt.settle(issue.kind === 'failed');
          // Whatever the gateway said, the attempt is recorded and its answer final (an unknown one is found by reconciliation).
          return { answer: cashAnswer(issue.transaction), retryable: false };
        },
        answerOf: cashAnswer,
      });
      return sendAnswer(reply, answer);
    },
  );
};

/**
 * A cash attempt's answer, from its row alone (a retry with the key gets it too): 201 with the
 * reference; 202 while the gateway has not confirmed one; 502 when it refused to issue one.
 */
function cashAnswer(tx: TransactionRow): Answer {
  const base = { id_transaccion: tx.id, estado_pago: PAYMENT_STATUS_NAMES[tx.state], ...cashVoucherView(tx) };
  if (tx.state === 'declined')
    return { statusCode: 502, body: { success: false, ...base, detail: `La pasarela no emitió la referencia: ${tx.reason ?? ''}` } };
  if (tx.state === 'awaiting_payment' && tx.payment_reference === null) {
    const detail = 'La pasarela no confirmó la referencia; se verificará. Consulte estado-pago.';
    return { statusCode: 202, body: { success: false, ...base, detail } };
  }
  return { statusCode: 201, body: { success: true, ...base } };
}
