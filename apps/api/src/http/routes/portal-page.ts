/**
 * The hosted portal page: `GET /portal/{router id}` (the page) and the three same-origin calls its
 * script makes (purchase, a purchase's state, recovery). No API key and no cookie: the router id is
 * public, and what a call can do needs a card token, a transaction id or a receipt. Calls must be
 * JSON from this origin (a cross-site form cannot send them) and are throttled in the database.
 * The flows are src/portal/checkout.ts; the HTML is src/portal/page.ts.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { findCompany } from '../../db/companies.js';
import { listProducts } from '../../db/products.js';
import { findRouter } from '../../db/routers.js';
import { isValidClientIp, normalizeMac } from '../../payments/auto-connect.js';
import { chapResponse, parseChap, type ChapChallenge } from '../../portal/chap.js';
import { CheckoutRefusedError, PortalCheckout, type CheckoutRefusal, type PortalAnswer, type PortalSite } from '../../portal/checkout.js';
import { langFrom } from '../../portal/i18n.js';
import { cardSdkFor, renderPortalPage, type HotspotVariables } from '../../portal/page.js';
import { newNonce, portalPolicy } from '../../portal/csp.js';
import { logoUrl } from '../../branding/logo.js';
import { logoFileOf } from '../../db/company-logos.js';
import type { Limit } from '../../security/throttle.js';
import type { RouteModule } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import { emailInput, nameInput } from '../schemas.js';

/**
 * Per client address: page loads and polls; recovery attempts (also per router, against guessing
 * receipts). Purchases take the API's limits (PurchaseThrottle), the router standing for the API key.
 */
export const PORTAL_LIMITS: Record<'page' | 'recover' | 'recoverPerRouter', Limit> = {
  page: { maxAttempts: 120, windowSeconds: 60 },
  recover: { maxAttempts: 10, windowSeconds: 900 },
  recoverPerRouter: { maxAttempts: 200, windowSeconds: 900 },
};

type PageQuery = Record<string, string | undefined>;
type RouterParams = { rid: string };

interface DeviceBody {
  mac?: string;
  ip?: string;
  chap_id?: string;
  chap_challenge?: string;
  server_login?: boolean;
}

interface CashBody extends DeviceBody {
  producto_id: number;
  name: string;
  email: string;
  phone?: string;
}

interface PurchaseBody extends CashBody {
  key: string;
  card_token: string;
  card_last4?: string;
  /** Mercado Pago's card form data (getCardFormData). */
  payment_method_id?: string;
  issuer_id?: string;
  installments?: number;
}

interface RecoverBody extends DeviceBody {
  receipt?: string;
  email?: string;
  last4?: string;
}

const str = (maxLength: number) => ({ type: 'string', maxLength }) as const;
const deviceProps = {
  mac: str(17),
  ip: str(15),
  chap_id: str(256),
  chap_challenge: str(256),
  server_login: { type: 'boolean', default: false },
} as const;

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

const customerProps = { producto_id: { type: 'integer', minimum: 1 }, name: nameInput, email: emailInput, phone: str(30) } as const;

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

