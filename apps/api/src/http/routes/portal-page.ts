/**
 * The hosted portal page: `GET /portal/{router id}` (the page) and the three same-origin calls its
 * script makes (purchase, a purchase's state, recovery). No API key and no cookie: the router id is
 * public, and what a call can do needs a card token, a transaction id or a receipt. Calls must be
 * JSON from this origin (a cross-site form cannot send them) and are throttled in the database.
 * A sale (card or cash) carries the page's key for the attempt: a double click or a retry is the
 * same sale. The flows are src/portal/checkout.ts; the HTML is src/portal/page.ts.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { findCompany } from '../../db/companies.js';
import { listProducts } from '../../db/products.js';
import { findRouter } from '../../db/routers.js';
import { isValidClientIp, normalizeMac } from '../../payments/auto-connect.js';
import { chapResponse, parseChap, type ChapChallenge } from '../../portal/chap.js';
import {
  CheckoutRefusedError,
  PORTAL_KEY_PREFIX,
  PortalCheckout,
  type CheckoutRefusal,
  type PortalAnswer,
  type PortalSite,
} from '../../portal/checkout.js';
import { IdempotencyKeys } from '../../payments/idempotency.js';
import { langFrom } from '../../portal/i18n.js';
import { cardSdkFor, renderPortalPage, type HotspotVariables } from '../../portal/page.js';
import { newNonce, portalPolicy } from '../../portal/csp.js';
import { logoUrl } from '../../branding/logo.js';
import { logoFileOf } from '../../db/company-logos.js';
import type { Limit } from '../../security/throttle.js';
import type { RouteModule } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import { answerOnce } from '../keyed-answer.js';
import { closedObject, emailInput, nameInput, rowIdInput } from '../schemas.js';

/**
 * Per client address: page loads and polls; recovery attempts (also per router, against guessing
 * receipts). Purchases take the API's limits (PurchaseThrottle), the router standing for the API key.
 */
export const PORTAL_LIMITS: Record<'page' | 'recover' | 'recoverPerRouter', Limit> = {
  page: { maxAttempts: 120, windowSeconds: 60 },
  recover: { maxAttempts: 10, windowSeconds: 900 },
  recoverPerRouter: { maxAttempts: 200, windowSeconds: 900 },
};

/** The hotspot's variables, as the router's login.html sends them (src/portal/kit.ts): open, every one a string. */
const pageQuery = Type.Record(Type.String(), Type.String());
type PageQuery = Partial<Static<typeof pageQuery>>;

const str = (maxLength: number) => Type.String({ maxLength });
const optionalStr = (maxLength: number) => Type.Optional(str(maxLength));
/** What the page says of the device: the hotspot's variables, and whether the service should log it in itself. */
const deviceProps = {
  mac: optionalStr(17),
  ip: optionalStr(15),
  chap_id: optionalStr(256),
  chap_challenge: optionalStr(256),
  server_login: Type.Optional(Type.Boolean({ default: false })),
};
const customerProps = { producto_id: rowIdInput, name: nameInput, email: emailInput, phone: optionalStr(30) };
/** The page's key for one sale attempt (16 random bytes in hex): the same key is the same sale. */
const saleKey = Type.String({ pattern: '^[0-9a-f]{32}$' });

const routerParams = closedObject({ rid: Type.String({ maxLength: 64 }) });
const purchaseBody = closedObject({
  key: saleKey,
  card_token: Type.String({ minLength: 1, maxLength: 500 }),
  card_last4: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })),
  // Mercado Pago's card form data (getCardFormData).
  payment_method_id: optionalStr(40),
  issuer_id: optionalStr(40),
  installments: Type.Optional(Type.Integer({ minimum: 1, maximum: 48 })),
  ...customerProps,
  ...deviceProps,
});
const cashBody = closedObject({ key: saleKey, ...customerProps, ...deviceProps });
/** What beginSale reads of a sale's body (card or cash). */
type SaleBody = Omit<Static<typeof cashBody>, 'key'>;
type DeviceFields = Pick<SaleBody, keyof typeof deviceProps>;
const recoverBody = closedObject({
  receipt: optionalStr(20),
  email: Type.Optional(emailInput),
  last4: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })),
  ...deviceProps,
});
const chapQuery = closedObject({ chap_id: optionalStr(256), chap_challenge: optionalStr(256) });

/** Only http(s) URLs are used as a form's target or a redirect. */
function httpUrl(value: string | undefined): string | undefined {
  if (!value || value.length > 2000 || !URL.canParse(value)) return undefined;
  return /^https?:$/.test(new URL(value).protocol) ? value : undefined;
}

