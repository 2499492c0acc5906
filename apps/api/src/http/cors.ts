/**
 * CORS as the old service's Starlette `CORSMiddleware` answered it (LEGACY-API.md §2), with two
 * policies chosen by the route's credential:
 *
 * - A route that takes a router API key (the captive portal, a page the router serves from its own
 *   origin such as `http://10.5.50.1`) answers every origin. Its only credential is a header the page
 *   must already hold, never a cookie, so another site's page gains nothing a direct request would not
 *   give it; this is why operators no longer list every router in BACKEND_CORS_ORIGINS.
 * - Every other route (admin sessions, the console's cookie, webhooks, unknown paths) answers only
 *   the origins of BACKEND_CORS_ORIGINS, as the old service did for all routes.
 *
 * Both echo the origin with `Access-Control-Allow-Credentials: true`, as the old service did: a
 * legacy portal that calls with `credentials: 'include'` (or jQuery's `withCredentials`) is refused
 * by the browser without it, and on the API-key routes no cookie is ever read, so it grants nothing.
 *
 * The headers are set in `onRequest`, before authentication, validation and the handler, so every
 * answer, 401, 422, 404 and 500 included, carries them and a browser can read the JSON `detail`
 * (the old service's 500s had none). A preflight is answered by an OPTIONS route added next to every
 * route, so it knows the policy of the route it asks about; an OPTIONS without the preflight headers
 * is a 404 as before.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { takesApiKey } from './auth.js';

/** Which origins a route answers. */
export type CorsPolicy = 'any-origin' | 'allow-list';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set for every route by `registerCors` from its auth hooks. */
    cors?: CorsPolicy;
    /** On the OPTIONS route of a URL: the policy of each method registered there. */
    corsPreflight?: Map<string, CorsPolicy>;
  }
}

/** Starlette's answer to `allow_methods=["*"]`. */
const ALLOWED_METHODS = 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT';
/** Starlette's default `max_age`, in seconds. */
const MAX_AGE_SECONDS = '600';

/**
 * Adds the CORS headers to every answer and an OPTIONS route for every URL. Call before any route is
 * registered. @param allowList BACKEND_CORS_ORIGINS: exact origins, or `*` for any.
 */
export function registerCors(app: FastifyInstance, allowList: readonly string[]): void {
  const anyListed = allowList.includes('*');
  const allows = (policy: CorsPolicy, origin: string) => policy === 'any-origin' || anyListed || allowList.includes(origin);
  const preflightOf = new Map<string, Map<string, CorsPolicy>>();

  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.includes('OPTIONS')) return;
    const policy: CorsPolicy = takesApiKey(route.onRequest) ? 'any-origin' : 'allow-list';
    route.config = { ...route.config, cors: policy };
    let byMethod = preflightOf.get(route.url);
    if (!byMethod) {
      byMethod = new Map();
      preflightOf.set(route.url, byMethod);
      // On the root instance: `route.url` already carries a plugin's prefix, which its own instance would add again.
      app.route({ method: 'OPTIONS', url: route.url, schema: { hide: true }, config: { corsPreflight: byMethod }, handler: preflight });
    }
    for (const method of methods) byMethod.set(method, policy);
  });
  // A preflight for a URL no route has: the strict policy answers it, as Starlette answered before routing.
  app.options('/*', { schema: { hide: true }, config: { corsPreflight: new Map() } }, preflight);

  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    const policy = request.routeOptions.config.cors ?? 'allow-list';
    if (origin === undefined || request.routeOptions.config.corsPreflight) return;
    reply.header('vary', 'Origin');
    if (!allows(policy, origin)) return;
    // Starlette sends `*` for a listed `*` unless the request carries a cookie (a browser refuses `*` with credentials).
    const echo = policy === 'any-origin' || !anyListed || request.headers.cookie !== undefined;
    reply.header('access-control-allow-origin', echo ? origin : '*');
    reply.header('access-control-allow-credentials', 'true');
  });

  async function preflight(request: FastifyRequest, reply: FastifyReply) {
    const origin = request.headers.origin;
    const method = request.headers['access-control-request-method'];
    if (origin === undefined || typeof method !== 'string') return reply.callNotFound();
    const policy = request.routeOptions.config.corsPreflight?.get(method.toUpperCase()) ?? 'allow-list';
    reply.header('vary', 'Origin');
    reply.header('access-control-allow-methods', ALLOWED_METHODS);
    reply.header('access-control-max-age', MAX_AGE_SECONDS);
    reply.header('access-control-allow-credentials', 'true');
    const headers = request.headers['access-control-request-headers'];
    if (typeof headers === 'string') reply.header('access-control-allow-headers', headers);
    reply.type('text/plain; charset=utf-8');
    if (!allows(policy, origin)) return reply.code(400).send('Disallowed CORS origin');
    reply.header('access-control-allow-origin', origin);
    return reply.code(200).send('OK');
  }
}