export const portalPageRoutes: RouteModule = (app, ctx) => {
  const checkout = new PortalCheckout(ctx);
  const params = { type: 'object', properties: { rid: { type: 'string', maxLength: 64 } }, required: ['rid'] } as const;
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
  async function withLogin(site: PortalSite, answer: PortalAnswer, device: DeviceBody) {
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

  app.get<{ Params: RouterParams; Querystring: PageQuery }>(
    '/portal/:rid',
    { schema: { ...common, summary: "The router's hosted payment page (HTML), opened by the hotspot's login.html", params } },
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

  /**
   * What a card purchase and a cash sale check first: the call is the page's own, the plan is on
   * sale at this router, the empresa has a gateway, and the card-testing limits allow one more.
   */
  async function beginSale(request: FastifyRequest<{ Params: RouterParams; Body: CashBody }>) {
    requireSameOrigin(request);
    const site = await siteOf(request.params.rid);
    const body = request.body;
    const plans = await listProducts(ctx.db, site.company.id, { routerId: site.router.id, onlyActive: true });
    const product = plans.find((p) => p.id === body.producto_id);
    if (!product) throw notFound('Producto no encontrado');
    const sdk = cardSdkFor(site.company, ctx.config);
    if (!sdk) throw new HttpError(REFUSAL_STATUS['gateway-not-configured'], 'gateway-not-configured');
    const mac = body.mac ? normalizeMac(body.mac) : undefined;
    const ip = body.ip && isValidClientIp(body.ip) ? body.ip : undefined;
    const attempt = await ctx.purchaseThrottle.begin({ apiKeyId: `portal:${site.router.id}`, address: request.ip, mac });
    const customer = { name: body.name, email: body.email, phone: body.phone || undefined };
    return { site, producto: product, gateway: sdk.gateway, customer, mac, ip, attempt };
  }

  const sendAnswer = (reply: FastifyReply, body: unknown) => reply.headers(SECURITY_HEADERS).send(body);

  app.post<{ Params: RouterParams; Body: PurchaseBody }>(
    '/portal/:rid/purchases',
    {
      schema: {
        ...common,
        summary: "The page's purchase: a plan, paid with a card token from the gateway's SDK, once per key",
        params,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['key', 'producto_id', 'card_token', 'name', 'email'],
          properties: {
            key: { type: 'string', pattern: '^[0-9a-f]{32}$' },
            card_token: { type: 'string', minLength: 1, maxLength: 500 },
            card_last4: { type: 'string', pattern: '^[0-9]{4}$' },
            payment_method_id: str(40),
            issuer_id: str(40),
            installments: { type: 'integer', minimum: 1, maximum: 48 },
            ...customerProps,
            ...deviceProps,
          },
        },
      },
    },
    async (request, reply) => {
      const { site, producto: product, gateway, customer, mac, ip, attempt } = await beginSale(request);
      const body = request.body;
      try {
        const answer = await checkout.purchase(site, {
          key: body.key,
          product: product,
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
        });
        await attempt.settle(answer.status === 'declined');
        return sendAnswer(reply, await withLogin(site, answer, body));
      } catch (error) {
        if (error instanceof CheckoutRefusedError) throw new HttpError(REFUSAL_STATUS[error.code], error.code);
        throw error;
      }
    },
  );

  app.post<{ Params: RouterParams; Body: CashBody }>(
    '/portal/:rid/cash',
    {
      schema: {
        ...common,
        summary: "The page's cash sale: a reference to pay at a store; the page then polls the purchase until it is paid",
        params,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['producto_id', 'name', 'email'],
          properties: { ...customerProps, ...deviceProps },
        },
      },
    },
    async (request, reply) => {
      const { site, producto: product, gateway, customer, mac, ip, attempt } = await beginSale(request);
      if (!site.company.sells_cash) throw notFound('Esta red no acepta pagos en efectivo');
      try {
        const answer = await checkout.cash(site, { product: product, gateway, customer, mac, ip });
        await attempt.settle(false);
        return sendAnswer(reply, answer);
      } catch (error) {
        if (error instanceof CheckoutRefusedError) throw new HttpError(REFUSAL_STATUS[error.code], error.code);
        throw error;
      }
    },
  );

  app.get<{ Params: RouterParams & { tid: string }; Querystring: { chap_id?: string; chap_challenge?: string } }>(
    '/portal/:rid/purchases/:tid',
    {
      schema: {
        ...common,
        summary: 'A purchase made on the page, as it stands now (the page polls a pending one)',
        params: { type: 'object', properties: { ...params.properties, tid: { type: 'string', maxLength: 64 } }, required: ['rid', 'tid'] },
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

  app.post<{ Params: RouterParams; Body: RecoverBody }>(
    '/portal/:rid/recover',
    {
      schema: {
        ...common,
        summary: '"Ya pagué": the credentials of a paid purchase, by receipt code or by e-mail and the card\'s last four digits',
        params,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { receipt: str(20), email: emailInput, last4: { type: 'string', pattern: '^[0-9]{4}$' }, ...deviceProps },
        },
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
