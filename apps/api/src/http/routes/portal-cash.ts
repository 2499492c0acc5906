/**
 * Cash sales (issue 15): `POST /api/v1/payments/pagar-efectivo` issues a convenience-store
 * reference (src/payments/cash.ts) and answers 201 with it; nothing is created on the router until
 * the money arrives, which Conekta's events (conekta-webhook.ts), Mercado Pago's signed
 * notifications and reconciliation settle.
 */
import { issueCashPayment } from '../../payments/cash.js';
import type { UserKind } from '../../payments/credentials.js';
import { apiKeyAuth, grantOf } from '../auth.js';
import type { RouteModule } from '../context.js';
import { clientDevice, configuredGateway, portalDocs, requireSellableProduct } from '../portal.js';
import { emailInput, errorSchema, nameInput } from '../schemas.js';
import { cashVoucherSchema, cashVoucherView, PAYMENT_STATUS_NAMES } from '../views.js';

interface CashBody {
  producto_id: number;
  pasarela: 'conekta' | 'mercado_pago';
  nombre_cliente: string;
  email_cliente?: string;
  telefono_cliente?: string;
  tipo_usuario: UserKind;
  mac_cliente?: string;
  ip_cliente?: string;
}

const answerSchema = {
  type: 'object',
  properties: {
    success: { type: 'boolean' },
    id_transaccion: { type: 'string' },
    estado_pago: { type: 'string' },
    detail: { type: 'string' },
    ...cashVoucherSchema.properties,
  },
} as const;

export const portalCashRoutes: RouteModule = (app, ctx) => {
  const onRequest = apiKeyAuth(ctx);
  const common = portalDocs;

  app.post<{ Body: CashBody }>(
    '/api/v1/payments/pagar-efectivo',
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Buys a plan paid in cash at a convenience store: answers the reference; the user is created when the money arrives',
        body: {
          type: 'object',
          required: ['producto_id', 'pasarela', 'nombre_cliente'],
          properties: {
            producto_id: { type: 'integer', minimum: 1 },
            pasarela: { type: 'string', enum: ['conekta', 'mercado_pago'] },
            nombre_cliente: nameInput,
            email_cliente: { anyOf: [emailInput, { type: 'string', maxLength: 0 }] },
            telefono_cliente: { type: 'string', maxLength: 30 },
            tipo_usuario: { type: 'string', enum: ['usuario_contrasena', 'pin'], default: 'usuario_contrasena' },
            mac_cliente: { type: 'string', maxLength: 17 },
            ip_cliente: { type: 'string', maxLength: 15 },
          },
        },
        response: {
          201: answerSchema,
          202: answerSchema,
          401: errorSchema,
          404: errorSchema,
          422: errorSchema,
          502: answerSchema,
          503: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const grant = grantOf(request);
      const body = request.body;
      const producto = await requireSellableProduct(ctx, grant, body.producto_id);
      const { mac, ip } = clientDevice(body.mac_cliente, body.ip_cliente);
      const gateway = configuredGateway(ctx, grant.empresa, body.pasarela === 'conekta' ? 'conekta' : 'mercadopago');
      const issue = await issueCashPayment(ctx, {
        companyId: grant.empresa.id,
        routerId: grant.router.id,
        producto,
        gateway,
        customer: { name: body.nombre_cliente, email: body.email_cliente || undefined, phone: body.telefono_cliente },
        userKind: body.tipo_usuario,
        mac,
        ip,
      });
      const tx = issue.transaction;
      const base = { id_transaccion: tx.id, estado_pago: PAYMENT_STATUS_NAMES[tx.state], ...cashVoucherView(tx) };
      if (issue.kind === 'issued') return reply.code(201).send({ success: true, ...base });
      if (issue.kind === 'unknown') {
        return reply
          .code(202)
          .send({ success: false, ...base, detail: 'La pasarela no confirmó la referencia; se verificará. Consulte estado-pago.' });
      }
      return reply.code(502).send({ success: false, ...base, detail: `La pasarela no emitió la referencia: ${issue.reason}` });
    },
  );
};
