/**
 * The payment routes: `POST /api/v1/payments/pagar-conekta`, `.../pagar-mercado-pago` and
 * `GET /api/v1/payments/estado-pago/{id}`. The purchase itself is src/payments/purchase.ts; this
 * module validates, applies Idempotency-Key, and turns the outcome into the old service's answers.
 */
import type { FastifyReply } from 'fastify';
import { findTransaction } from '../../db/transactions.js';
import { AmountError, amountFromCents, centsFromAmount } from '../../money.js';
import { autoConnect, type AutoConnectResult } from '../../payments/auto-connect.js';
import type { GatewayName } from '../../payments/gateways/gateway.js';
import { IdempotencyKeys } from '../../payments/idempotency.js';
import { outcomeOf, runPurchase, type PurchaseOutcome } from '../../payments/purchase.js';
import { apiKeyAuth, grantOf } from '../auth.js';
import type { RouteModule } from '../context.js';
import { HttpError } from '../errors.js';
import { type Answer, answerOnce, idempotencyKeyHeaders } from '../keyed-answer.js';
import { clientDevice, configuredGateway, portalDocs, requireSellableProduct } from '../portal.js';
import { type Static, Type } from 'typebox';
import { autoConnectSchema, closedObject, emailInput, errorSchema, idParam, nameInput, planUserProps, rowIdInput } from '../schemas.js';
import { cashVoucherSchema, cashVoucherView, PAYMENT_STATUS_NAMES, planUserView } from '../views.js';

const optionalStr = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

const paymentProps = {
  producto_id: rowIdInput,
  token_tarjeta: Type.String({ minLength: 1, maxLength: 500 }),
  nombre_cliente: nameInput,
  email_cliente: emailInput,
  telefono_cliente: optionalStr(30),
  tipo_usuario: Type.Optional(Type.Union([Type.Literal('usuario_contrasena'), Type.Literal('pin')], { default: 'usuario_contrasena' })),
  mac_cliente: optionalStr(17),
  ip_cliente: optionalStr(15),
  conexion_automatica: Type.Optional(Type.Boolean({ default: false })),
};

const conektaPaymentBody = closedObject(paymentProps);
const mercadoPagoPaymentBody = closedObject({
  ...paymentProps,
  payment_method_id: Type.String({ minLength: 1, maxLength: 50 }),
  issuer_id: optionalStr(50),
  cuotas: Type.Optional(Type.Integer({ minimum: 1, maximum: 48, default: 1 })),
  device_id: optionalStr(200),
  monto: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }),
});

/** Either gateway's body (the Mercado Pago fields absent for Conekta). */
type PaymentBody = Static<typeof conektaPaymentBody> & Partial<Static<typeof mercadoPagoPaymentBody>>;

/** The success answer, as the old service gave it. */
const successSchema = {
  type: 'object',
  properties: {
    success: { type: 'boolean' },
    id_transaccion: { type: 'string' },
    estado_pago: { type: 'string' },
    tipo_usuario: { type: 'string' },
    usuario_hotspot: { type: 'object', properties: { usuario: { type: 'string' }, contrasena: { type: 'string' } } },
    producto: {
      type: 'object',
      properties: {
        nombre: { type: 'string' },
        precio: { type: 'number' },
        moneda: { type: 'string' },
        perfil_mikrotik: { type: 'string' },
      },
    },
    cliente: { type: 'object', properties: { nombre: { type: 'string' }, email: { type: 'string' } } },
    timestamp: { type: 'string' },
    auto_conexion: autoConnectSchema,
  },
} as const;

/** An error answer that also names the attempt, so the portal can poll estado-pago. */
const failureSchema = {
  type: 'object',
  properties: { detail: {}, id_transaccion: { type: 'string' }, estado_pago: { type: 'string' }, success: { type: 'boolean' } },
} as const;

