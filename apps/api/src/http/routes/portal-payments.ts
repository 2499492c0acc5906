import { Type } from 'typebox';
import { findRouterTransaction, type TransactionRow } from '../../db/transactions.js';
import { amountFromCents } from '../../money.js';
import { logInDevice, type DeviceLogin } from '../../payments/auto-connect.js';
import type { GatewayName } from '../../payments/gateways/gateway.js';
import { IdempotencyKeys } from '../../payments/idempotency.js';
import { outcomeOf, runPurchase, type PurchaseOutcome } from '../../payments/purchase.js';
import { apiKeyAuth, grantOf } from '../auth.js';
import type { RouteModule } from '../context.js';
import { HttpError } from '../errors.js';
import { type Answer, answerOnce, idempotencyKeyHeaders, sendAnswer } from '../keyed-answer.js';
import { type AnswerContext, legacyPurchaseAnswer, mercadoPagoPaymentId } from '../legacy-payment-answers.js';
import { legacyPaymentStatus } from '../legacy-payment-status.js';
import { announceSale } from '../../notifications/sale-notice.js';
import { TelegramError } from '../../notifications/telegram.js';
import { conektaPaymentBody, mercadoPagoPaymentBody, type PaymentRequest, readPaymentRequest } from '../legacy-payment-request.js';
import { clientDevice, configuredGateway, portalDocs, requireSellableProduct } from '../portal.js';
import { errorSchema, idParam, nullable, planUserProps } from '../schemas.js';
import { cashVoucherSchema, cashVoucherView, planUserView } from '../views.js';

const str = Type.String();
const nullableStr = nullable();
/** A Mercado Pago payment id: a number, as the old answers had it (text if a gateway ever gave another form). */
const paymentIdSchema = Type.Unsafe<number | string | null>({ type: ['integer', 'string', 'null'] });

const productSoldSchema = Type.Object({ nombre: str, precio: Type.Number(), moneda: str, perfil_mikrotik: str });
const hotspotUserSchema = Type.Object({ usuario: str, contrasena: str });

/** The purchase's answer (200), as the old service gave it, with `estado` (this service's state) added. */
const saleSchema = Type.Object({
  success: Type.Boolean(),
  id_transaccion: str,
  estado_pago: str,
  estado: str,
  tipo_usuario: str,
  usuario_hotspot: hotspotUserSchema,
  producto: productSoldSchema,
  cliente: Type.Object({ nombre: str, email: str }),
  mercado_pago: Type.Optional(
    Type.Object({
      payment_id: paymentIdSchema,
      status: str,
      status_detail: str,
      installments: Type.Integer(),
      payment_method: Type.Object({
        id: nullableStr,
        type: nullableStr,
        issuer: Type.Optional(nullableStr),
        last_four_digits: Type.Optional(nullableStr),
        installments: Type.Optional(Type.Integer()),
      }),
      raw_response: Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true }),
    }),
  ),
  timestamp: str,
  auto_conexion: Type.Object({
    estado: str,
    mac: str,
    ip: str,
    mensaje: str,
    verificado: Type.Boolean(),
    session_id: Type.Optional(Type.Null()),
    ip_dispositivo: Type.Optional(nullableStr),
    motivo: Type.Optional(str),
  }),
  advertencia: Type.Optional(str),
});

/** An error answer: `detail`, and for a recorded attempt its id and state, so a portal can ask estado-pago. */
const failureSchema = Type.Object({
  detail: Type.Unknown(),
  success: Type.Optional(Type.Boolean()),
  id_transaccion: Type.Optional(str),
  estado_pago: Type.Optional(str),
  estado: Type.Optional(str),
});