function decoded(value: string | undefined): string | undefined {
  try {
    return value === undefined ? undefined : decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

function hotspotOf(query: PageQuery): HotspotVariables {
  const ip = query.ip && isValidClientIp(query.ip) ? query.ip : undefined;
  return {
    mac: (query.mac && normalizeMac(query.mac)) || undefined,
    ip,
    linkLoginOnly: httpUrl(query['link-login-only']),
    linkOrig: httpUrl(query['link-orig'] ?? decoded(query['link-orig-esc'])),
    chap: parseChap(query['chap-id'], query['chap-challenge']),
    error: query.error?.slice(0, 200) || undefined,
    identity: query.identity?.slice(0, 100) || undefined,
  };
}

/** Refuses a call that does not come from this origin's page (a cross-site request). */
function requireSameOrigin(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new HttpError(403, 'Solicitud de otro origen');
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `${request.protocol}://${request.host}`) throw new HttpError(403, 'Solicitud de otro origen');
}

const REFUSAL_STATUS: Record<CheckoutRefusal, number> = { 'key-reused': 422, 'in-progress': 409, 'gateway-not-configured': 503 };

/** The cash sale's route, as its keys' requests are fingerprinted. */
const CASH_ROUTE = '/portal/:rid/cash';

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

export const portalPageRoutes: RouteModule = (app, ctx) => {
  const checkout = new PortalCheckout(ctx);
  const keys = new IdempotencyKeys(ctx.db, ctx.secrets, ctx.now);
  const common = { tags: ['hosted portal page'] };

  async function siteOf(routerId: string): Promise<PortalSite> {
    const router = await findRouter(ctx.db, routerId);
    const company = router?.activo ? await findCompany(ctx.db, router.empresa_id) : undefined;
    if (!router || !company?.activa) throw notFound('Portal no encontrado');
    return { company: company, router };
  }

  const limit = (request: FastifyRequest, name: keyof typeof PORTAL_LIMITS, extra: Array<{ bucket: string; limit: Limit }> = []) =>
    ctx.throttle.reserve([{ bucket: `portal-${name}:${request.ip}`, limit: PORTAL_LIMITS[name] }, ...extra]);

  /** The answer for the page: the router login's password field (CHAP response or the password), and the server-side login when asked. */
  async function withLogin(site: PortalSite, answer: PortalAnswer, device: DeviceFields) {
    if (answer.status !== 'paid') return answer;
    const chap: ChapChallenge | undefined = parseChap(device.chap_id, device.chap_challenge);
    const mac = device.mac ? normalizeMac(device.mac) : undefined;
    const ip = device.ip && isValidClientIp(device.ip) ? device.ip : undefined;
    const connected =
      device.server_login && mac
        ? (await checkout.loginFromServer(site, { username: answer.username, password: answer.password, mac, ip })).estado === 'conectado'
        : false;
    return { ...answer, login_password: chap ? chapResponse(chap, answer.password) : answer.password, connected };
  }

  app.get(
    '/portal/:rid',
    {
      schema: {
        ...common,
        summary: "The router's hosted payment page (HTML), opened by the hotspot's login.html",
        params: routerParams,
        querystring: pageQuery,
      },
    },
    async (request, reply) => {
      await limit(request, 'page');
      const site = await siteOf(request.params.rid);
      const [plans, logoFile] = await Promise.all([
        listProducts(ctx.db, site.company.id, { routerId: site.router.id, onlyActive: true }),
        logoFileOf(ctx.db, site.company.id),
      ]);
      const hotspot = hotspotOf(request.query);
      const sdk = cardSdkFor(site.company, ctx.config);
      const nonce = newNonce();
      const html = renderPortalPage({
        site,
        plans,
        lang: langFrom(request.headers['accept-language'], request.query.lang),
        hotspot,
        sdk,
        basePath: `/portal/${encodeURIComponent(site.router.id)}`,
        logoUrl: logoUrl(logoFile ?? null),
        nonce,
      });
      const policy = portalPolicy({ nonce, sdk, loginUrl: hotspot.linkLoginOnly, destinationUrl: hotspot.linkOrig });
      return reply
        .headers({ ...SECURITY_HEADERS, 'content-security-policy': policy })
        .type('text/html; charset=utf-8')
        .send(html);
    },
  );

  /** What a card purchase and a cash sale check first: the call is the page's own, the plan is on sale at this router, the empresa has a gateway. */
  async function beginSale(request: FastifyRequest, routerId: string, body: SaleBody) {
    requireSameOrigin(request);
    const site = await siteOf(routerId);
    const plans = await listProducts(ctx.db, site.company.id, { routerId: site.router.id, onlyActive: true });
    const product = plans.find((p) => p.id === body.producto_id);
    if (!product) throw notFound('Producto no encontrado');
    const sdk = cardSdkFor(site.company, ctx.config);
    if (!sdk) throw new HttpError(REFUSAL_STATUS['gateway-not-configured'], 'gateway-not-configured');
    const mac = body.mac ? normalizeMac(body.mac) : undefined;
    const ip = body.ip && isValidClientIp(body.ip) ? body.ip : undefined;
    const customer = { name: body.name, email: body.email, phone: body.phone || undefined };
    return { site, product, gateway: sdk.gateway, customer, mac, ip };
  }

  /** One more sale attempt under the card-testing limits (PurchaseThrottle), the router standing for the API key; 429 past them. */
  const reserveAttempt = (request: FastifyRequest, site: PortalSite, mac: string | undefined) =>
    ctx.purchaseThrottle.begin({ apiKeyId: `portal:${site.router.id}`, address: request.ip, mac });

  const sendAnswer = (reply: FastifyReply, body: unknown) => reply.headers(SECURITY_HEADERS).send(body);

  app.post(
    '/portal/:rid/purchases',
    {
      schema: {
        ...common,
        summary: "The page's purchase: a plan, paid with a card token from the gateway's SDK, once per key",
        params: routerParams,
        body: purchaseBody,
      },
    },
    async (request, reply) => {
      const body = request.body;
      const { site, product, gateway, customer, mac, ip } = await beginSale(request, request.params.rid, body);
      try {
        const answer = await checkout.purchase(
          site,
          {
            key: body.key,
            product,
            gateway,
            cardToken: body.card_token,
            cardLast4: body.card_last4,
            customer,
            mac,
            ip,
            mercadoPago:
              gateway === 'mercadopago'
                ? {
                    paymentMethodId: body.payment_method_id ?? '',
                    issuerId: body.issuer_id || undefined,
                    installments: body.installments ?? 1,
                  }
                : undefined,
          },
          () => reserveAttempt(request, site, mac),
        );
        return sendAnswer(reply, await withLogin(site, answer, body));
      } catch (error) {
        if (error instanceof CheckoutRefusedError) throw new HttpError(REFUSAL_STATUS[error.code], error.code);
        throw error;
      }
    },
  );

  app.post(
    CASH_ROUTE,
    {
      schema: {
        ...common,
        summary: "The page's cash sale: a reference to pay at a store, once per key; the page then polls the purchase until it is paid",
        params: routerParams,
        body: cashBody,
      },
    },
    async (request, reply) => {
      const { key, ...order } = request.body;
      const { site, product, gateway, customer, mac, ip } = await beginSale(request, request.params.rid, order);
      if (!site.company.sells_cash) throw notFound('Esta red no acepta pagos en efectivo');
      try {
        const answer = await answerOnce(
          keys,
          { key: PORTAL_KEY_PREFIX + key, routerId: site.router.id, route: CASH_ROUTE, body: order },
          {
            run: async (transactionId) => {
              // Inside the key: a replay is not one more attempt.
              const attempt = await reserveAttempt(request, site, mac);
              const sale = await checkout.cash(site, { product, gateway, customer, mac, ip, transactionId });
              // A reference the gateway refused counts like a declined card (the same limits stop a script).
              await attempt.settle(sale.status === 'failed');
              // Recorded whatever the gateway said: an unconfirmed reference is found by reconciliation.
              return { answer: { statusCode: 200, body: sale }, retryable: false };
            },
            answerOf: async (tx) => ({ statusCode: 200, body: await checkout.answerFor(tx) }),
          },
        );
        return sendAnswer(reply.code(answer.statusCode), answer.body);
      } catch (error) {
        if (error instanceof CheckoutRefusedError) throw new HttpError(REFUSAL_STATUS[error.code], error.code);
        throw error;
      }
    },
  );

  app.get(
    '/portal/:rid/purchases/:tid',
    {
      schema: {
        ...common,
        summary: 'A purchase made on the page, as it stands now (the page polls a pending one)',
        params: closedObject({ rid: Type.String({ maxLength: 64 }), tid: Type.String({ maxLength: 64 }) }),
        querystring: chapQuery,
      },
    },
    async (request, reply) => {
      requireSameOrigin(request);
      await limit(request, 'page');
      const site = await siteOf(request.params.rid);
      const answer = await checkout.status(site, request.params.tid);
      if (!answer) throw notFound('Compra no encontrada');
      return sendAnswer(reply, await withLogin(site, answer, request.query));
    },
  );

  app.post(
    '/portal/:rid/recover',
    {
      schema: {
        ...common,
        summary: '"Ya pagué": the credentials of a paid purchase, by receipt code or by e-mail and the card\'s last four digits',
        params: routerParams,
        body: recoverBody,
      },
    },
    async (request, reply) => {
      requireSameOrigin(request);
      const body = request.body;
      const by = body.receipt ? { receipt: body.receipt } : body.email && body.last4 ? { email: body.email, last4: body.last4 } : undefined;
      if (!by) throw new HttpError(422, 'Indique el código de recibo, o el correo y los últimos 4 dígitos de la tarjeta');
      await limit(request, 'recover', [{ bucket: `portal-recover-router:${request.params.rid}`, limit: PORTAL_LIMITS.recoverPerRouter }]);
      const site = await siteOf(request.params.rid);
      const answer = await checkout.recover(site, by);
      if (!answer) throw notFound('No se encontró una compra pagada con esos datos');
      return sendAnswer(reply, await withLogin(site, answer, body));
    },
  );
};