export const portalPaymentRoutes: RouteModule = (app, ctx) => {
  const services = ctx.payments;
  const onRequest = apiKeyAuth(ctx);
  const common = portalDocs;
  const idempotency = new IdempotencyKeys(ctx.db, ctx.secrets, ctx.now);
  const response = {
    200: successSchema,
    202: failureSchema,
    401: errorSchema,
    402: failureSchema,
    404: errorSchema,
    409: errorSchema,
    422: errorSchema,
    429: errorSchema,
    502: failureSchema,
    503: failureSchema,
  };

  const send = (reply: FastifyReply, answer: Answer) => reply.code(answer.statusCode).send(answer.body);

  const route = (path: string, gateway: GatewayName, body: typeof conektaPaymentBody | typeof mercadoPagoPaymentBody) =>
    app.post(
      path,
      {
        onRequest,
        schema: {
          ...common,
          summary: `Buys a plan, paid through ${gateway === 'conekta' ? 'Conekta' : 'Mercado Pago'}: creates the hotspot user, charges the card, answers the credentials`,
          headers: idempotencyKeyHeaders,
          body,
          response,
        },
      },
      async (request, reply) => {
        const grant = grantOf(request);
        const key = request.headers['idempotency-key'];
        const by = { key: typeof key === 'string' ? key : undefined, routerId: grant.router.id, route: path, body: request.body };
        return send(
          reply,
          await answerOnce(idempotency, by, {
            run: async (transactionId) => {
              const { answer, outcome } = await pay(request.body, gateway, grant, request.ip, transactionId);
              // A router failure charged nothing: worth retrying with the same key. Every other answer is final.
              return { answer, retryable: outcome.kind === 'router_failed' };
            },
            answerOf: (transaction) => answerOf(outcomeOf(ctx.secrets, transaction), notConnected(undefined, undefined)),
          }),
        );
      },
    );

  route('/api/v1/payments/pagar-conekta', 'conekta', conektaPaymentBody);
  route('/api/v1/payments/pagar-mercado-pago', 'mercadopago', mercadoPagoPaymentBody);

  async function pay(
    body: PaymentBody,
    gatewayName: GatewayName,
    grant: ReturnType<typeof grantOf>,
    address: string,
    transactionId?: string,
  ): Promise<{ answer: Answer; outcome: PurchaseOutcome }> {
    const product = await requireSellableProduct(ctx, grant, body.producto_id);
    if (gatewayName === 'mercadopago' && amountCents(body.monto) !== product.price_cents) {
      throw new HttpError(422, 'El monto no coincide con el precio del plan');
    }
    const { mac, ip } = clientDevice(body.mac_cliente, body.ip_cliente);
    const gateway = configuredGateway(ctx, grant.company, gatewayName);
    const attempt = await ctx.purchaseThrottle.begin({ apiKeyId: grant.keyId, address, mac });
    const exec = services.routerExec(grant.router);
    const outcome = await runPurchase({ db: ctx.db, secrets: ctx.secrets, now: ctx.now }, exec, {
      companyId: grant.company.id,
      routerId: grant.router.id,
      product: product,
      gateway,
      cardToken: body.token_tarjeta,
      customer: { name: body.nombre_cliente, email: body.email_cliente, phone: body.telefono_cliente },
      userKind: body.tipo_usuario ?? 'usuario_contrasena',
      mac,
      ip,
      mercadoPago: {
        paymentMethodId: body.payment_method_id ?? '',
        issuerId: body.issuer_id,
        installments: body.cuotas ?? 1,
        deviceId: body.device_id,
      },
      transactionId,
    });
    await attempt.settle(outcome.kind === 'declined');
    if (outcome.kind === 'router_failed') app.log.warn({ transactionId: outcome.transaction.id, reason: outcome.reason }, 'router failed');
    const login: AutoConnectResult =
      outcome.kind === 'paid' && body.conexion_automatica && mac
        ? await autoConnect(exec, { username: outcome.credentials.username, password: outcome.credentials.password, mac, ip })
        : notConnected(mac, ip);
    return { answer: answerOf(outcome, login), outcome };
  }

  /** The answer for a purchase's outcome: the credentials when paid, else `failureAnswer`. */
  function answerOf(outcome: PurchaseOutcome, login: AutoConnectResult): Answer {
    if (outcome.kind !== 'paid') return failureAnswer(outcome);
    const tx = outcome.transaction;
    return {
      statusCode: 200,
      body: {
        success: true,
        id_transaccion: tx.id,
        estado_pago: PAYMENT_STATUS_NAMES[tx.state],
        tipo_usuario: tx.user_kind,
        usuario_hotspot: { usuario: outcome.credentials.username, contrasena: outcome.credentials.password },
        producto: {
          nombre: tx.product_name,
          precio: amountFromCents(tx.amount_cents),
          moneda: tx.moneda,
          perfil_mikrotik: tx.hotspot_profile,
        },
        cliente: { nombre: tx.cliente_nombre, email: tx.cliente_email },
        timestamp: ctx.now().toISOString(),
        auto_conexion: login,
      },
    };
  }

  app.get<{ Params: { id: string } }>(
    '/api/v1/payments/estado-pago/:id',
    {
      onRequest,
      schema: {
        ...common,
        summary: 'A purchase attempt of this router: its state, and the credentials once it is paid',
        params: { type: 'object', properties: { id: idParam }, required: ['id'] },
        response: {
          200: {
            type: 'object',
            properties: {
              id_transaccion: { type: 'string' },
              estado_pago: { type: 'string' },
              motivo: { type: ['string', 'null'] },
              producto: successSchema.properties.producto,
              tipo_usuario: { type: 'string' },
              usuario_hotspot: { ...successSchema.properties.usuario_hotspot, nullable: true },
              creado_en: { type: 'string' },
              pagado_en: { type: ['string', 'null'] },
              ...planUserProps,
              canal: { type: 'string', enum: ['card', 'cash'] },
              efectivo: { ...cashVoucherSchema, nullable: true },
            },
          },
          401: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request) => {
      const tx = await findTransaction(ctx.db, request.params.id, { routerId: grantOf(request).router.id });
      if (!tx) throw new HttpError(404, 'Transacción no encontrada');
      return {
        id_transaccion: tx.id,
        estado_pago: PAYMENT_STATUS_NAMES[tx.state],
        // A router failure's cause names the router's address: the portal gets the fact, the log has the cause.
        motivo: tx.state === 'router_failed' ? 'Router no disponible' : tx.reason,
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

/** The device was not logged in: say why. */
function notConnected(mac: string | undefined, ip: string | undefined): AutoConnectResult {
  return {
    estado: 'no_conectado',
    mac: mac ?? null,
    ip: ip ?? null,
    mensaje: mac ? 'Conexión automática no solicitada' : 'Sin dirección MAC',
  };
}

function amountCents(monto: number | undefined): number | undefined {
  try {
    return monto === undefined ? undefined : centsFromAmount(monto);
  } catch (error) {
    if (error instanceof AmountError) return undefined;
    throw error;
  }
}

/** Every outcome but paid, as the portal sees it: status code and `{detail, id_transaccion, estado_pago}`. */
function failureAnswer(outcome: Exclude<PurchaseOutcome, { kind: 'paid' }>): Answer {
  const tx = outcome.transaction;
  const body = (detail: string) => ({ success: false, detail, id_transaccion: tx.id, estado_pago: PAYMENT_STATUS_NAMES[tx.state] });
  switch (outcome.kind) {
    case 'declined':
      return { statusCode: 402, body: body(outcome.reason) };
    case 'gateway_failed':
      return { statusCode: 502, body: body(`La pasarela de pago no procesó el cobro: ${outcome.reason}`) };
    case 'router_failed':
      // The router answered with a refusal (502) or could not be reached at all (503); either way nothing was charged.
      return outcome.routerAnswered
        ? { statusCode: 502, body: body(`El router rechazó crear el usuario; no se realizó ningún cobro: ${outcome.reason}`) }
        : // The cause names the router's address: it goes to the log, not to the portal.
          { statusCode: 503, body: body('Router no disponible; no se realizó ningún cobro') };
    case 'unresolved':
      return { statusCode: 202, body: body('No se pudo confirmar el pago; se verificará con la pasarela. Consulte estado-pago.') };
  }
}