/** estado-pago's answer: the old one (Mercado Pago's words), then this service's view of the attempt. */
const paymentStateSchema = Type.Object({
  success: Type.Boolean(),
  payment_id: paymentIdSchema,
  status: Type.Unsafe<string | number>({ type: ['string', 'integer'] }),
  status_detail: str,
  amount: Type.Number(),
  currency_id: str,
  date_approved: nullableStr,
  date_last_updated: nullableStr,
  id_transaccion: Type.Optional(str),
  estado_pago: Type.Optional(str),
  estado: Type.Optional(str),
  motivo: Type.Optional(nullableStr),
  producto: Type.Optional(productSoldSchema),
  tipo_usuario: Type.Optional(str),
  usuario_hotspot: Type.Optional(Type.Union([hotspotUserSchema, Type.Null()])),
  creado_en: Type.Optional(str),
  pagado_en: Type.Optional(nullableStr),
  ...Object.fromEntries(Object.entries(planUserProps).map(([name, schema]) => [name, Type.Optional(schema)])),
  canal: Type.Optional(Type.Union([Type.Literal('card'), Type.Literal('cash'), Type.Literal('voucher')])),
  efectivo: Type.Optional(Type.Union([cashVoucherSchema, Type.Null()])),
});

export const portalPaymentRoutes: RouteModule = (app, ctx) => {
  const onRequest = apiKeyAuth(ctx);
  const idempotency = new IdempotencyKeys(ctx.db, ctx.secrets, ctx.now);
  const response = {
    200: saleSchema,
    400: failureSchema,
    401: errorSchema,
    402: failureSchema,
    404: errorSchema,
    409: errorSchema,
    422: errorSchema,
    429: errorSchema,
    500: failureSchema,
    503: failureSchema,
    504: failureSchema,
  };

  // Answers come from the purchase or from an Idempotency-Key's record: their status is one of `response`'s.

  const route = (path: string, gateway: GatewayName, body: typeof conektaPaymentBody | typeof mercadoPagoPaymentBody) =>
    app.post(
      path,
      {
        onRequest,
        schema: {
          ...portalDocs,
          summary: `Buys a plan, paid through ${gateway === 'conekta' ? 'Conekta' : 'Mercado Pago'}: creates the hotspot user, charges the card, answers the credentials`,
          headers: idempotencyKeyHeaders,
          body,
          response,
        },
      },
      async (request, reply) => {
        const grant = grantOf(request);
        const order = readPaymentRequest(request.body, gateway);
        const key = request.headers['idempotency-key'];
        const by = { key: typeof key === 'string' ? key : undefined, routerId: grant.router.id, route: path, body: request.body };
        const answer = await answerOnce(idempotency, by, {
          run: async (transactionId) => {
            const { answer, outcome } = await pay(order, gateway, grant, request.ip, transactionId);
            // A router failure charged nothing: worth retrying with the same key. Every other answer is final.
            return { answer, retryable: outcome.kind === 'router_failed' };
          },
          answerOf: (transaction) => legacyPurchaseAnswer(outcomeOf(ctx.secrets, transaction), answerContext(gateway, order, undefined)),
        });
        return sendAnswer(reply, answer);
      },
    );

  route('/api/v1/payments/pagar-conekta', 'conekta', conektaPaymentBody);
  route('/api/v1/payments/pagar-mercado-pago', 'mercadopago', mercadoPagoPaymentBody);

  /** The old checks in the old order, then the purchase; nothing is recorded or sent before the checks pass. */
  async function pay(
    order: PaymentRequest,
    gatewayName: GatewayName,
    grant: ReturnType<typeof grantOf>,
    address: string,
    transactionId?: string,
  ): Promise<{ answer: Answer; outcome: PurchaseOutcome }> {
    if (gatewayName === 'mercadopago' && grant.company.mercadopago_access_token_sealed === null) {
      throw new HttpError(400, 'La empresa no tiene configurado Mercado Pago');
    }
    const product = await requireSellableProduct(ctx, grant, order.productId);
    if (order.mercadoPago) {
      // The old tolerance, computed as it did; the plan's price is what is charged either way.
      const { amount } = order.mercadoPago;
      const price = amountFromCents(product.price_cents);
      if (Math.abs(amount - price) > 0.01) {
        throw new HttpError(400, `El monto ($${amount.toFixed(2)}) no coincide con el producto ($${price.toFixed(2)})`);
      }
    }
    if (order.cardToken === '') throw new HttpError(400, 'Token de tarjeta inválido o ya utilizado.');
    const { mac, ip } = clientDevice(order.mac, order.ip);
    const gateway = configuredGateway(ctx, grant.company, gatewayName);
    const attempt = await ctx.purchaseThrottle.begin({ apiKeyId: grant.keyId, address, mac });
    const exec = ctx.payments.routerExec(grant.router);
    const outcome = await runPurchase({ db: ctx.db, secrets: ctx.secrets, now: ctx.now }, exec, {
      companyId: grant.company.id,
      routerId: grant.router.id,
      product,
      gateway,
      cardToken: order.cardToken,
      customer: order.customer,
      userKind: order.userKind,
      mac,
      ip,
      mercadoPago: order.mercadoPago,
      transactionId,
    });
    await attempt.settle(outcome.kind === 'declined');
    if (outcome.kind === 'router_failed') app.log.warn({ transactionId: outcome.transaction.id, reason: outcome.reason }, 'router failed');
    // As the old service did, after the answer's work and without holding it: a Mercado Pago sale, once paid.
    if (gatewayName === 'mercadopago' && outcome.kind === 'paid') {
      announceSale(ctx.config.telegram, ctx.secrets, grant.company, outcome.transaction).catch((error: unknown) => {
        const failure =
          error instanceof TelegramError ? { reason: error.reason, status: error.status, description: error.description } : {};
        app.log.warn({ transactionId: outcome.transaction.id, ...failure }, 'Telegram sale notice not sent');
      });
    }
    const login =
      outcome.kind === 'paid' && order.autoConnect && mac
        ? await logInDevice(exec, { username: outcome.credentials.username, password: outcome.credentials.password, mac, ip })
        : undefined;
    return { answer: legacyPurchaseAnswer(outcome, answerContext(gatewayName, order, login)), outcome };
  }

  function answerContext(gateway: GatewayName, order: PaymentRequest, result: DeviceLogin | undefined): AnswerContext {
    return {
      gateway,
      login: { requested: order.autoConnect, mac: order.mac, ip: order.ip, result },
      installments: order.mercadoPago?.installments ?? 1,
      now: ctx.now(),
    };
  }

  app.get(
    '/api/v1/payments/estado-pago/:payment_id',
    {
      onRequest,
      schema: {
        ...portalDocs,
        summary: "A purchase of this router by our id or the gateway's payment id: its state, and the credentials once it is paid",
        params: Type.Object({ payment_id: idParam }),
        response: { 200: paymentStateSchema, 401: errorSchema },
      },
    },
    async (request) => {
      const asked = request.params.payment_id;
      const tx = await findRouterTransaction(ctx.db, grantOf(request).router.id, asked);
      const paymentId = mercadoPagoPaymentId(asked);
      // The old route asked Mercado Pago and passed its 404 on as a status, with a 200.
      if (!tx) {
        return {
          success: true,
          payment_id: paymentId,
          status: 404,
          status_detail: '',
          amount: 0,
          currency_id: 'MXN',
          date_approved: null,
          date_last_updated: null,
        };
      }
      const reason = publicReason(tx);
      return {
        success: true,
        payment_id: paymentId,
        status: legacyPaymentStatus(tx),
        status_detail: tx.state === 'paid' && tx.gateway === 'mercadopago' ? 'accredited' : (reason ?? ''),
        amount: amountFromCents(tx.amount_cents),
        currency_id: tx.moneda,
        date_approved: tx.paid_at?.toISOString() ?? null,
        date_last_updated: tx.updated_at.toISOString(),
        id_transaccion: tx.id,
        estado_pago: legacyPaymentStatus(tx),
        estado: tx.state,
        motivo: reason,
        producto: {
          nombre: tx.product_name,
          precio: amountFromCents(tx.amount_cents),
          moneda: tx.moneda,
          perfil_mikrotik: tx.hotspot_profile,
        },
        tipo_usuario: tx.user_kind,
        usuario_hotspot:
          tx.state === 'paid' ? { usuario: tx.hotspot_username, contrasena: ctx.secrets.open(tx.hotspot_password_sealed) } : null,
        creado_en: tx.created_at.toISOString(),
        pagado_en: tx.paid_at?.toISOString() ?? null,
        ...planUserView(tx),
        canal: tx.channel,
        efectivo: tx.channel === 'cash' ? cashVoucherView(tx) : null,
      };
    },
  );
};

/** Why the attempt is where it is, for the portal: a router failure's cause names the router's address, so it says only the fact. */
function publicReason(tx: TransactionRow): string | null {
  return tx.state === 'router_failed' ? 'Router no disponible' : tx.reason;
}
